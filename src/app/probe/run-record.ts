/** One finished probe run as the lab keeps it (IndexedDB) and exports it (run-store.ts). */
import type { EpochMetrics, NormHistogram, ProbeConfig } from '../../lib/dp/train-probe';
import type { AccountantName } from '../../lib/privacy/accountant-names';

export interface RunRecord {
  id: number;
  label: string;
  kind: 'dp' | 'non-private' | 'random-dp';
  /** The private dataset it was trained on (its ledger key). */
  dataset?: string;
  encoder: string;
  private: boolean;
  noiseMultiplier: number;
  sampleRate: number;
  clipNorm: number;
  expectedBatchSize: number;
  epochs: number;
  steps: number;
  delta: number;
  /** From the ledger the worker returned (Infinity for non-private runs). */
  epsilon: number;
  /** The accountant that calibrated, stopped and accounted the run (runs saved before it existed: RDP). */
  accountant: AccountantName;
  testAccuracy: number;
  stopReason: string;
  seconds: number;
  backend: string;
  seedSource: string;
  curve: EpochMetrics[];
  perClassAccuracy: number[];
  confusion: number[][];
  /** Non-private diagnostic: histogram of the gradient norms at the final weights (≤ 2,000 training examples). */
  gradientNormHistogram?: NormHistogram;
  /** The trained probe (d × k weights, k biases), for export. */
  weights: Float32Array;
  bias: Float32Array;
  visible: boolean;
  /** What the membership-inference audit needs to repeat the training (absent in runs saved before it). */
  embeddingsKey?: string;
  probeConfig?: ProbeConfig;
}
