import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { dpSgdEpsilon } from '../privacy/accountant';
import { createRng } from '../rng';
import { l2NormalizeRows, majorityBaseline } from './features';
import { poissonSample } from './poisson';
import { clippedGradientSum, createProbe, privatise } from './probe-step';
import {
  type ProbeConfig,
  type ProbeData,
  type ProbeResult,
  DEFAULT_PROBE_CONFIG,
  ProbeTrainer,
  normHistogram,
  trainProbe,
} from './train-probe';
import { defaultDelta, planProbe } from './plan';
import { runSweep } from './sweep';
import { datasetSpent } from './dataset-ledger';
import { RdpAccountant } from '../privacy/accountant';
import { accountantFromJSON } from '../privacy/privacy-accountant';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomMatrix(rows: number, cols: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * cols }, () => scale * rng.normal());
}

/** Gaussian blobs: class c centred at 3·e_c (separable when spread is small). */
function blobs(
  n: number,
  dim: number,
  classes: number,
  spread: number,
  seed: number,
): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < dim; k++) x[i * dim + k] = spread * rng.normal() + (k === y[i] ? 3 : 0);
  return { x, y };
}

function dataset(n: number, spread = 0.3, dim = 8, classes = 4): ProbeData {
  const train = blobs(n, dim, classes, spread, 1);
  const test = blobs(400, dim, classes, spread, 2);
  return { trainX: train.x, trainY: train.y, testX: test.x, testY: test.y, dim, numClasses: classes };
}

describe('vectorised per-example clipping', () => {
  const B = 12;
  const d = 5;
  const k = 3;
  const C = 0.7;

  it('equals clipping each example’s own gradient in a loop, and every clipped norm is ≤ C', () => {
    const params = createProbe(d, k);
    params.weights.assign(tf.tensor2d(randomMatrix(d, k, 3), [d, k]));
    params.bias.assign(tf.tensor1d([0.1, -0.2, 0.3]));
    const xs = randomMatrix(B, d, 4, 2);
    const ys = Int32Array.from({ length: B }, (_, i) => i % k);
    const sum = clippedGradientSum(params, tf.tensor2d(xs, [B, d]), tf.tensor1d(ys, 'int32'), C);
    const fast = [...sum.weights.dataSync(), ...sum.bias.dataSync()];
    const norms = sum.norms.dataSync();

    // Slow truth: tf.grads of each example's loss on its own, clipped by its own norm.
    const slow = new Float64Array(d * k + k);
    let clippedSome = 0;
    for (let i = 0; i < B; i++) {
      const xi = tf.tensor2d(xs.subarray(i * d, (i + 1) * d), [1, d]);
      const yi = tf.oneHot(tf.tensor1d([ys[i]!], 'int32'), k);
      const [gW, gb] = tf.grads((w: tf.Tensor, b: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(yi, xi.matMul(w).add(b)),
      )([params.weights, params.bias]);
      const g = [...gW!.dataSync(), ...gb!.dataSync()];
      const norm = Math.hypot(...g);
      expect(norms[i]).toBeCloseTo(norm, 5);
      const c = Math.min(1, C / norm);
      if (c < 1) clippedSome++;
      expect(Math.hypot(...g.map((v) => v * c))).toBeLessThanOrEqual(C + 1e-6);
      g.forEach((v, j) => (slow[j]! += v * c));
      tf.dispose([xi, yi, gW, gb]);
    }
    expect(clippedSome).toBeGreaterThan(0); // the case exercises clipping
    fast.forEach((v, j) => expect(v).toBeCloseTo(slow[j]!, 5));
    tf.dispose([params.weights, params.bias, sum.weights, sum.bias, sum.norms, sum.loss]);
  });
});

describe('Gaussian noise', () => {
  it('has standard deviation σ·C per coordinate (within 2%) and mean 0, divided by the expected batch size', () => {
    const d = 2000;
    const k = 10;
    const sigma = 1.3;
    const C = 0.5;
    const rng = createRng(21);
    const noise = new Float32Array(d * k + k);
    rng.fillNormal(noise);
    const zero = { weights: tf.zeros([d, k]) as tf.Tensor2D, bias: tf.zeros([k]) as tf.Tensor1D };
    const out = privatise(zero, noise, sigma * C, 4); // expected batch 4
    const values = [...out.weights.dataSync(), ...out.bias.dataSync()].map((v) => v * 4);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(std / (sigma * C) - 1)).toBeLessThan(0.02);
    expect(Math.abs(mean)).toBeLessThan((4 * sigma * C) / Math.sqrt(values.length));
    tf.dispose([zero.weights, zero.bias, out.weights, out.bias]);
  });
});

describe('Poisson sampling', () => {
  it('includes each example with probability q (batch size mean Nq, variance Nq(1−q)), uniformly over examples', () => {
    const n = 1000;
    const q = 0.05;
    const draws = 4000;
    const rng = createRng(5);
    const sizes: number[] = [];
    const hits = new Float64Array(n);
    for (let t = 0; t < draws; t++) {
      const idx = poissonSample(n, q, rng);
      sizes.push(idx.length);
      for (let j = 0; j < idx.length; j++) {
        hits[idx[j]!]!++;
        if (j > 0) expect(idx[j]!).toBeGreaterThan(idx[j - 1]!);
      }
    }
    const mean = sizes.reduce((s, v) => s + v, 0) / draws;
    const variance = sizes.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1);
    expect(Math.abs(mean - n * q)).toBeLessThan(4 * Math.sqrt((n * q * (1 - q)) / draws));
    expect(variance / (n * q * (1 - q))).toBeGreaterThan(0.9);
    expect(variance / (n * q * (1 - q))).toBeLessThan(1.1);
    // first, middle and last tenth of the examples are each chosen at rate q
    for (const [a, b] of [
      [0, 100],
      [450, 550],
      [900, 1000],
    ]) {
      const rate = hits.slice(a, b).reduce((s, v) => s + v, 0) / ((b - a) * draws);
      expect(Math.abs(rate - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / ((b - a) * draws)));
    }
  });

  it('handles q = 0, q = 1 and rejects q outside [0, 1]', () => {
    const rng = createRng(1);
    expect(poissonSample(10, 0, rng).length).toBe(0);
    expect(Array.from(poissonSample(4, 1, rng))).toEqual([0, 1, 2, 3]);
    expect(() => poissonSample(10, 1.5, rng)).toThrow(/q must be in \[0, 1\], got 1.5/);
  });
});

describe('trainProbe', () => {
  const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, seed: 7, delta: 1e-5 };

  it('non-private: reaches ~100% on linearly separable data, loss goes down, no tensors leak', async () => {
    const before = tf.memory().numTensors;
    const r = await trainProbe({
      data: dataset(800),
      config: { ...base, privacy: null, expectedBatchSize: 64, epochs: 5, learningRate: 0.5 },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.testAccuracy).toBeGreaterThan(0.99);
    expect(r.metrics[r.metrics.length - 1]!.trainLoss).toBeLessThan(r.metrics[0]!.trainLoss);
    expect(r.epsilon).toBe(Infinity);
    expect(r.metrics.map((m) => m.epsilon)).toEqual(r.metrics.map(() => Infinity)); // never 0
    expect(r.ledger.ledger).toEqual([]);
  });

  it('DP: records exactly the steps it ran, ε equals the accountant for (q, σ, steps), and still learns', async () => {
    const data = dataset(1000);
    const r = await trainProbe({
      data,
      config: {
        ...base,
        expectedBatchSize: 100,
        epochs: 4,
        privacy: { kind: 'fixed-sigma', noiseMultiplier: 1.1 },
        learningRate: 1,
      },
    });
    expect(r.steps).toBe(40); // ⌈4 · 1000 / 100⌉
    expect(r.ledger.ledger).toEqual([{ q: 0.1, sigma: 1.1, steps: 40 }]);
    expect(r.epsilon).toBeCloseTo(
      dpSgdEpsilon({ sampleRate: 0.1, noiseMultiplier: 1.1, steps: 40, delta: 1e-5 }).epsilon,
      12,
    );
    expect(r.metrics.map((m) => m.epsilon)).toEqual(
      [...r.metrics.map((m) => m.epsilon)].sort((a, b) => a - b),
    );
    expect(r.testAccuracy).toBeGreaterThan(0.9);
    expect(r.metrics[0]!.meanBatchSize).toBeGreaterThan(80);
    expect(r.metrics[0]!.meanBatchSize).toBeLessThan(120);
  });

  it('is reproducible with a fixed seed and draws crypto randomness otherwise', async () => {
    const data = dataset(300);
    const config: ProbeConfig = { ...base, expectedBatchSize: 30, epochs: 1 };
    const a = await trainProbe({ data, config });
    const b = await trainProbe({ data, config });
    expect(a.seedSource).toBe('user');
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    const c = await trainProbe({ data, config: { ...config, seed: null } });
    const d = await trainProbe({ data, config: { ...config, seed: null } });
    expect(c.seedSource).toBe('crypto');
    expect(c.seed).toBeNull(); // no seed exists that would regenerate the noise
    expect(Array.from(c.weights)).not.toEqual(Array.from(a.weights));
    expect(Array.from(c.weights)).not.toEqual(Array.from(d.weights));
    // a different stream of the same seed is different noise
    const e = await trainProbe({ data, config, stream: [1] });
    expect(Array.from(e.weights)).not.toEqual(Array.from(a.weights));
  });

  it('runs empty Poisson batches (expected batch 0.5) and counts them as steps', async () => {
    const data = dataset(100);
    const r = await trainProbe({
      data,
      config: { ...base, expectedBatchSize: 0.5, epochs: 0.2, learningRate: 0.1 },
    });
    expect(r.steps).toBe(40); // ⌈0.2 · 100 / 0.5⌉
    expect(r.ledger.ledger[0]!.steps).toBe(40);
    expect(r.metrics[0]!.meanBatchSize).toBeLessThan(1.5); // most batches had 0 or 1 examples
  });

  it('target ε: calibrates σ so that ε ≤ target; budget mode stops before overspending', async () => {
    const data = dataset(500);
    const t = await trainProbe({
      data,
      config: {
        ...base,
        expectedBatchSize: 50,
        epochs: 2,
        privacy: { kind: 'target-epsilon', targetEpsilon: 2 },
      },
    });
    expect(t.epsilon).toBeLessThanOrEqual(2);
    expect(t.epsilon).toBeGreaterThan(1.99);
    const b = await trainProbe({
      data,
      config: {
        ...base,
        expectedBatchSize: 50,
        epochs: 10,
        privacy: { kind: 'budget', noiseMultiplier: 1, budgetEpsilon: 1 },
      },
    });
    expect(b.stopReason).toBe('budget');
    expect(b.epsilon).toBeLessThanOrEqual(1);
    expect(b.steps).toBeLessThan(100);
    expect(
      dpSgdEpsilon({ sampleRate: 0.1, noiseMultiplier: 1, steps: b.steps + 1, delta: 1e-5 }).epsilon,
    ).toBeGreaterThan(1);
  });

  it('reports clipping: all examples clipped with a tiny C, none with a huge one', async () => {
    const data = dataset(300);
    const tiny = await trainProbe({
      data,
      config: { ...base, expectedBatchSize: 30, epochs: 1, clipNorm: 1e-4 },
    });
    const huge = await trainProbe({
      data,
      config: { ...base, expectedBatchSize: 30, epochs: 1, clipNorm: 1e6 },
    });
    expect(tiny.metrics[0]!.clippedFraction).toBe(1);
    expect(huge.metrics[0]!.clippedFraction).toBe(0);
  });
});

describe('features and baselines', () => {
  it('L2-normalises each row on its own', () => {
    const x = l2NormalizeRows(Float32Array.from([3, 4, 0, 0, 1, 0]), 2);
    expect(Array.from(x)).toEqual([0.6, 0.8, 0, 0, 1, 0].map((v) => expect.closeTo(v, 6)));
  });

  it('majority baseline predicts the largest training class', () => {
    expect(majorityBaseline([0, 1, 1, 2], [1, 1, 0, 2], 3)).toEqual({ majorityClass: 1, accuracy: 0.5 });
  });
});

describe('library guards (ProbeTrainer, planProbe)', () => {
  const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, expectedBatchSize: 30, epochs: 1, seed: 3 };

  it('δ defaults to 1/(10·N) rounded down to a power of ten, as in the lab', () => {
    expect(defaultDelta(2000)).toBe(1e-5); // 1/20,000 = 5e-5 → 1e-5
    expect(defaultDelta(10_000)).toBe(1e-5); // exactly a power of ten stays
    expect(defaultDelta(49_946)).toBe(1e-6);
    expect(defaultDelta(1)).toBe(0.1);
    expect(defaultDelta(99_999)).toBe(1e-6);
    expect(defaultDelta(100_000)).toBe(1e-6);
    expect(planProbe({ ...base, delta: null }, 2000).delta).toBe(1e-5);
  });

  it('δ ≥ 1/N is refused by planProbe and ProbeTrainer, private or not', () => {
    expect(() => planProbe({ ...base, delta: 1 / 2000 }, 2000)).toThrow(/δ = 0.0005 is ≥ 1\/N/);
    expect(() => planProbe({ ...base, delta: 0.01, privacy: null }, 300)).toThrow(/≥ 1\/N/);
    expect(() => planProbe({ ...base, delta: 0 }, 300)).toThrow(/δ must be in \(0, 1\)/);
    expect(planProbe({ ...base, delta: 0.0099 }, 100).delta).toBe(0.0099);
    const data = dataset(300);
    expect(() => new ProbeTrainer(data, { ...base, delta: 1 / 300 })).toThrow(/≥ 1\/N/);
  });

  it('the run uses and reports the default δ for its N', async () => {
    const r = await trainProbe({ data: dataset(300), config: { ...base, delta: null } });
    expect(r.delta).toBe(1e-4); // 1/3,000 → 1e-4
    expect(r.epsilon).toBe(accountantFromJSON(r.ledger).getEpsilon(1e-4).epsilon);
  });

  it('a budget run with the PLD accountant stops where PLD says, and reports a PLD-tagged ledger and ε', async () => {
    const config = {
      ...base,
      delta: 1e-4,
      epochs: 50,
      accountant: 'pld' as const,
      privacy: { kind: 'budget' as const, noiseMultiplier: 1, budgetEpsilon: 2 },
    };
    const r = await trainProbe({ data: dataset(300), config });
    expect(r.stopReason).toBe('budget');
    expect(r.ledger.accountant).toBe('pld');
    const pld = accountantFromJSON(r.ledger);
    expect(r.epsilon).toBe(pld.getEpsilon(1e-4).epsilon);
    expect(r.epsilon).toBeLessThanOrEqual(2);
    // one more step would pass the budget, and RDP would have stopped earlier
    const more = accountantFromJSON({
      ...r.ledger,
      ledger: [{ ...r.ledger.ledger[0]!, steps: r.steps + 1 }],
    });
    expect(more.getEpsilon(1e-4).epsilon).toBeGreaterThan(2);
    expect(planProbe({ ...config, accountant: 'rdp' }, 300).steps).toBeLessThan(r.steps);
  });

  it('non-finite embeddings are refused before training (a NaN row would make the clipped sum NaN)', () => {
    const data = dataset(100);
    const nan = { ...data, trainX: Float32Array.from(data.trainX) };
    nan.trainX[8 * 17 + 3] = NaN;
    expect(() => new ProbeTrainer(nan, base)).toThrow(
      /training embedding of example 17 has a non-finite value \(NaN\)/,
    );
    const inf = { ...data, testX: Float32Array.from(data.testX) };
    inf.testX[5] = Infinity;
    expect(() => new ProbeTrainer(inf, base)).toThrow(/test embedding of example 0 .*Infinity/);
    const label = { ...data, trainY: Int32Array.from(data.trainY) };
    label.trainY[4] = 9;
    expect(() => new ProbeTrainer(label, base)).toThrow(/label of example 4 is 9/);
  });

  it('exports no per-example values: a histogram of at most 2,000 norms, bin counts only', async () => {
    const r = await trainProbe({ data: dataset(300), config: base });
    expect(Object.keys(r)).not.toContain('gradientNorms');
    const h = r.gradientNormHistogram;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(h.examples).toBe(300);
    expect(h.counts).toHaveLength(40);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[40]).toBeGreaterThanOrEqual(2 * base.clipNorm);
    // every field of the result that is an array holds ≤ 40 values or the d·k weights, never one per example
    for (const [key, v] of Object.entries(r))
      if (Array.isArray(v) || ArrayBuffer.isView(v))
        expect([key, (v as ArrayLike<unknown>).length <= 40 || key === 'weights']).toEqual([key, true]);
  });

  it('normHistogram bins by hand-checked edges (C on the axis, the maximum in the last bin)', () => {
    const h = normHistogram([0, 0.5, 1.99, 2, 3.9, 4], 1, 4); // max(4, 2C) = 4: bins of width 1
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([2, 1, 1, 2]);
  });
});

describe('sweeps never reuse randomness across points', () => {
  const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, expectedBatchSize: 30, epochs: 1, learningRate: 0.5 };

  it('the same σ at two points with one seed trains two different probes; a rerun reproduces both', async () => {
    const data = dataset(300);
    const collect = async () => {
      const runs: ProbeResult[] = [];
      await runSweep({
        data,
        base: { ...base, seed: 5 },
        spec: { kind: 'sigma', values: [1, 1], seeds: [5] },
        onRun: (_v, _s, r) => runs.push(r),
      });
      return runs.map((r) => Array.from(r.weights));
    };
    const [p1, p2] = await collect();
    expect(p1).not.toEqual(p2); // before #12 both points drew the same noise and batches
    expect(await collect()).toEqual([p1, p2]);
  });

  it('without seeds every run draws crypto randomness; repeated seeds are refused', async () => {
    const data = dataset(300);
    const runs: ProbeResult[] = [];
    await runSweep({
      data,
      base,
      spec: { kind: 'sigma', values: [1], seeds: [null, null] },
      onRun: (_v, _s, r) => runs.push(r),
    });
    expect(runs.map((r) => r.seedSource)).toEqual(['crypto', 'crypto']);
    expect(Array.from(runs[0]!.weights)).not.toEqual(Array.from(runs[1]!.weights));
    await expect(
      runSweep({ data, base, spec: { kind: 'sigma', values: [1], seeds: [2, 2] } }),
    ).rejects.toThrow(/seeds must differ/);
  });
});

describe('the privacy ledger of a dataset', () => {
  const ledger = (q: number, sigma: number, steps: number) => ({
    accountant: 'rdp' as const,
    ledger: [{ q, sigma, steps }],
  });

  it('composes every DP run by RDP: the same as one accountant that recorded all their steps', () => {
    const runs = [
      { label: 'run 1', private: true, ledger: ledger(0.5, 1, 6) },
      { label: 'run 2', private: true, ledger: ledger(0.5, 2.5, 6) },
      { label: 'sweep 1 run 1', private: true, ledger: ledger(0.1, 1.3, 40) },
    ];
    const spent = datasetSpent(runs, 1e-5);
    const one = new RdpAccountant().record(0.5, 1, 6).record(0.5, 2.5, 6).record(0.1, 1.3, 40);
    expect(spent.epsilon).toBe(one.getEpsilon(1e-5).epsilon);
    expect(spent.dpRuns).toBe(3);
    expect(spent.steps).toBe(52);
    // more than any run alone, less than their plain sum (RDP composes tighter than adding ε)
    const alone = runs.map((r) => RdpAccountant.fromJSON(r.ledger).getEpsilon(1e-5).epsilon);
    expect(spent.epsilon).toBeGreaterThan(Math.max(...alone));
    expect(spent.epsilon).toBeLessThan(alone.reduce((a, b) => a + b, 0));
    expect(datasetSpent([], 1e-5)).toMatchObject({ epsilon: 0, reason: null });
  });

  it('is ∞, with the reason, once a non-private run is kept', () => {
    const spent = datasetSpent(
      [
        { label: 'run 1', private: true, ledger: ledger(0.5, 1, 6) },
        { label: 'run 2 (Non-private probe)', private: false, ledger: { accountant: 'rdp', ledger: [] } },
      ],
      1e-5,
    );
    expect(spent.epsilon).toBe(Infinity);
    expect(spent.reason).toMatch(/run 2 \(Non-private probe\) was trained on this data without privacy/);
  });
});

describe('divergence', () => {
  const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, seed: 7, delta: 1e-5 };

  it('a learning rate far too high: stops with "diverged at step k", returns the last good weights, keeps the steps accounted', async () => {
    const before = tf.memory().numTensors;
    const data = dataset(400);
    const config: ProbeConfig = {
      ...base,
      privacy: { kind: 'fixed-sigma', noiseMultiplier: 1 },
      expectedBatchSize: 40,
      epochs: 4,
      learningRate: 1e38,
    };
    const r = await trainProbe({ data, config });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stopReason).toBe('diverged');
    expect(r.divergence).toMatch(
      /^diverged at step \d+ \(training loss (NaN|Infinity)\); the weights of step \d+, the last good ones, were kept$/,
    );
    const [, k, back] = /step (\d+) .*step (\d+)/.exec(r.divergence!)!.map(Number);
    expect(back).toBeLessThan(k!);
    expect(r.steps).toBe(k); // every step run is in the ledger: ε covers them
    expect(r.ledger.ledger.reduce((s, e) => s + e.steps, 0)).toBe(k);
    expect(Array.from(r.weights).every(Number.isFinite)).toBe(true);
    expect(Array.from(r.bias).every(Number.isFinite)).toBe(true);
    expect(r.metrics.every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('a loss that overflows in the first epoch: the initial (zero) weights come back', async () => {
    // (non-finite embeddings are refused before training; a step far too large overflows within epoch 1)
    const r = await trainProbe({
      data: dataset(200),
      config: { ...base, privacy: null, expectedBatchSize: 50, epochs: 2, learningRate: 1e38 },
    });
    expect(r.stopReason).toBe('diverged');
    expect(r.divergence).toMatch(/the weights of step 0,/);
    expect(r.metrics).toEqual([]);
    expect(Array.from(r.weights).every((w) => w === 0)).toBe(true);
  });

  it('learning rates that are not finite numbers are refused', async () => {
    await expect(
      trainProbe({ data: dataset(50), config: { ...base, learningRate: Infinity } }),
    ).rejects.toThrow('learning rate must be a finite number > 0, got Infinity');
  });
});
