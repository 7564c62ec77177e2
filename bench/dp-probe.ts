/**
 * DP-SGD probe step cost: DP steps (Poisson batch, vectorised clipping, noise) against non-private steps on
 * the same data, interleaved in blocks so both see the same machine load. Synthetic embeddings shaped like
 * the lab's (N = 50,000, d = 128, k = 10, expected batch 1,000).
 */
import { DEFAULT_PROBE_CONFIG, ProbeTrainer, type ProbeData } from '../src/lib/dp/train-probe';
import { createRng } from '../src/lib/rng';
import { startBackend } from '../scripts/lib/node-io';

export async function benchDpProbe(): Promise<Record<string, unknown>> {
  const backend = await startBackend('wasm');
  const n = Number(process.env['BENCH_DP_N'] ?? 50_000);
  const dim = Number(process.env['BENCH_DP_DIM'] ?? 128);
  const k = 10;
  const rng = createRng(1);
  const trainY = Int32Array.from({ length: n }, () => rng.int(k));
  const trainX = Float32Array.from(
    { length: n * dim },
    (_, i) => rng.normal() * 0.1 + (i % dim === trainY[Math.floor(i / dim)] ? 1 : 0),
  );
  const data: ProbeData = {
    trainX,
    trainY,
    testX: trainX.subarray(0, 1000 * dim),
    testY: trainY.subarray(0, 1000),
    dim,
    numClasses: k,
  };
  const base = { ...DEFAULT_PROBE_CONFIG, seed: 1, expectedBatchSize: 1000, epochs: 100 };
  // The DP run as the lab runs it by default: noise from crypto.getRandomValues (seed null).
  const dp = new ProbeTrainer(data, { ...base, seed: null });
  const plain = new ProbeTrainer(data, { ...base, privacy: null });
  const block = 40;
  const rounds = 8;
  const time = (t: ProbeTrainer) => {
    const s = performance.now();
    for (let i = 0; i < block; i++) t.step();
    return performance.now() - s;
  };
  time(dp); // warm-up: kernels, first allocations
  time(plain);
  const dpMs: number[] = [];
  const plainMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      dpMs.push(time(dp));
      plainMs.push(time(plain));
    } else {
      plainMs.push(time(plain));
      dpMs.push(time(dp));
    }
  }
  dp.dispose();
  plain.dispose();
  const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
  const steps = block * rounds;
  return {
    backend,
    noise: 'crypto.getRandomValues, polar Box–Muller, (sum of 4)/2',
    dp_over_nondp_step_time: +(sum(dpMs) / sum(plainMs)).toFixed(3),
    dp_steps_per_second: +((1000 * steps) / sum(dpMs)).toFixed(1),
    nondp_steps_per_second: +((1000 * steps) / sum(plainMs)).toFixed(1),
    dp_ms_per_step: +(sum(dpMs) / steps).toFixed(3),
    nondp_ms_per_step: +(sum(plainMs) / steps).toFixed(3),
    settings: { n, dim, classes: k, expectedBatchSize: 1000, stepsEach: steps },
  };
}
