import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-kernels';

async function filterGrad(backend: string, pad: 'same' | 'valid', stride: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.tensor4d(
    Array.from({ length: 2 * 7 * 7 * 3 }, (_, i) => Math.sin(i)),
    [2, 7, 7, 3],
  );
  const w = tf.tensor4d(
    Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)),
    [3, 3, 3, 4],
  );
  const g = tf.grad((f: tf.Tensor) =>
    tf
      .conv2d(x, f as tf.Tensor4D, stride, pad)
      .square()
      .sum(),
  )(w);
  const out = (await g.data()) as Float32Array;
  tf.dispose([x, w, g]);
  return out;
}

describe('wasm Conv2DBackpropFilter', () => {
  it('matches the cpu backend (same and valid padding, strides 1 and 2) without leaking tensors', async () => {
    registerWasmTrainingKernels();
    for (const [pad, stride] of [
      ['same', 1],
      ['valid', 2],
    ] as const) {
      const ref = await filterGrad('cpu', pad, stride);
      const before = tf.memory().numTensors;
      const got = await filterGrad('wasm', pad, stride);
      expect(tf.memory().numTensors).toBe(before);
      expect(got.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++)
        expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-3 * (1 + Math.abs(ref[i])));
    }
  });
});
