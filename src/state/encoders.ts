/**
 * The encoders the lab offers for the built-in data, as people see them. The default was chosen on the
 * Fashion-MNIST public split only (`npm run tune`; README, "Features"); its accuracy on the private test split
 * was measured once, afterwards (`npm run -s bench -- quality`).
 */
import type { EncoderChoice } from './lab-config';

/** public/models/<folder> of the default encoder. */
export const DEFAULT_ENCODER_FOLDER = 'fmnist-scatter';

export const ENCODER_LABELS: Record<EncoderChoice, string> = {
  shipped: 'Default: scattering transform at two scales, log-compressed, + public PCA whitening (fixed)',
  scatter: 'Scattering transform, picked by kind (today the same encoder as the default)',
  pixels: 'Raw pixels (no encoder)',
  'simclr-v1': 'SimCLR ResNet, first version (pretrained on public)',
  random: 'Random (untrained SimCLR ResNet)',
  session: 'Chosen in step 2',
};

/** Short names for legends and tables. */
export const ENCODER_SHORT: Record<string, string> = {
  shipped: 'default encoder',
  scatter: 'scattering',
  pixels: 'raw pixels',
  'simclr-v1': 'SimCLR v1',
  random: 'random encoder',
  session: 'this session',
  'this session': 'this session',
};

/** The short name of an encoder choice; a name without one is shown as it is. */
export function encoderShort(name: string): string {
  return ENCODER_SHORT[name] ?? name;
}

/** The encoders "Compare encoders" runs the same DP probe on, in order (the default last, drawn on top). */
export const COMPARED_ENCODERS: EncoderChoice[] = ['pixels', 'random', 'simclr-v1', 'shipped'];

/** Encoders built for any image size; the others are fitted to 28 × 28 grayscale. */
export function encoderFitsAnyImage(choice: EncoderChoice): boolean {
  return choice === 'pixels' || choice === 'random';
}
