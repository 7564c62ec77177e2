/** Synthetic probe data for the DP tests: seeded, so every test sees the same numbers. */
import { createRng } from '../rng';
import type { ProbeData } from './train-probe';

export function randomMatrix(rows: number, cols: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * cols }, () => scale * rng.normal());
}

/** Gaussian blobs: class c centred at 3·e_c (separable when spread is small). */
export function blobs(
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

export function dataset(n: number, spread = 0.3, dim = 8, classes = 4): ProbeData {
  const train = blobs(n, dim, classes, spread, 1);
  const test = blobs(400, dim, classes, spread, 2);
  return { trainX: train.x, trainY: train.y, testX: test.x, testY: test.y, dim, numClasses: classes };
}
