/** One finished probe run as the lab keeps it (IndexedDB) and exports it (run-store.ts). */
import type { EpochMetrics, NormHistogram, ProbeConfig, ProbeResult } from '../../lib/dp/train-probe';
import type { AccountantName } from '../../lib/privacy/accountant-names';
import type { Reembed } from './probe-config';

export interface RunRecord {
  id: number;
  label: string;
  kind: 'dp' | 'non-private' | 'random-dp';
  /** The private dataset it was trained on (its ledger key). */
  dataset?: string;
  /** How many of its training images the run used (a subset, or the contrast's subsample; absent in old runs). */
  trainSize?: number;
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
  /** The majority-class accuracy of the data it was trained and tested on (absent in runs saved before it). */
  majorityAccuracy?: number;
  /** How to embed its private data again on a later page load (built-in data, shipped or seeded encoders). */
  reembed?: Reembed;
}

/**
 * A finished probe as the lab keeps it: what the worker reported (its steps, σ, q, δ and ε from the ledger of the
 * steps that actually ran, by the run's own accountant; never the settings) and what the lab knows about it.
 */
export function toRunRecord(
  result: ProbeResult & { backend: string },
  run: Pick<
    RunRecord,
    | 'id'
    | 'label'
    | 'kind'
    | 'encoder'
    | 'embeddingsKey'
    | 'probeConfig'
    | 'majorityAccuracy'
    | 'trainSize'
    | 'reembed'
  > & {
    dataset: string;
    probeConfig: ProbeConfig;
  },
): RunRecord {
  return {
    ...run,
    private: result.private,
    noiseMultiplier: result.noiseMultiplier,
    sampleRate: result.sampleRate,
    clipNorm: run.probeConfig.clipNorm,
    expectedBatchSize: run.probeConfig.expectedBatchSize,
    epochs: run.probeConfig.epochs,
    steps: result.steps,
    delta: result.delta,
    epsilon: result.private ? result.epsilon : Infinity,
    accountant: result.ledger.accountant,
    testAccuracy: result.testAccuracy,
    stopReason: result.stopReason,
    seconds: result.seconds,
    backend: result.backend,
    seedSource: result.seedSource,
    curve: result.metrics,
    perClassAccuracy: result.perClassAccuracy,
    weights: result.weights,
    bias: result.bias,
    confusion: result.confusion,
    gradientNormHistogram: result.gradientNormHistogram,
    visible: true,
  };
}
