import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  type ProbeConfig,
  DEFAULT_PROBE_CONFIG,
  ProbeTrainer,
  normHistogram,
  trainProbe,
} from './train-probe';
import {
  LAB_EPSILON_MAX,
  LAB_SIGMA_MIN,
  LAB_TARGET_EPSILON_MIN,
  defaultDelta,
  labCalibration,
  planProbe,
  plannedLedger,
} from './plan';
import { calibrateNoiseMultiplier } from '../privacy/calibrate';
import { accountantFromJSON } from '../privacy/privacy-accountant';
import { dataset } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
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

  it('a budget that does not cover one step is refused, not run as 0 steps', () => {
    // the lab's default budget ε = 1 at σ = 1 on 2,000 images with B = 1,024 (q ≈ 0.51): one step costs more
    const budget = (budgetEpsilon: number) => ({
      ...base,
      expectedBatchSize: 1024,
      epochs: 10,
      delta: 1e-5,
      privacy: { kind: 'budget' as const, noiseMultiplier: 1, budgetEpsilon },
    });
    expect(() => planProbe(budget(1), 2000)).toThrow(
      /The ε budget 1 does not cover a single DP-SGD step at σ = 1, q = 0.512 and δ = 1e-5: raise/,
    );
    const plan = planProbe(budget(20), 2000);
    expect(plan.steps).toBeGreaterThan(0);
    expect(plan.steps).toBeLessThanOrEqual(20);
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

describe('plannedLedger: a run charged in full before it starts', () => {
  it('is the plan’s q, σ and every planned step: for a target ε, that ε; nothing for a non-private run', () => {
    const privacy = { kind: 'target-epsilon', targetEpsilon: 2 } as const;
    const config: ProbeConfig = {
      ...DEFAULT_PROBE_CONFIG,
      expectedBatchSize: 500,
      epochs: 20,
      delta: 1e-5,
      privacy,
    };
    const plan = planProbe(config, 10_000);
    const ledger = plannedLedger(plan, true);
    expect(ledger.ledger).toEqual([{ q: 0.05, sigma: plan.noiseMultiplier, steps: 400 }]);
    const epsilon = accountantFromJSON(ledger).getEpsilon(1e-5).epsilon;
    expect(epsilon).toBeGreaterThan(1.95);
    expect(epsilon).toBeLessThanOrEqual(2 + 1e-9);
    expect(plannedLedger(planProbe({ ...config, privacy: null }, 10_000), false).ledger).toEqual([]);
  });
});

describe("labCalibration: the lab's σ floor, for step 3's runs and step 5's Solve", () => {
  const schedule = { sampleRate: 0.02, steps: 50, delta: 1e-5 };
  it('a target that needs less noise than LAB_SIGMA_MIN gets σ = LAB_SIGMA_MIN and its own, smaller ε', () => {
    const r = calibrateNoiseMultiplier(labCalibration({ targetEpsilon: LAB_EPSILON_MAX, ...schedule }));
    expect(r.noiseMultiplier).toBe(LAB_SIGMA_MIN);
    expect(r.epsilon).toBeLessThan(LAB_EPSILON_MAX);
    // without the floor the same target is met with less noise than the lab allows
    expect(
      calibrateNoiseMultiplier({ targetEpsilon: LAB_EPSILON_MAX, ...schedule }).noiseMultiplier,
    ).toBeLessThan(LAB_SIGMA_MIN);
    // and planProbe calibrates through it
    const config: ProbeConfig = {
      ...DEFAULT_PROBE_CONFIG,
      expectedBatchSize: 200,
      epochs: 1,
      delta: 1e-5,
      privacy: { kind: 'target-epsilon', targetEpsilon: LAB_EPSILON_MAX },
    };
    expect(planProbe(config, 10_000).noiseMultiplier).toBe(LAB_SIGMA_MIN);
  });
  it('a target below LAB_TARGET_EPSILON_MIN is refused by the plan, however it came (a link, a budget typed before)', () => {
    const config: ProbeConfig = {
      ...DEFAULT_PROBE_CONFIG,
      delta: 1e-5,
      privacy: { kind: 'target-epsilon', targetEpsilon: LAB_TARGET_EPSILON_MIN / 10 },
    };
    expect(() => planProbe(config, 10_000)).toThrow(/below the lab's smallest, 0\.01/);
    const atMin = {
      ...config,
      privacy: { kind: 'target-epsilon' as const, targetEpsilon: LAB_TARGET_EPSILON_MIN },
    };
    expect(planProbe(atMin, 10_000).noiseMultiplier).toBeGreaterThan(LAB_SIGMA_MIN);
  });

  it('a target that needs more noise gets the same σ as without the floor', () => {
    const floored = calibrateNoiseMultiplier(labCalibration({ targetEpsilon: 1, ...schedule }));
    const plain = calibrateNoiseMultiplier({ targetEpsilon: 1, ...schedule });
    expect(floored.noiseMultiplier).toBe(plain.noiseMultiplier);
    expect(floored.noiseMultiplier).toBeGreaterThan(LAB_SIGMA_MIN);
    expect(floored.epsilon).toBeLessThanOrEqual(1 + 1e-9);
  });
});
