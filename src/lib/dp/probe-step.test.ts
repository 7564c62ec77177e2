import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { l2NormalizeRows, majorityBaseline } from './features';
import { poissonSample } from './poisson';
import { clippedGradientSum, createProbe, privatise } from './probe-step';
import { randomMatrix } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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
    const zero = { weights: tf.zeros<tf.Rank.R2>([d, k]), bias: tf.zeros<tf.Rank.R1>([k]) };
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
    ] as const) {
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

describe('features and baselines', () => {
  it('L2-normalises each row on its own', () => {
    const x = l2NormalizeRows(Float32Array.from([3, 4, 0, 0, 1, 0]), 2);
    expect(Array.from(x)).toEqual([0.6, 0.8, 0, 0, 1, 0].map((v): unknown => expect.closeTo(v, 6)));
  });

  it('majority baseline predicts the largest training class', () => {
    expect(majorityBaseline([0, 1, 1, 2], [1, 1, 0, 2], 3)).toEqual({ majorityClass: 1, accuracy: 0.5 });
  });
});
