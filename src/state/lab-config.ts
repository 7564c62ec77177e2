/**
 * The lab's whole configuration as one typed object. Components read it and send changes; nothing else
 * holds settings. (The URL codec and presets build on this table.)
 */
import { defaultDeltaExponent } from '../lib/dp/plan.ts';

/**
 * Which encoder the probe sees. 'shipped': the lab's default encoder (see ENCODER_CHOICES); 'scatter', 'pixels',
 * 'simclr-v1' (the first SimCLR encoder, kept for comparison) and 'random': the other kinds; 'session': the
 * encoder pretrained or loaded in this browser session (step 2). Stable names: they are in shared links.
 */
export type EncoderChoice = 'shipped' | 'scatter' | 'pixels' | 'simclr-v1' | 'random' | 'session';

export interface LabConfig {
  noiseMultiplier: number;
  clipNorm: number;
  expectedBatchSize: number;
  epochs: number;
  /** δ = 10^deltaExp */
  deltaExp: number;
  encoder: EncoderChoice;
  optimizer: 'sgd' | 'adam';
  learningRate: number;
  momentum: number;
  /** null: seeds from crypto.getRandomValues (the default) */
  seed: number | null;
  /** Use only the first N private training images (null = all): faster on machines without a GPU. */
  privateSubset: number | null;
  /**
   * How many of the default encoder's whitened components the probe keeps (null: `featureDimsFor(N)`, fewer on
   * small data). Only for encoders whose features are public PCA components (`ORDERED_FEATURES`).
   */
  featureDims: number | null;
  /** How σ is chosen for a run: the slider's σ, σ solved for a target ε, or the slider's σ until a budget is spent. */
  privacyMode: 'fixed-sigma' | 'target-epsilon' | 'budget';
  /** The target ε (target mode) or the budget (budget mode). */
  targetEpsilon: number;
  /** The accountant whose ε drives target-ε calibration and budget stops (both are always shown). */
  accountant: 'rdp' | 'pld';
  /** Sweep: comma-separated target ε values, and the number of seeds per value. */
  sweepEpsilons: string;
  sweepSeeds: number;
  /**
   * Whether a start of step 3 also trains the same DP run on the random encoder (the contrast, charged too): on
   * by default, it is the lab's lesson. A setting like the others, so a reload or a link keeps it (a contrast
   * that came back after a reload charged a run the user had turned off).
   */
  contrast: boolean;
}

export const DEFAULT_CONFIG: LabConfig = {
  noiseMultiplier: 1,
  clipNorm: 1,
  expectedBatchSize: 1024,
  epochs: 10,
  deltaExp: -6,
  encoder: 'shipped',
  optimizer: 'sgd',
  learningRate: 2,
  momentum: 0.9,
  seed: null,
  privateSubset: null,
  featureDims: null,
  privacyMode: 'fixed-sigma',
  targetEpsilon: 1,
  accountant: 'rdp',
  sweepEpsilons: '0.5, 1, 2, 4, 8',
  sweepSeeds: 2,
  contrast: true,
};

/** δ defaults to 1/(10·N) rounded down to a power of ten (issue #6), as an exponent: the library's rule. */
export function defaultDeltaExp(datasetSize: number): number {
  return defaultDeltaExponent(datasetSize);
}
