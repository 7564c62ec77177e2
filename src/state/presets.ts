/**
 * Presets a lecturer can pick: they set values only (never results). Each sets every training and privacy
 * setting (the lab default's, then its own changes), so a preset means the same whichever was picked before:
 * "Tiny clipping norm" after "Too much noise" is the lab default with C = 0.01, not σ = 15 and C = 0.01.
 */
import { DEFAULT_CONFIG, type LabConfig, defaultDeltaExp } from './lab-config.ts';
import { PROBE_RECIPE, learningRateForEpsilon } from '../lib/dp/recipe.ts';

export interface Preset {
  id: string;
  title: string;
  patch: Partial<LabConfig>;
}

/**
 * The settings every preset sets: the lab default's training and privacy settings (not data, encoder or seed).
 * δ is the default for the private data's N (`patchFor`) unless the preset chooses one.
 */
const TRAINING_DEFAULTS: Partial<LabConfig> = {
  noiseMultiplier: DEFAULT_CONFIG.noiseMultiplier,
  clipNorm: DEFAULT_CONFIG.clipNorm,
  expectedBatchSize: DEFAULT_CONFIG.expectedBatchSize,
  epochs: DEFAULT_CONFIG.epochs,
  optimizer: DEFAULT_CONFIG.optimizer,
  learningRate: DEFAULT_CONFIG.learningRate,
  momentum: DEFAULT_CONFIG.momentum,
  privacyMode: DEFAULT_CONFIG.privacyMode,
  targetEpsilon: DEFAULT_CONFIG.targetEpsilon,
  featureDims: DEFAULT_CONFIG.featureDims,
};

const PRESET_CHANGES: readonly Preset[] = [
  {
    id: 'default',
    title: 'Lab default (σ = 1, B = 1024, 10 epochs)',
    patch: {
      noiseMultiplier: 1,
      clipNorm: 1,
      expectedBatchSize: 1024,
      epochs: 10,
      privacyMode: 'fixed-sigma',
    },
  },
  {
    id: 'recipe',
    title: 'Best accuracy at ε = 3: the recipe tuned on public data (B = 8,192, 40 epochs, C = 1)',
    patch: {
      expectedBatchSize: PROBE_RECIPE.expectedBatchSize,
      epochs: PROBE_RECIPE.epochs,
      clipNorm: PROBE_RECIPE.clipNorm,
      optimizer: PROBE_RECIPE.optimizer,
      momentum: PROBE_RECIPE.momentum,
      learningRate: learningRateForEpsilon(3),
      privacyMode: 'target-epsilon',
      targetEpsilon: 3,
      encoder: 'shipped',
    },
  },
  {
    id: 'little',
    title: 'Almost no privacy (σ = 0.3)',
    patch: { noiseMultiplier: 0.3, clipNorm: 1, privacyMode: 'fixed-sigma' },
  },
  {
    id: 'strong',
    title: 'Strong privacy (ε < 1, δ = 1e-9)',
    patch: {
      privacyMode: 'target-epsilon',
      targetEpsilon: 0.9,
      deltaExp: -9,
      expectedBatchSize: 2048,
      epochs: 10,
      clipNorm: 1,
    },
  },
  {
    id: 'noise',
    title: 'Too much noise (σ = 15, B = 256)',
    patch: { noiseMultiplier: 15, expectedBatchSize: 256, privacyMode: 'fixed-sigma' },
  },
  {
    id: 'clip',
    title: 'Tiny clipping norm (C = 0.01)',
    patch: { clipNorm: 0.01, privacyMode: 'fixed-sigma' },
  },
  {
    // step 4's lesson made visible: the bench's leaky setting (`npm run -s bench -- audit`), where the
    // non-private probe memorises its 2,000 images and LiRA finds members; the DP probe beside it does not leak
    id: 'leaky',
    title:
      'A probe that leaks, for step 4: raw pixels, 2,000 images, 100 epochs at learning rate 8 (tick the non-private baseline too)',
    patch: {
      encoder: 'pixels',
      privateSubset: 2000,
      expectedBatchSize: 100,
      epochs: 100,
      optimizer: 'sgd',
      learningRate: 8,
      momentum: 0.9,
      clipNorm: 1,
      privacyMode: 'target-epsilon',
      targetEpsilon: 8,
    },
  },
  {
    id: 'abadi2016',
    title: 'The 2016 MNIST setting (lot 600, σ = 4, C = 4, δ = 1e-5)',
    patch: {
      expectedBatchSize: 600,
      noiseMultiplier: 4,
      clipNorm: 4,
      deltaExp: -5,
      epochs: 20,
      privacyMode: 'fixed-sigma',
      optimizer: 'sgd',
      learningRate: 0.5,
    },
  },
];

export const PRESETS: readonly Preset[] = PRESET_CHANGES.map((p) => ({
  ...p,
  patch: { ...TRAINING_DEFAULTS, ...p.patch },
}));

/** What picking a preset sets on private data of N images: its patch, with δ the default for N unless it sets one. */
export function patchFor(preset: Preset, datasetSize: number): Partial<LabConfig> {
  return { deltaExp: defaultDeltaExp(datasetSize), ...preset.patch };
}

/** The preset whose settings the configuration still has, all of them, if any (on N private images). */
export function matchingPreset(config: LabConfig, datasetSize: number): Preset | undefined {
  return PRESETS.find((p) =>
    Object.entries(patchFor(p, datasetSize)).every(
      ([key, value]) => config[key as keyof LabConfig] === value,
    ),
  );
}
