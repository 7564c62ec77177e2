/**
 * What a probe trains on and what it reports: the data, per-epoch metrics and the result, with the checks and
 * summaries that need no tfjs (data validation, the gradient-norm histogram, the confusion matrix).
 */
import type { AnyAccountantJson } from '../privacy/privacy-accountant.ts';
import { type FeatureNormalisation, prepareFeatures } from './features.ts';

export interface ProbeData {
  trainX: Float32Array;
  trainY: Int32Array;
  testX: Float32Array;
  testY: Int32Array;
  dim: number;
  numClasses: number;
}

export interface EpochMetrics {
  epoch: number;
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** ε spent so far (from the ledger); ∞ for non-private runs, which have no guarantee at all. */
  epsilon: number;
  /** Fraction of sampled examples whose gradient was clipped during this epoch. */
  clippedFraction: number;
  meanBatchSize: number;
  seconds: number;
}

export interface ProbeResult {
  private: boolean;
  noiseMultiplier: number;
  sampleRate: number;
  plannedSteps: number;
  steps: number;
  stopReason: 'done' | 'budget' | 'aborted' | 'diverged';
  /** When stopReason is 'diverged': "diverged at step k …" (the weights returned are the last good ones). */
  divergence?: string;
  /** The δ actually used (the config's, or the default for N). */
  delta: number;
  /** From the ledger; ∞ for a non-private run. */
  epsilon: number;
  ledger: AnyAccountantJson;
  /** The user's seed, or null when the noise came from the cryptographic generator. */
  seed: number | null;
  seedSource: 'user' | 'crypto';
  metrics: EpochMetrics[];
  testAccuracy: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] */
  confusion: number[][];
  /**
   * Non-private diagnostic (not covered by ε): a histogram of the per-example gradient norms at the final
   * weights, over up to 2,000 training examples. Bin counts only: no per-example value leaves the worker.
   */
  gradientNormHistogram: NormHistogram;
  weights: Float32Array;
  bias: Float32Array;
  seconds: number;
}

/** `counts[i]` examples had a norm in [edges[i], edges[i+1]); the last bin includes its right edge. */
export interface NormHistogram {
  edges: number[];
  counts: number[];
  /** How many examples it summarises. */
  examples: number;
}

/** 40 equal bins from 0 to the larger of the largest norm and 2·C (so C is always on the axis). */
export function normHistogram(norms: ArrayLike<number>, clipNorm: number, bins = 40): NormHistogram {
  let max = Number.isFinite(clipNorm) ? 2 * clipNorm : 0;
  for (let i = 0; i < norms.length; i++) max = Math.max(max, norms[i]!);
  if (!(max > 0)) max = 1;
  const width = max / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < norms.length; i++) counts[Math.min(bins - 1, Math.floor(norms[i]! / width))]!++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i * width), counts, examples: norms.length };
}

/** Refuses data that would break the guarantee or the training: non-finite embeddings, bad labels. */
export function validateProbeData(data: ProbeData): void {
  const check = (x: Float32Array, y: Int32Array, split: string) => {
    if (x.length !== y.length * data.dim)
      throw new Error(
        `${split} embeddings have ${x.length} values, expected ${y.length} × ${data.dim} = ${y.length * data.dim}`,
      );
    for (let i = 0; i < x.length; i++)
      if (!Number.isFinite(x[i]!))
        // One NaN row makes the clipped sum NaN: its sensitivity is unbounded, and no ε holds.
        throw new Error(
          `${split} embedding of example ${Math.floor(i / data.dim)} has a non-finite value (${x[i]}): refusing to train`,
        );
    for (let i = 0; i < y.length; i++)
      if (!(Number.isInteger(y[i]) && y[i]! >= 0 && y[i]! < data.numClasses))
        throw new Error(`${split} label of example ${i} is ${y[i]}, expected 0…${data.numClasses - 1}`);
  };
  check(data.trainX, data.trainY, 'training');
  check(data.testX, data.testY, 'test');
}

/** Test accuracy, per-class accuracy and the confusion matrix (`confusion[true][predicted]`). */
export function confusionSummary(
  truth: Int32Array,
  predicted: ArrayLike<number>,
  numClasses: number,
): Pick<ProbeResult, 'testAccuracy' | 'perClassAccuracy' | 'confusion'> {
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < predicted.length; i++) confusion[truth[i]!]![predicted[i]!]!++;
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((s, v) => s + v, 0);
    return total ? row[c]! / total : 0;
  });
  const correct = confusion.reduce((s, row, c) => s + row[c]!, 0);
  return { testAccuracy: predicted.length ? correct / predicted.length : 0, perClassAccuracy, confusion };
}

/**
 * Embeddings as a probe trains on them: each split's features normalised the same way (the worker and the
 * experiment scripts both build their ProbeData here). With `dims` below the embedding's size, only the first
 * `dims` features are kept, before normalising (`ProbeConfig.featureDims`: an encoder whose features are
 * public PCA components, largest first).
 */
export function probeDataOf(e: ProbeData, normalisation: FeatureNormalisation, dims?: number): ProbeData {
  const k = dims !== undefined && dims > 0 && dims < e.dim ? Math.floor(dims) : e.dim;
  const prefix = (x: Float32Array) => {
    if (k === e.dim) return x;
    const rows = x.length / e.dim;
    const out = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) out.set(x.subarray(r * e.dim, r * e.dim + k), r * k);
    return out;
  };
  return {
    trainX: prepareFeatures(prefix(e.trainX), k, normalisation),
    trainY: e.trainY,
    testX: prepareFeatures(prefix(e.testX), k, normalisation),
    testY: e.testY,
    dim: k,
    numClasses: e.numClasses,
  };
}
