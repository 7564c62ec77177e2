/** Encoder configuration (no tfjs here, so the UI can import it without loading tfjs). */
export interface EncoderConfig {
  inputSize: number;
  channels: 1 | 3;
  width: number;
  stages: number;
  blocksPerStage: number;
  /** Downsample in the first stage too (cheaper; good for ≥ 32 px). */
  stemStride2: boolean;
  groups: number;
  projectionDim: number;
  seed: number;
  /**
   * 'scatter': the learned network sits on a fixed scattering transform (J = 2, L = 8: 81 maps at ¼ of the
   * image size, then GroupNorm with 27 groups), as in ScatSimCLR (arXiv 2108.13939). Absent or 'none': on pixels.
   */
  frontEnd?: 'none' | 'scatter';
}

export const DEFAULT_ENCODER: EncoderConfig = {
  inputSize: 28,
  channels: 1,
  width: 32,
  stages: 3,
  blocksPerStage: 1,
  stemStride2: false,
  groups: 8,
  projectionDim: 64,
  seed: 1,
};

/**
 * The architecture of the shipped SimCLR v1 encoder (public/models/fmnist-simclr) and of the lab's random
 * contrast encoder: the default ResNet with a stride-2 stem (every stage halves the image).
 */
export const SHIPPED_SIMCLR_ARCHITECTURE: EncoderConfig = { ...DEFAULT_ENCODER, stemStride2: true };

export function embeddingDim(config: EncoderConfig): number {
  return config.width * 2 ** (config.stages - 1);
}

/** τ and the pretraining learning rate in ranges where NT-Xent and the optimizers stay meaningful. */
export const TEMPERATURE_RANGE = [0.01, 10] as const;
export const LEARNING_RATE_MAX = 100;
