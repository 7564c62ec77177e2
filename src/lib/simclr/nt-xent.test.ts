import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { ntXentLoss, ntXentLossSlow } from './nt-xent';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('NT-Xent', () => {
  it('equals the loop-by-definition version on small inputs', () => {
    const rng = createRng(5);
    for (const [rows, dim, tau] of [
      [4, 3, 0.5],
      [8, 5, 0.1],
      [6, 16, 1],
    ] as const) {
      const z = Array.from({ length: rows }, () => Array.from({ length: dim }, () => rng.normal()));
      const fast = ntXentLoss(tf.tensor2d(z), tau);
      expect(fast.dataSync()[0]).toBeCloseTo(ntXentLossSlow(z, tau), 4);
      fast.dispose();
    }
  });

  it('is log(2N − 1) when all views are identical, small when pairs match and others are orthogonal', () => {
    const same = ntXentLoss(tf.ones<tf.Rank.R2>([6, 4]), 0.5);
    expect(same.dataSync()[0]).toBeCloseTo(Math.log(5), 5);
    const eye = tf.eye(3);
    const pairs = ntXentLoss(tf.concat<tf.Tensor2D>([eye, eye]), 0.05);
    // each anchor: −log(e^{20} / (e^{20} + 4·e^0))
    expect(pairs.dataSync()[0]).toBeCloseTo(Math.log1p(4 * Math.exp(-20)), 6);
    tf.dispose([same, eye, pairs]);
  });

  it('has a finite gradient for an all-zero embedding (no NaN from the norm)', () => {
    const g = tf.grad((z: tf.Tensor) => ntXentLoss(z as tf.Tensor2D, 0.2))(tf.zeros([4, 3]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    g.dispose();
  });
});
