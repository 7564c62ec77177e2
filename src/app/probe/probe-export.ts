/** What an exported probe's model files say about the run that trained it (pure: no React, no worker). */
import { ACCOUNTANT_METHOD } from '../../lib/privacy/accountant-names';
import type { RunRecord } from './run-record';

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
    clipNorm: r.clipNorm,
    steps: r.steps,
    testAccuracy: r.testAccuracy,
    // the probe's input: the first featureDims of the encoder's features (public PCA components), L2-normalised
    ...(r.probeConfig?.featureDims !== undefined ? { featureDims: r.probeConfig.featureDims } : {}),
    noise:
      r.seedSource === 'user'
        ? 'from a user-chosen seed: no guarantee against anyone who knows it'
        : 'from the cryptographic generator (crypto.getRandomValues)',
    covers:
      'the probe weights below, trained on the private training split; the encoder and the test split are treated as public',
  };
}
