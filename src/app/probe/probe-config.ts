/**
 * The lab's settings turned into what the probe worker takes: the ProbeConfig of a run, the private data
 * source, the encoder source and the keys they are cached and accounted under. Pure (no React).
 */
import { ENCODER_URLS, SHIPPED_ENCODER_URL } from '../shell/files';
import { embeddingKey } from '../../lib/data/embedding-key';
import type { PrivacyMode, ProbeConfig } from '../../lib/dp/plan';
import { cappedBatch as cappedBatchOf } from '../../lib/dp/plan';
import { type EncoderConfig, SHIPPED_SIMCLR_ARCHITECTURE } from '../../lib/simclr/config';
import type { EncoderChoice, LabConfig } from '../../state/lab-config';
import { FEATURE_DIMS, featureDimsFor } from '../../lib/dp/recipe';
import type {
  EncoderSource,
  PreparedEmbeddings,
  PrivateSource,
  Subsample,
} from '../../../workers/shared/contracts';

export const RANDOM_KEY = 'random-encoder';

/**
 * The random-encoder contrast embeds at most this many training images (and the matching test subset), so
 * that it does not double the wait; its expected batch size is scaled to keep q (and so ε) the same.
 */
export const RANDOM_CONTRAST_TRAIN = 10_000;

export function randomContrastSubsample(train: number, test: number): Subsample | undefined {
  if (train <= RANDOM_CONTRAST_TRAIN) return undefined;
  return { train: RANDOM_CONTRAST_TRAIN, test: Math.min(test, testSubset(RANDOM_CONTRAST_TRAIN)) };
}

/** How the opt-in non-private baseline is labelled everywhere. */
export const NON_PRIVATE_NOTE = 'no privacy: trained on your private data';

/** With a private-training subset of n images, the probe is evaluated on the first max(1,000, n/5) test images. */
export function testSubset(n: number): number {
  return Math.min(10_000, Math.max(1_000, Math.round(n / 5)));
}

function privacyOf(config: LabConfig): PrivacyMode {
  switch (config.privacyMode) {
    case 'target-epsilon':
      return { kind: 'target-epsilon', targetEpsilon: config.targetEpsilon };
    case 'budget':
      return { kind: 'budget', noiseMultiplier: config.noiseMultiplier, budgetEpsilon: config.targetEpsilon };
    default:
      return { kind: 'fixed-sigma', noiseMultiplier: config.noiseMultiplier };
  }
}

/** The expected batch B a run uses: the setting, capped at N (the slider may sit above a small dataset). */
export function cappedBatch(config: Pick<LabConfig, 'expectedBatchSize'>, datasetSize: number): number {
  return cappedBatchOf(config.expectedBatchSize, datasetSize);
}

/**
 * Encoders whose embedding ends in the public PCA whitening, components largest first: a prefix of it is the
 * top-k components (`featureDimsFor`). The others' features have no order to cut.
 */
export const ORDERED_FEATURES: ReadonlySet<string> = new Set<EncoderChoice>(['shipped', 'scatter']);

/** The features a probe on `encoder` keeps: the setting or `featureDimsFor(N)`; all of them for unordered ones. */
/** The prefix a link or the select chose, if it is one the select offers; null means auto (also for any other). */
export function offeredFeatureDims(config: Pick<LabConfig, 'featureDims'>): number | null {
  const chosen = config.featureDims;
  return chosen !== null && (FEATURE_DIMS as readonly number[]).includes(chosen) ? chosen : null;
}

export function featureDimsOf(
  config: Pick<LabConfig, 'featureDims'>,
  encoder: string,
  datasetSize: number,
): number | undefined {
  if (!ORDERED_FEATURES.has(encoder)) return undefined;
  // a value the select does not offer (a hand-edited link) means auto, as the select then shows
  return offeredFeatureDims(config) ?? featureDimsFor(datasetSize);
}

/** The probe a run of `config` trains: on `encoder`'s features (default: the configured encoder). */
export function probeConfigOf(
  config: LabConfig,
  delta: number,
  datasetSize: number,
  encoder: string = config.encoder,
): ProbeConfig {
  const featureDims = featureDimsOf(config, encoder, datasetSize);
  return {
    ...(featureDims === undefined ? {} : { featureDims }),
    privacy: privacyOf(config),
    clipNorm: config.clipNorm,
    expectedBatchSize: cappedBatch(config, datasetSize),
    epochs: config.epochs,
    learningRate: config.learningRate,
    optimizer: config.optimizer,
    momentum: config.momentum,
    delta,
    seed: config.seed,
    accountant: config.accountant,
  };
}

export function dpLabel(config: LabConfig): string {
  const opt = config.optimizer === 'adam' ? 'DP-Adam' : 'DP-SGD';
  if (config.privacyMode === 'target-epsilon') return `${opt}, target ε=${config.targetEpsilon}`;
  if (config.privacyMode === 'budget')
    return `${opt} σ=${config.noiseMultiplier.toPrecision(3)}, budget ε=${config.targetEpsilon}`;
  return `${opt} σ=${config.noiseMultiplier.toPrecision(3)}`;
}

/** The sweep's target ε values, parsed from "0.5, 1, 2"; invalid entries are dropped. */
export function parseEpsilons(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .map(Number)
    .filter((v) => v > 0 && Number.isFinite(v));
}

/**
 * The seeds of a sweep's repeats. No seed: every run draws fresh crypto randomness. A seed: repeat r uses
 * seed + r, and each point its own streams of it (the library derives them from (seed, point)), so no two
 * runs share noise.
 */
export function sweepSeeds(config: LabConfig): (number | null)[] {
  const repeats = Math.max(1, config.sweepSeeds);
  return Array.from({ length: repeats }, (_, i) => (config.seed === null ? null : config.seed + i));
}

/** The files of a shipped encoder choice (the default's for any other). */
export const encoderUrl = (choice: EncoderChoice): string =>
  choice === 'scatter' || choice === 'simclr-v1' ? ENCODER_URLS[choice] : SHIPPED_ENCODER_URL;

/** An encoder pretrained in this session: its model files and a key that changes with every new one. */
export interface SessionEncoder {
  modelJson: string;
  weights: ArrayBuffer;
  key: string;
}

export function encoderSource(
  choice: LabConfig['encoder'],
  session?: SessionEncoder | null,
  /** The private images' shape, for the random encoder (default: the built-in 28×28 grayscale). */
  shape?: { size: number; channels: 1 | 3 },
): EncoderSource {
  if (choice === 'session' && session) return { kind: 'files', ...session };
  if (choice === 'pixels') return { kind: 'pixels', key: 'pixels' };
  if (choice !== 'random') {
    // a shipped encoder: keyed by its file, so the default and the kind it is share their embeddings
    const url = encoderUrl(choice);
    return { kind: 'url', url, key: url };
  }
  const config = randomConfigOf(shape);
  if (config === SHIPPED_SIMCLR_ARCHITECTURE) return { kind: 'random', config, key: RANDOM_KEY };
  return { kind: 'random', config, key: `${RANDOM_KEY}-${config.inputSize}x${config.channels}` };
}

/** The random (untrained) encoder for images of this shape: the shipped architecture, its input resized. */
export function randomConfigOf(shape?: { size: number; channels: 1 | 3 }): EncoderConfig {
  const config = SHIPPED_SIMCLR_ARCHITECTURE;
  if (!shape || (shape.size === config.inputSize && shape.channels === config.channels)) return config;
  return { ...config, inputSize: shape.size, channels: shape.channels };
}

/** The shape of uploaded private images (undefined for the built-in data, which is 28×28 grayscale). */
export function shapeOf(source: PrivateSource) {
  return source.kind === 'images' ? { size: source.train.width, channels: source.train.channels } : undefined;
}

/** Embeddings depend on the private data (or the subsample of it) and the encoder. */
/** The key the probe worker keeps these embeddings under (lib/data/embedding-key.ts, used by both sides). */
export function preparedKey(source: PrivateSource, enc: EncoderSource, sub?: Subsample): string {
  return embeddingKey(source, enc.key, sub);
}

/** The built-in private splits, or the first N of them when the user picked a subset. */
export function builtinSource(config: Pick<LabConfig, 'privateSubset'>): PrivateSource {
  return {
    kind: 'builtin',
    id: 'fashion-mnist',
    ...(config.privateSubset
      ? { limitTrain: config.privateSubset, limitTest: testSubset(config.privateSubset) }
      : {}),
  };
}

/** What a run on the built-in data keeps, so that its embeddings can be made again (for its audit). */
export interface Reembed {
  /** The first N private training images it was given (null: all of them). */
  privateSubset: number | null;
  /** The random-encoder contrast's subsample of those. */
  sub?: Subsample;
  /** The embeddings' content key (images and encoder weights, hashed): made again, they must match it. */
  contentKey: string;
}

/** The encoders whose embeddings of the built-in data are the same on any page load: files shipped, or seeded. */
const REEMBEDDABLE: readonly string[] = ['shipped', 'scatter', 'pixels', 'simclr-v1', 'random'];

/**
 * What a run keeps to be embedded again on a later page load: on the built-in data with a shipped or seeded
 * encoder only (an upload's images and a session's encoder are not kept).
 */
export function reembedOf(
  source: PrivateSource,
  encoder: string,
  contentKey: string,
  sub?: Subsample,
): Reembed | undefined {
  if (source.kind !== 'builtin' || !REEMBEDDABLE.includes(encoder) || !contentKey) return undefined;
  return { privateSubset: source.limitTrain ?? null, ...(sub ? { sub } : {}), contentKey };
}

const positiveInt = (x: unknown) => Number.isInteger(x) && (x as number) > 0;

/**
 * The private data, encoder and subsample that embed a stored run's images again, or null if they cannot be
 * (an upload, a session's encoder, a record from before, a corrupt one, or one whose embeddings' key no longer
 * matches: another subset or encoder). The key is made of names: whether the images and the encoder's weights
 * are still the same is checked once they are embedded, against `contentKey` (`sameEmbeddings`).
 */
export function reembedding(run: {
  encoder: string;
  embeddingsKey?: string;
  reembed?: unknown;
}): { source: PrivateSource; enc: EncoderSource; sub?: Subsample; contentKey: string } | null {
  const r = run.reembed as Partial<Reembed> | undefined;
  if (!r || typeof r !== 'object' || !REEMBEDDABLE.includes(run.encoder) || !run.embeddingsKey) return null;
  if (r.privateSubset !== null && !positiveInt(r.privateSubset)) return null;
  if (r.sub !== undefined && !(positiveInt(r.sub?.train) && positiveInt(r.sub?.test))) return null;
  if (typeof r.contentKey !== 'string' || !r.contentKey) return null;
  const source = builtinSource({ privateSubset: r.privateSubset ?? null });
  const enc = encoderSource(run.encoder as EncoderChoice);
  const sub = r.sub ? { train: r.sub.train, test: r.sub.test } : undefined;
  if (preparedKey(source, enc, sub) !== run.embeddingsKey) return null;
  return { source, enc, ...(sub ? { sub } : {}), contentKey: r.contentKey };
}

/** Whether embeddings made again are the ones the run was trained on: the same names and the same content. */
export const sameEmbeddings = (
  info: Pick<PreparedEmbeddings, 'key' | 'contentKey'>,
  run: { embeddingsKey?: string },
  contentKey: string,
): boolean => info.key === run.embeddingsKey && info.contentKey === contentKey;

/**
 * The key of a private dataset's privacy ledger: every subset of the built-in private training split is the
 * same dataset (its first n images); an upload is its files, whatever labels were read from them.
 */
export function datasetKey(source: PrivateSource): string {
  // an upload's key is `upload:<name>:<files>:<label rule JSON>:…` (use-upload.ts): keep the files part
  return source.kind === 'builtin' ? `builtin:${source.id}` : source.key.split(':{"kind"')[0]!;
}

/**
 * What one "Start private training" trains on the private data, each run charged to the dataset's ledger: a
 * lecturer reading "ε of the next run" should not be surprised that the total grows by two runs.
 */
export function startedRuns(randomContrast: boolean, nonPrivate: boolean): string {
  const runs = [
    'your DP run',
    ...(nonPrivate ? ['the non-private baseline (ε = ∞)'] : []),
    ...(randomContrast
      ? [
          `the same DP run on a random encoder (the contrast: on at most ${RANDOM_CONTRAST_TRAIN.toLocaleString('en')} of the images, at the same q and σ, so about the same ε)`,
        ]
      : []),
  ];
  if (runs.length === 1)
    return 'Start private training trains one run on your private data, charged to "Privacy spent on this data".';
  const list = `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}`;
  return `Start private training trains ${runs.length} runs on your private data, each charged to "Privacy spent on this data": ${list}.`;
}
