/** A tiny encoder and seeded random images for the SimCLR tests. */
import { createRng } from '../rng';
import { type EncoderConfig, DEFAULT_ENCODER } from './encoder';

export const TINY: EncoderConfig = {
  ...DEFAULT_ENCODER,
  inputSize: 12,
  width: 8,
  stages: 2,
  groups: 4,
  projectionDim: 8,
};

export function randomImages(n: number, size: number, channels: number, seed = 1): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n * size * size * channels }, () => rng.int(256));
}
