import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { dpSgdEpsilon } from '../privacy/accountant';
import { type ProbeConfig, DEFAULT_PROBE_CONFIG, trainProbe } from './train-probe';
import { dataset } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
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
        // ε = 3: some steps fit, not all 100 (at ε = 1 not one step fits at σ = 1, q = 0.1: refused)
        privacy: { kind: 'budget', noiseMultiplier: 1, budgetEpsilon: 3 },
      },
    });
    expect(b.stopReason).toBe('budget');
    expect(b.epsilon).toBeLessThanOrEqual(3);
    expect(b.steps).toBeGreaterThan(0);
    expect(b.steps).toBeLessThan(100);
    expect(
      dpSgdEpsilon({ sampleRate: 0.1, noiseMultiplier: 1, steps: b.steps + 1, delta: 1e-5 }).epsilon,
    ).toBeGreaterThan(3);
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
