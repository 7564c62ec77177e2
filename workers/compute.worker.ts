/**
 * The compute worker: picks the tfjs backend and runs tensor jobs off the main thread. Later jobs
 * (pretraining, probes, t-SNE) get workers of their own built on workers/shared/backend.ts.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './shared/backend';
import type { BackendName } from '../src/lib/backend/choose';

export interface MatmulBenchResult {
  size: number;
  repeats: number;
  gflops: number;
  ms: number;
}

const api = {
  init(forced: BackendName | null) {
    return initBackend(forced);
  },

  /** A small computation whose answer is known: [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]. */
  async selfTest(): Promise<{ backend: string; product: number[] }> {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    const c = tf.matMul(a, b);
    const product = Array.from(await c.data());
    tf.dispose([a, b, c]);
    return { backend: tf.getBackend(), product };
  },

  /**
   * Measures matrix-multiply throughput (GFLOP/s) on the current backend: a quick "how fast is this
   * machine" check, and a long job that streams progress and can be aborted (the bridge terminates us).
   */
  async matmulBenchmark(
    size: number,
    repeats: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MatmulBenchResult> {
    const a = tf.randomNormal([size, size]);
    const b = tf.randomNormal([size, size]);
    const warm = tf.matMul(a, b);
    await warm.data();
    warm.dispose();
    const t0 = performance.now();
    for (let r = 0; r < repeats; r++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      onProgress?.(r + 1, repeats);
    }
    const ms = performance.now() - t0;
    tf.dispose([a, b]);
    return { size, repeats, ms, gflops: (2 * size ** 3 * repeats) / (ms * 1e6) };
  },

  /**
   * Crashes the worker with an uncaught error outside any call (as a bug in a worker would): lets tests
   * check that a dead worker is reported and the next call starts a fresh one.
   */
  simulateCrash(message: string): void {
    setTimeout(() => {
      throw new Error(message);
    });
  },

  /** Throws inside the worker: lets the UI (and tests) check that worker errors reach the user. */
  fail(message: string): Promise<never> {
    return Promise.reject(new Error(message));
  },
};

Comlink.expose(api);
export type ComputeApi = typeof api;
