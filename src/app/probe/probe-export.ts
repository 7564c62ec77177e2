/** What an exported probe's model files say about the run that trained it (pure: no React, no worker). */
import { ACCOUNTANT_METHOD } from '../../lib/privacy/accountant-names';
import type { RunRecord } from './run-record';
import { exportedDatasetName } from './run-store';

export function probeExportMetadata(r: RunRecord) {
  return {
    run: r.id,
    label: r.label,
    encoder: r.encoder,
    epsilon: r.epsilon,
    delta: r.delta,
    accountant: r.private ? ACCOUNTANT_METHOD[r.accountant] : 'none: trained without privacy',
    noiseMultiplier: r.noiseMultiplier,
    sampleRate: r.sampleRate,
    // not applied without privacy (the non-private baseline neither clips nor adds noise)
    clipNorm: r.private ? r.clipNorm : null,
    steps: r.steps,
    testAccuracy: r.testAccuracy,
    // the probe's input: the first featureDims of the encoder's features (public PCA components), L2-normalised
    ...(r.probeConfig?.featureDims !== undefined ? { featureDims: r.probeConfig.featureDims } : {}),
    noise:
      r.seedSource === 'user'
        ? 'from a user-chosen seed: no guarantee against anyone who knows it'
        : 'from the cryptographic generator (crypto.getRandomValues)',
    // the private data (a built-in split's key, or "upload": never an upload's key, a hash of its images) and how
    // many of its training images the run used
    dataset: r.dataset === undefined ? null : exportedDatasetName(r.dataset),
    ...(r.trainSize !== undefined ? { trainImages: r.trainSize } : {}),
    // as step 5's "What this ε covers" says it: the test split is private, but its accuracy is outside ε
    covers: r.private
      ? 'ε covers the probe weights below, trained on the private training split of `dataset` (each of its images: add or remove one; the number of images, trainImages, is treated as public). This ε is for this run alone: runs on the same data compose, and the lab\'s "Privacy spent on this data" gives their total.'
      : 'Nothing: the probe weights below were trained on the private training split without privacy.',
    notCovered:
      'testAccuracy, measured on the private test split without noise (private, but outside ε); choosing settings by looking at private test accuracy; the encoder and its pretraining data, which are assumed public.',
  };
}
