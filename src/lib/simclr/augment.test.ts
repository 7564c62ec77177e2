import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { AUGMENT_GRAYSCALE, AUGMENT_RGB, augment, sampleCropBoxes } from './augment';
import { randomImages } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('augmentations', () => {
  it('keep shape and [0, 1] range, and the two views differ', () => {
    for (const [channels, config] of [
      [1, AUGMENT_GRAYSCALE],
      [3, AUGMENT_RGB],
    ] as const) {
      const x = tf.tensor4d(randomImages(4, 12, channels), [4, 12, 12, channels]).div<tf.Tensor4D>(255);
      const rng = createRng(2);
      const v1 = augment(x, config, rng);
      const v2 = augment(x, config, rng);
      expect(v1.shape).toEqual([4, 12, 12, channels]);
      expect(v1.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
      expect(v1.max().dataSync()[0]).toBeLessThanOrEqual(1);
      expect(v1.sub(v2).abs().mean().dataSync()[0]).toBeGreaterThan(0.01);
      tf.dispose([x, v1, v2]);
    }
  });

  it('are reproducible with a seed', () => {
    const x = tf.tensor4d(randomImages(2, 12, 1), [2, 12, 12, 1]).div<tf.Tensor4D>(255);
    const a = augment(x, AUGMENT_GRAYSCALE, createRng(9));
    const b = augment(x, AUGMENT_GRAYSCALE, createRng(9));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it('crop boxes cover the configured area range and flip only when allowed', () => {
    const rng = createRng(4);
    const boxes = sampleCropBoxes(500, { ...AUGMENT_GRAYSCALE, cropScale: [0.3, 0.6], flip: false }, rng);
    for (let i = 0; i < 500; i++) {
      const [y1, x1, y2, x2] = boxes.subarray(4 * i, 4 * i + 4);
      expect(x2! > x1!).toBe(true); // never mirrored
      expect(y1!).toBeGreaterThanOrEqual(0);
      expect(y2!).toBeLessThanOrEqual(1 + 1e-6);
      expect((y2! - y1!) * (x2! - x1!)).toBeLessThanOrEqual(0.6 + 1e-6);
    }
    const flipped = sampleCropBoxes(200, AUGMENT_GRAYSCALE, rng);
    let mirrored = 0;
    for (let i = 0; i < 200; i++) if (flipped[4 * i + 3]! < flipped[4 * i + 1]!) mirrored++;
    expect(mirrored).toBeGreaterThan(70);
    expect(mirrored).toBeLessThan(130);
  });
});
