import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-kernels';

type Case = { pad: 'same' | 'valid'; stride: number; size: number; kernel: number };

/** Gradients of sum(conv2d(x, w)²) with respect to the filter and the input. */
async function grads(backend: string, c: Case): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.tensor4d(
    Array.from({ length: 2 * c.size * c.size * 3 }, (_, i) => Math.sin(i)),
    [2, c.size, c.size, 3],
  );
  const w = tf.tensor4d(
    Array.from({ length: c.kernel * c.kernel * 3 * 4 }, (_, i) => Math.cos(i)),
    [c.kernel, c.kernel, 3, 4],
  );
  const [gx, gw] = tf.grads((a: tf.Tensor, f: tf.Tensor) =>
    tf
      .conv2d(a as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad)
      .square()
      .sum(),
  )([x, w]);
  const out: [Float32Array, Float32Array] = [
    (await gw!.data()) as Float32Array,
    (await gx!.data()) as Float32Array,
  ];
  tf.dispose([x, w, gx, gw]);
  return out;
}

const cases: Case[] = [
  { pad: 'same', stride: 1, size: 7, kernel: 3 },
  { pad: 'valid', stride: 2, size: 7, kernel: 3 },
  { pad: 'same', stride: 2, size: 8, kernel: 3 },
  { pad: 'same', stride: 2, size: 7, kernel: 3 },
  { pad: 'same', stride: 2, size: 8, kernel: 1 },
  { pad: 'valid', stride: 3, size: 8, kernel: 2 },
];

describe('wasm convolution gradients', () => {
  it.each(cases)(
    'match the cpu backend for filter and input ($pad, stride $stride, $size px, $kernel×$kernel) without leaking',
    async (c) => {
      registerWasmTrainingKernels();
      const [refW, refX] = await grads('cpu', c);
      const before = tf.memory().numTensors;
      const [gotW, gotX] = await grads('wasm', c);
      expect(tf.memory().numTensors).toBe(before);
      for (const [got, ref] of [
        [gotW, refW],
        [gotX, refX],
      ] as const) {
        expect(got.length).toBe(ref.length);
        for (let i = 0; i < ref.length; i++)
          expect(Math.abs(got[i]! - ref[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(ref[i]!)));
      }
    },
  );
});
