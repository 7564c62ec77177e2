import { describe, expect, it } from 'vitest';
import { privacyStatement, runsToCsv, runsToJson } from './run-store';
import type { RunRecord } from './run-record';
import { probeExportMetadata } from './probe-export';

const N = 2000;
function run(overrides: Partial<RunRecord>): RunRecord {
  return {
    id: 1,
    label: 'DP-SGD σ=1.00',
    kind: 'dp',
    dataset: 'builtin:fashion-mnist',
    encoder: 'shipped',
    private: true,
    noiseMultiplier: 1,
    sampleRate: 1024 / N,
    clipNorm: 1,
    expectedBatchSize: 1024,
    epochs: 3,
    steps: 6,
    delta: 1e-5,
    epsilon: 4.2,
    accountant: 'rdp',
    testAccuracy: 0.71,
    stopReason: 'done',
    seconds: 3.2,
    backend: 'wasm',
    seedSource: 'crypto',
    curve: [0, 1, 2].map((epoch) => ({
      epoch,
      step: 2 * (epoch + 1),
      trainLoss: 1,
      trainAccuracy: 0.7,
      testLoss: 1,
      testAccuracy: 0.7,
      epsilon: 1 + epoch,
      clippedFraction: 0.9,
      meanBatchSize: 1020,
      seconds: 1,
    })),
    perClassAccuracy: new Array<number>(10).fill(0.7),
    confusion: Array.from({ length: 10 }, () => new Array<number>(10).fill(100)),
    gradientNormHistogram: {
      edges: Array.from({ length: 41 }, (_, i) => i / 10),
      counts: new Array<number>(40).fill(50),
      examples: 2000,
    },
    weights: new Float32Array(1280),
    bias: new Float32Array(10),
    visible: true,
    ...overrides,
  };
}

/** Every array anywhere in a JSON value, with its path. */
function arrays(value: unknown, path = '$'): { path: string; length: number }[] {
  if (Array.isArray(value))
    return [{ path, length: value.length }, ...value.flatMap((v, i) => arrays(v, `${path}[${i}]`))];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => arrays(v, `${path}.${k}`));
  return [];
}

describe('exports hold nothing per example', () => {
  // A run stored before #12 still carries 2,000 per-example gradient norms in IndexedDB.
  const legacy = { ...run({}), gradientNorms: Array.from({ length: 2000 }, (_, i) => i / 1000) } as RunRecord;
  const nonPrivate = run({
    id: 2,
    kind: 'non-private',
    private: false,
    epsilon: Infinity,
    label: 'Non-private',
  });
  const json = runsToJson([legacy, nonPrivate]);
  const parsed = JSON.parse(json) as { note: string; runs: Record<string, unknown>[] };

  it("JSON: no array longer than a histogram's edges (41), no norms, weights or seed", () => {
    const longest = Math.max(...arrays(parsed).map((a) => a.length));
    expect(longest).toBeLessThanOrEqual(41); // 40 bins, 41 edges (a run has N = 2,000 examples)
    expect(json).not.toMatch(/gradientNorms|"weights"|"bias"|"seed"/);
  });

  it('JSON: non-private diagnostics are grouped under a label; ε per run and composition are stated', () => {
    const r = parsed.runs[0]!;
    const diag = r['nonPrivateDiagnostics'] as Record<string, unknown>;
    expect(diag['note']).toMatch(/^Non-private diagnostics: .* not covered by ε/);
    expect(Object.keys(diag).sort()).toEqual(
      ['gradientNormHistogram', 'note', 'perClassTestAccuracy', 'perEpoch', 'testConfusionMatrix'].sort(),
    );
    expect(Object.keys((diag['perEpoch'] as object[])[0]!).sort()).toEqual(
      ['clippedFraction', 'epoch', 'meanBatchSize', 'trainAccuracy', 'trainLoss'].sort(),
    );
    // the curve outside the diagnostics has no private-training statistic
    expect(Object.keys((r['testCurve'] as object[])[0]!).sort()).toEqual(
      ['epoch', 'epsilon', 'step', 'testAccuracy', 'testLoss'].sort(),
    );
    expect(parsed.note).toMatch(/ε is per run; runs on the same private data compose/);
    // the N its q and ε are for (null for a run saved before the lab kept it)
    expect(r['trainImages']).toBeNull();
    expect(
      (JSON.parse(runsToJson([run({ trainSize: 2000 })])) as typeof parsed).runs[0]!['trainImages'],
    ).toBe(2000);
    // epochs completed, as the charts count them: 1, 2, 3 for a 3-epoch run
    expect((r['testCurve'] as { epoch: number }[]).map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect((diag['perEpoch'] as { epoch: number }[]).map((m) => m.epoch)).toEqual([1, 2, 3]);
  });

  it('a non-private run exports ε = ∞ (never 0), in JSON and CSV', () => {
    expect(parsed.runs[1]!['epsilon']).toBe('Infinity');
    expect(parsed.runs[1]!['privacy']).toEqual({
      epsilon: 'Infinity',
      note: 'no privacy: trained on your private data',
    });
    const csv = runsToCsv([nonPrivate]).split('\n');
    const col = csv[0]!.split(',').indexOf('epsilon');
    expect(csv[1]!.split(',')[col]).toBe('Infinity');
  });

  it('gives no clipping norm for a non-private run (it never clipped), and the DP run its own', () => {
    expect(parsed.runs[1]!['clipNorm']).toBeNull();
    expect(parsed.runs[0]!['clipNorm']).toBe(1);
    const csv = runsToCsv([legacy, nonPrivate]).split('\n');
    const col = csv[0]!.split(',').indexOf('clipNorm');
    expect(csv.slice(1, 3).map((l) => l.split(',')[col])).toEqual(['1', '']);
  });

  it('says, for a run on few images, how close its non-private diagnostics come to single images', () => {
    const note = (trainSize: number | undefined) =>
      (
        JSON.parse(runsToJson([run(trainSize === undefined ? {} : { trainSize })])) as {
          runs: { nonPrivateDiagnostics: { note: string } }[];
        }
      ).runs[0]!.nonPrivateDiagnostics.note;
    expect(note(96)).toContain('With only 96 training images, they come close to single images');
    expect(note(96)).toMatch(/^Non-private diagnostics: /);
    expect(note(2000)).toBe(
      'Non-private diagnostics: computed from the private data without noise; not covered by ε.',
    );
    expect(note(undefined)).not.toContain('With only');
  });

  it("names the user's images 'upload N', never by their key (a hash of the private images anyone could test)", () => {
    const a = 'upload:ea3cada4587e397bbb3af3920a0893ed';
    const b = 'upload:0123456789abcdef0123456789abcdef';
    const json = runsToJson(
      [run({ id: 1, dataset: a }), run({ id: 2, dataset: b }), run({ id: 3, dataset: a }), run({ id: 4 })],
      [{ encoder: 'shipped', dataset: b, points: [] } as never],
    );
    expect(json).not.toContain('ea3cada4587e');
    expect(json).not.toContain('0123456789abcdef');
    const out = JSON.parse(json) as { runs: { dataset: string }[]; sweeps: { dataset: string }[] };
    expect(out.runs.map((r) => r.dataset)).toEqual([
      'upload 1',
      'upload 2',
      'upload 1',
      'builtin:fashion-mnist',
    ]);
    expect(out.sweeps[0]!.dataset).toBe('upload 2');
    const meta = probeExportMetadata(run({ dataset: a }));
    expect(meta.dataset).toBe('upload');
    expect(JSON.stringify(meta)).not.toContain('ea3cada4587e');
  });
});

describe('the privacy statement', () => {
  it('says ε is per run, that runs compose, and what all runs on the data spent', () => {
    const s = privacyStatement(run({}), 'the Fashion-MNIST private training split', {
      epsilon: 7.5,
      delta: 1e-5,
      dpRuns: 2,
      reason: null,
    });
    expect(s).toContain('This ε is for this run alone: runs on the same data compose');
    expect(s).toContain('All 2 DP runs on this data together (RDP composition): ε = 7.500 at δ = 1e-5');
    expect(s).toContain('add-or-remove-one adjacency (N treated as public)');
    expect(s).toContain('cryptographic generator');
  });

  it('names the accountant the run used: RDP by default, PLD when it ran with PLD (statement, JSON, CSV)', () => {
    expect(privacyStatement(run({}), 'data')).toContain('by Rényi DP accounting (Mironov et al. 2019)');
    const pld = run({ accountant: 'pld' });
    const s = privacyStatement(pld, 'data');
    expect(s).toContain('by PLD (privacy loss distribution) accounting');
    expect(s).not.toContain('Rényi');
    const json = JSON.parse(runsToJson([pld])) as {
      runs: { privacy: { accountant: string }; accountant: string }[];
    };
    expect(json.runs[0]!.accountant).toBe('pld');
    expect(json.runs[0]!.privacy.accountant).toMatch(/^PLD \(Poisson-subsampled Gaussian/);
    const csv = runsToCsv([pld]).split('\n');
    expect(csv[1]!.split(',')[csv[0]!.split(',').indexOf('accountant')]).toBe('pld');
  });

  it("names the number of images the run trained on (a subset's q and ε are for its N), at the precision shown elsewhere", () => {
    const s = privacyStatement(run({ trainSize: 2000 }), 'the Fashion-MNIST private training split');
    expect(s).toContain('trained with DP-SGD on 2,000 images of the Fashion-MNIST private training split, ');
    // q and σ to 4 significant digits (enough to recompute ε), ε rounded up: never below the accountant's
    expect(s).toContain('q = 0.5120, noise multiplier σ = 1.000');
    expect(s).toContain('(ε = 4.200, δ = ');
    expect(privacyStatement(run({ epsilon: 1.23401 }), 'data')).toContain('(ε = 1.235, δ = ');
    // a run saved before the lab kept its N: the data's name alone
    expect(privacyStatement(run({}), 'data')).toContain('trained with DP-SGD on data, ');
  });

  it('says a user-chosen seed voids the guarantee against anyone who knows it', () => {
    const s = privacyStatement(run({ seedSource: 'user' }), 'data');
    expect(s).toContain('the guarantee does not hold against anyone who knows the seed');
  });

  it('shows ∞ with the reason once a non-private run was kept', () => {
    const s = privacyStatement(run({}), 'data', {
      epsilon: Infinity,
      delta: 1e-5,
      dpRuns: 1,
      reason: 'run 2 (Non-private probe) was trained on this data without privacy',
    });
    expect(s).toContain('All runs on this data together: ε = ∞ (run 2 (Non-private probe) was trained');
  });
});
