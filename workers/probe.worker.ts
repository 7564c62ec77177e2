/**
 * The private fine-tuning worker: embeds the private images once per encoder (cached), then trains linear
 * probes on those embeddings with DP-SGD or without privacy, streaming per-epoch metrics and the DP events it
 * ran. Pause holds the loop at the next yield; stop ends it gracefully (the steps already run stay accounted).
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/lib/backend/choose';
import { type ImageDataset } from '../src/lib/data/dataset';
import { majorityBaseline, prepareFeatures, type FeatureNormalisation } from '../src/lib/dp/features';
import { planProbe, resolveDelta } from '../src/lib/dp/plan';
import { runSweep, type SweepPoint, type SweepSpec } from '../src/lib/dp/sweep';
import { type EpochMetrics, type ProbeConfig, type ProbeResult, trainProbe } from '../src/lib/dp/train-probe';
import { type AuditProgress, type AuditResult, runAudit, shadowConfigOf } from '../src/lib/audit/run-audit';
import { type EncoderConfig, buildEncoder, embedImages } from '../src/lib/simclr/encoder';
import type { AnyAccountantJson } from '../src/lib/privacy/privacy-accountant';
import '../src/lib/simclr/group-norm'; // registers the layer classes encoders contain, for model loading
import '../src/lib/encoders/scatter';
import { buildPixelsEncoder } from '../src/lib/encoders/kinds';
import { initBackend } from './shared/backend';
import { JobControl, jobCommands } from './shared/job-control';
import { type ModelFiles, allFinite, loadModel, modelToFiles } from './shared/model-files';
import { fetchBuiltin } from './shared/datasets';
import {
  type CachedEmbeddings,
  cachedEmbeddingsUsage,
  forgetCachedEmbeddings,
  loadCachedEmbeddings,
  storeCachedEmbeddings,
} from './shared/embedding-cache';
import { contentKey } from '../src/lib/data/chunked-key';
import { embeddingKey } from '../src/lib/data/embedding-key';
import {
  decodeEmbeddingsFile,
  dataContentKey,
  encoderFilesKey,
  shippedEmbeddingsFile,
} from '../src/lib/data/embeddings-file';

export type PrivateSource =
  | { kind: 'builtin'; id: string; limitTrain?: number; limitTest?: number }
  | { kind: 'images'; key: string; train: ImageDataset; test: ImageDataset };

export type EncoderSource =
  | { kind: 'url'; url: string; key: string }
  | { kind: 'random'; config: EncoderConfig; key: string }
  | { kind: 'pixels'; key: string }
  | { kind: 'files'; modelJson: string; weights: ArrayBuffer; key: string };

export interface PreparedEmbeddings {
  key: string;
  dim: number;
  train: number;
  test: number;
  numClasses: number;
  classNames: string[];
  majorityAccuracy: number;
  seconds: number;
  /** 'memory' (this worker has them), 'indexeddb' (kept from an earlier visit), 'shipped' (the install-time file) or null (embedded now). */
  cached: 'memory' | 'indexeddb' | 'shipped' | null;
  /** Images embedded per second (null when they came from a cache). */
  imagesPerSecond: number | null;
}

/** The first `train` training and `test` test images only (the cheap random-encoder contrast). */
export interface Subsample {
  train: number;
  test: number;
}

/**
 * Embeddings by data × encoder key, least recently used first; at most EMBEDDING_CACHE_SIZE are kept (the app
 * asks `has(key)` before training and prepares again when an entry was evicted or the worker restarted).
 */
const embeddings = new Map<string, CachedEmbeddings>();
const EMBEDDING_CACHE_SIZE = 3;

function lookup(key: string): CachedEmbeddings | undefined {
  const e = embeddings.get(key);
  if (e) {
    embeddings.delete(key);
    embeddings.set(key, e); // most recently used last
  }
  return e;
}

function remember(key: string, e: CachedEmbeddings) {
  embeddings.delete(key);
  embeddings.set(key, e);
  while (embeddings.size > EMBEDDING_CACHE_SIZE) embeddings.delete(embeddings.keys().next().value!);
}
/** Writes to the IndexedDB cache still under way. */
let storing: Promise<unknown> = Promise.resolve();
const control = new JobControl();
/** The audit has its own pause/stop, so that it never holds or stops a training run (and vice versa). */
const auditControl = new JobControl();

function loadEncoder(source: EncoderSource, data: ImageDataset): Promise<tf.LayersModel> {
  if (source.kind === 'random') return Promise.resolve(buildEncoder(source.config));
  if (source.kind === 'pixels') return Promise.resolve(buildPixelsEncoder(data.width, data.channels));
  return loadModel(source);
}

async function privateSplits(source: PrivateSource): Promise<{ train: ImageDataset; test: ImageDataset }> {
  if (source.kind === 'images') return { train: source.train, test: source.test };
  const bundle = await fetchBuiltin(source.id);
  return {
    train: cut(bundle.splits['private-train']!, source.limitTrain ?? Infinity),
    test: cut(bundle.splits['private-test']!, source.limitTest ?? Infinity),
  };
}

function cut(d: ImageDataset, n: number): ImageDataset {
  const count = Math.min(n, d.labels.length);
  return {
    ...d,
    images: d.images.subarray(0, count * d.width * d.height * d.channels),
    labels: d.labels.subarray(0, count),
  };
}

/** What decides an encoder's output: its weights and topology (or, for the seeded random one, its config). */
async function encoderContent(source: EncoderSource): Promise<string> {
  switch (source.kind) {
    case 'random':
      return contentKey(['random', JSON.stringify(source.config), tf.version.tfjs]);
    case 'files':
      return contentKey(['files', source.modelJson, source.weights]);
    case 'url': {
      const url = new URL(source.url, self.location.href);
      const text = await (await fetch(url)).text();
      const manifest = (JSON.parse(text) as { weightsManifest: { paths: string[] }[] }).weightsManifest;
      const weights = await Promise.all(
        manifest.flatMap((g) => g.paths).map(async (p) => (await fetch(new URL(p, url))).arrayBuffer()),
      );
      return encoderFilesKey(text, weights);
    }
    default:
      return contentKey(['other', (source as { key: string }).key]);
  }
}

/**
 * The embeddings shipped for a built-in dataset and a shipped encoder (scripts/prepare-embeddings.ts), for
 * the first `train` and `test` images, or null: not built-in data, no file, a file made from other encoder
 * files (its key differs) or other images (the labels of the prefix differ). Then the worker embeds itself.
 */
async function shippedEmbeddings(
  data: PrivateSource,
  encoder: EncoderSource,
  encoderKey: string,
  train: ImageDataset,
  test: ImageDataset,
): Promise<CachedEmbeddings | null> {
  if (data.kind !== 'builtin' || encoder.kind !== 'url') return null;
  const folder = /\/models\/([^/]+)\/model\.json$/.exec(
    new URL(encoder.url, self.location.href).pathname,
  )?.[1];
  if (!folder) return null;
  try {
    const url = new URL(
      `${import.meta.env.BASE_URL}${shippedEmbeddingsFile(data.id, folder)}`,
      self.location.href,
    );
    const res = await fetch(url);
    if (!res.ok) return null;
    const file = decodeEmbeddingsFile(new Uint8Array(await res.arrayBuffer()));
    const { header: h } = file;
    const nTrain = train.labels.length;
    const nTest = test.labels.length;
    if (h.encoderKey !== encoderKey || h.dataset !== data.id || nTrain > h.train || nTest > h.test)
      return null;
    // of exactly these images: the whole private splits' content (the file's prefix is then theirs too)
    const bundle = await fetchBuiltin(data.id);
    const whole = await dataContentKey(bundle.splits['private-train']!, bundle.splits['private-test']!);
    if (whole !== h.dataKey) return null;
    for (let i = 0; i < nTrain; i++) if (file.trainY[i] !== train.labels[i]) return null;
    for (let i = 0; i < nTest; i++) if (file.testY[i] !== test.labels[i]) return null;
    return {
      trainX: file.trainX.subarray(0, nTrain * h.dim),
      trainY: Int32Array.from(train.labels),
      testX: file.testX.subarray(0, nTest * h.dim),
      testY: Int32Array.from(test.labels),
      dim: h.dim,
      classNames: train.classNames,
    };
  } catch {
    return null; // not such a file (a static host's index.html, a truncated download): embed instead
  }
}

function probeData(key: string, normalisation: FeatureNormalisation) {
  const e = lookup(key);
  if (!e) throw new Error('the embeddings are not ready: prepare them first');
  return {
    trainX: prepareFeatures(e.trainX, e.dim, normalisation),
    trainY: e.trainY,
    testX: prepareFeatures(e.testX, e.dim, normalisation),
    testY: e.testY,
    dim: e.dim,
    numClasses: e.classNames.length,
  };
}

const api = {
  init(forced: BackendName | null) {
    return initBackend(forced);
  },

  /** Whether embeddings for this key are still cached here (they go when evicted or the worker restarts). */
  has(key: string): boolean {
    return embeddings.has(key);
  },

  /**
   * Embed the private train and test images through the encoder, once: later calls hit this worker's memory,
   * and a later visit finds them in IndexedDB (keyed by the content of the data and the encoder).
   */
  async prepare(
    data: PrivateSource,
    encoder: EncoderSource,
    onProgress?: (done: number, total: number) => void,
    subsample?: Subsample,
  ): Promise<PreparedEmbeddings> {
    const key = embeddingKey(data, encoder.key, subsample);
    const started = performance.now();
    let cached: PreparedEmbeddings['cached'] = 'memory';
    let imagesPerSecond: number | null = null;
    if (!embeddings.has(key)) {
      const splits = await privateSplits(data);
      const train = subsample ? cut(splits.train, subsample.train) : splits.train;
      const test = subsample ? cut(splits.test, subsample.test) : splits.test;
      const encoderKey = await encoderContent(encoder);
      const stored = `${await dataContentKey(train, test)}|${encoderKey}`;
      const hit = await loadCachedEmbeddings(stored);
      const shipped = hit ? null : await shippedEmbeddings(data, encoder, encoderKey, train, test);
      if (hit) {
        cached = 'indexeddb';
        remember(key, hit);
      } else if (shipped) {
        cached = 'shipped';
        remember(key, shipped);
        storing = storing.then(() => storeCachedEmbeddings(stored, shipped));
      } else {
        cached = null;
        const model = await loadEncoder(encoder, train);
        const [, h, w, c] = model.inputs[0]!.shape as number[];
        if (h !== train.height || w !== train.width || c !== train.channels) {
          model.dispose();
          throw new Error(
            `the encoder expects ${h}×${w}×${c} images, the private data is ${train.height}×${train.width}×${train.channels}`,
          );
        }
        const total = train.labels.length + test.labels.length;
        const embed = (d: ImageDataset, offset: number) =>
          embedImages({
            encoder: model,
            images: d.images,
            count: d.labels.length,
            size: d.width,
            channels: d.channels,
            // 256 at 28 px; fewer for larger images, so that the wasm heap (which never shrinks) stays small
            batchSize: Math.max(16, Math.min(256, Math.floor((256 * 28 * 28) / (d.width * d.height)))),
            onProgress: (done) => onProgress?.(offset + done, total),
          });
        const t0 = performance.now();
        const trainX = await embed(train, 0);
        const testX = await embed(test, train.labels.length);
        imagesPerSecond = total / Math.max(1e-3, (performance.now() - t0) / 1000);
        model.dispose();
        const dim = trainX.length / Math.max(1, train.labels.length);
        const e = {
          trainX,
          trainY: Int32Array.from(train.labels),
          testX,
          testY: Int32Array.from(test.labels),
          dim,
          classNames: train.classNames,
        };
        remember(key, e);
        // not awaited: the probe can start meanwhile (cacheUsage waits for it)
        storing = storing.then(() => storeCachedEmbeddings(stored, e));
      }
    }
    const e = lookup(key)!;
    return {
      key,
      dim: e.dim,
      train: e.trainY.length,
      test: e.testY.length,
      numClasses: e.classNames.length,
      classNames: e.classNames,
      majorityAccuracy: majorityBaseline(e.trainY, e.testY, e.classNames.length).accuracy,
      seconds: (performance.now() - started) / 1000,
      cached,
      imagesPerSecond,
    };
  },

  /** How much the embeddings cache in IndexedDB holds. */
  async cacheUsage() {
    await storing;
    return cachedEmbeddingsUsage();
  },

  /** Forget every cached embedding (IndexedDB and this worker's memory). */
  async forgetCache() {
    embeddings.clear();
    await storing;
    await forgetCachedEmbeddings();
    return cachedEmbeddingsUsage();
  },

  /** σ, q, δ and steps a config will run (calibration with a PLD accountant takes a while: not on the UI thread). */
  plan(config: ProbeConfig, datasetSize: number) {
    return planProbe(config, datasetSize);
  },

  /** Train one probe on prepared embeddings; per-epoch metrics stream through onEpoch. */
  async train(
    key: string,
    config: ProbeConfig,
    normalisation: FeatureNormalisation,
    onEpoch?: (m: EpochMetrics) => void,
  ): Promise<ProbeResult & { backend: string }> {
    const signal = control.start();
    const data = probeData(key, normalisation);
    const result = await trainProbe({
      data,
      config,
      signal,
      yieldEvery: 10,
      gate: () => control.checkpoint(false), // trainProbe has just yielded
      ...(onEpoch ? { onEpoch } : {}),
    });
    // The backend that ran it goes with the result (the run list shows it).
    return Comlink.transfer({ ...result, backend: tf.getBackend() }, [
      result.weights.buffer,
      result.bias.buffer,
    ]);
  },

  /** Accuracy-versus-ε points for a list of σ or target ε values over several seeds. */
  async sweep(
    key: string,
    base: ProbeConfig,
    spec: SweepSpec,
    normalisation: FeatureNormalisation,
    onPoint?: (p: SweepPoint) => void,
    /** Every finished or stopped run's ledger, for the dataset's privacy ledger. */
    onRun?: (run: { value: number; ledger: AnyAccountantJson }) => void,
  ): Promise<SweepPoint[]> {
    // (the sweep's runs await between epochs, so a stop message aborts it there)
    const signal = control.start();
    return runSweep({
      data: probeData(key, normalisation),
      base,
      spec,
      signal,
      ...(onPoint ? { onPoint } : {}),
      ...(onRun
        ? { onRun: (value: number, _s: unknown, r: ProbeResult) => onRun({ value, ledger: r.ledger }) }
        : {}),
    });
  },

  /** A trained probe as TensorFlow.js model files: one dense layer (d → k), softmax logits, with metadata. */
  async exportProbe(
    weights: Float32Array,
    bias: Float32Array,
    dim: number,
    numClasses: number,
    metadata: Record<string, unknown>,
  ): Promise<ModelFiles> {
    const model = tf.sequential({ name: 'dp_linear_probe' });
    // setWeights copies the values: the two tensors made here are disposed, as is the model, whatever happens.
    const values = [tf.tensor2d(weights, [dim, numClasses]), tf.tensor1d(bias)];
    try {
      model.add(tf.layers.dense({ units: numClasses, inputShape: [dim], name: 'probe' }));
      model.setWeights(values);
      if (!(await allFinite(model)))
        throw new Error('the probe has weights that are not finite numbers; it is not exported');
      model.setUserDefinedMetadata({
        epsilonLab: { kind: 'dp-linear-probe', input: 'L2-normalised encoder embedding', ...metadata },
      });
      return await modelToFiles(model);
    } finally {
      tf.dispose(values);
      model.dispose();
    }
  },

  /**
   * Membership-inference audit of a trained probe on the embeddings it was trained on: members are its
   * training examples, non-members the held-out test examples; shadows train with the run's own settings.
   */
  async audit(
    key: string,
    target: { weights: Float32Array; bias: Float32Array },
    run: { config: ProbeConfig; noiseMultiplier: number; normalisation: FeatureNormalisation },
    options: { shadows: number; auditSize: number },
    onProgress?: (p: AuditProgress) => void,
  ): Promise<AuditResult> {
    const signal = auditControl.start();
    const data = probeData(key, run.normalisation);
    return runAudit({
      data,
      target,
      shadowConfig: shadowConfigOf(run.config, run.noiseMultiplier),
      delta: resolveDelta(run.config.delta, data.trainY.length),
      ...options,
      signal,
      gate: () => auditControl.checkpoint(false), // trainProbe has just yielded
      ...(onProgress ? { onProgress } : {}),
    });
  },
  auditCommand(command: 'pause' | 'resume' | 'stop') {
    auditControl[command]();
  },

  ...jobCommands(control),
};

Comlink.expose(api);
export type ProbeApi = typeof api;
