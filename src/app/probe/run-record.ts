/** One finished probe run as the lab keeps it (IndexedDB) and exports it (run-store.ts). */
import type { EpochMetrics, NormHistogram, ProbeConfig, ProbeResult } from '../../lib/dp/train-probe';
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

/** What the lab knows about a run besides the worker's result. */
export interface RunFacts {
  id: number;
  label: string;
  kind: RunRecord['kind'];
  dataset: string;
  encoder: string;
  delta: number;
  clipNorm: number;
  epochs: number;
  probeConfig: ProbeConfig;
  embeddingsKey: string;
}

/**
 * The record of a finished run, from the worker's result: ε is the result's (its accountant over the steps
 * that ran) for a private run and ∞ for a non-private one, whatever the result carries.
 */
export function toRunRecord(facts: RunFacts, result: ProbeResult & { backend: string }): RunRecord {
  const isPrivate = facts.kind !== 'non-private';
  return {
    id: facts.id,
    label: facts.label,
    kind: facts.kind,
    dataset: facts.dataset,
    encoder: facts.encoder,
    private: isPrivate,
    noiseMultiplier: result.noiseMultiplier,
    sampleRate: result.sampleRate,
    clipNorm: facts.clipNorm,
    expectedBatchSize: facts.probeConfig.expectedBatchSize,
    epochs: facts.epochs,
    steps: result.steps,
    delta: facts.delta,
    epsilon: isPrivate ? result.epsilon : Infinity,
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
    embeddingsKey: facts.embeddingsKey,
    probeConfig: facts.probeConfig,
  };
}
