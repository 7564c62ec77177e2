/**
 * A finished run as the lab stores it, for tests: `SAMPLE_RUN` is plain data (it crosses into a page in the
 * end-to-end tests, which make its weights typed arrays there), `sampleRun` the record itself.
 */
import type { RunRecord } from './run-record';

export const SAMPLE_RUN = {
  id: 1,
  label: 'DP-SGD σ=1.00',
  kind: 'dp',
  encoder: 'shipped',
  private: true,
  noiseMultiplier: 1,
  sampleRate: 0.5,
  clipNorm: 1,
  expectedBatchSize: 1024,
  epochs: 3,
  steps: 6,
  delta: 1e-5,
  epsilon: 2.5,
  accountant: 'rdp',
  testAccuracy: 0.7,
  stopReason: 'done',
  seconds: 3,
  backend: 'wasm',
  seedSource: 'crypto',
  curve: [],
  perClassAccuracy: [0.7, 0.7],
  confusion: [
    [7, 3],
    [3, 7],
  ],
  weights: [0.1, -0.2],
  bias: [0, 0],
  visible: true,
} as const;

export const sampleRun = (id: number, patch: Partial<RunRecord> = {}): RunRecord => ({
  ...(SAMPLE_RUN as unknown as RunRecord),
  id,
  curve: [],
  perClassAccuracy: [...SAMPLE_RUN.perClassAccuracy],
  confusion: SAMPLE_RUN.confusion.map((row) => [...row]),
  weights: new Float32Array(SAMPLE_RUN.weights),
  bias: new Float32Array(SAMPLE_RUN.bias),
  ...patch,
});
