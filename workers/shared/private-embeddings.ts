/**
 * Where the probe worker's embeddings come from: the private splits (built-in or uploaded), the encoder, the
 * embeddings shipped with the lab, and the encoding itself; plus the worker's in-memory cache of them.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../../src/lib/data/dataset';
import type { FeatureNormalisation } from '../../src/lib/dp/features';
import { type ProbeData, probeDataOf } from '../../src/lib/dp/probe-data';
import { type EncoderConfig, buildEncoder, embedImages } from '../../src/lib/simclr/encoder';
import { buildPixelsEncoder } from '../../src/lib/encoders/kinds';
import { contentKey } from '../../src/lib/data/chunked-key';
import {
  decodeEmbeddingsFile,
  dataContentKey,
  encoderFilesKey,
  shippedEmbeddingsFile,
} from '../../src/lib/data/embeddings-file';
import { fetchBuiltin } from './datasets';
import type { CachedEmbeddings } from './embedding-cache';
import { loadModel } from './model-files';

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
  /**
   * The images' and the encoder's content, hashed (the browser cache's key): equal only for the same images
   * through the same weights, whatever the names (`key`) say.
   */
  contentKey: string;
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

function loadEncoder(source: EncoderSource, data: ImageDataset): Promise<tf.LayersModel> {
  if (source.kind === 'random') return Promise.resolve(buildEncoder(source.config));
  if (source.kind === 'pixels') return Promise.resolve(buildPixelsEncoder(data.width, data.channels));
  return loadModel(source);
}

export async function privateSplits(
  source: PrivateSource,
): Promise<{ train: ImageDataset; test: ImageDataset }> {
  if (source.kind === 'images') return { train: source.train, test: source.test };
  const bundle = await fetchBuiltin(source.id);
  return {
    train: cut(bundle.splits['private-train']!, source.limitTrain ?? Infinity),
    test: cut(bundle.splits['private-test']!, source.limitTest ?? Infinity),
  };
}

export function cut(d: ImageDataset, n: number): ImageDataset {
  const count = Math.min(n, d.labels.length);
  return {
    ...d,
    images: d.images.subarray(0, count * d.width * d.height * d.channels),
    labels: d.labels.subarray(0, count),
  };
}

/** What decides an encoder's output: its weights and topology (or, for the seeded random one, its config). */
export async function encoderContent(source: EncoderSource): Promise<string> {
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
export async function shippedEmbeddings(
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

/**
 * The private train and test images through the encoder (progress over both splits), and how fast: refused
 * when the encoder takes another image shape than the data's.
 */
export async function embedSplits(
  encoder: EncoderSource,
  train: ImageDataset,
  test: ImageDataset,
  onProgress?: (done: number, total: number) => void,
): Promise<{ embeddings: CachedEmbeddings; imagesPerSecond: number }> {
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
  try {
    const trainX = await embed(train, 0);
    const testX = await embed(test, train.labels.length);
    const imagesPerSecond = total / Math.max(1e-3, (performance.now() - t0) / 1000);
    const embeddings = {
      trainX,
      trainY: Int32Array.from(train.labels),
      testX,
      testY: Int32Array.from(test.labels),
      dim: trainX.length / Math.max(1, train.labels.length),
      classNames: train.classNames,
    };
    return { embeddings, imagesPerSecond };
  } finally {
    model.dispose();
  }
}

/**
 * Embeddings by data × encoder key, least recently used first; at most `size` are kept (the app asks
 * `has(key)` before training and prepares again when an entry was evicted or the worker restarted). Each entry
 * keeps its content key (data and encoder, hashed: what a run records to check them later), evicted with it.
 */
export class EmbeddingMemo {
  private readonly entries = new Map<string, { embeddings: CachedEmbeddings; contentKey: string }>();
  constructor(private readonly size: number) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): CachedEmbeddings | undefined {
    return this.use(key)?.embeddings;
  }

  /** The content key stored with the embeddings under `key` ('' when they are not here). */
  contentKey(key: string): string {
    return this.use(key)?.contentKey ?? '';
  }

  set(key: string, embeddings: CachedEmbeddings, contentKey = ''): void {
    this.entries.delete(key);
    this.entries.set(key, { embeddings, contentKey });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The entry under `key`, now the most recently used. */
  private use(key: string) {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  /** The probe's data from the embeddings under `key`, normalised; refused when they are not here. */
  probeData(key: string, normalisation: FeatureNormalisation, dims?: number): ProbeData {
    const e = this.get(key);
    if (!e) throw new Error('the embeddings are not ready: prepare them first');
    return probeDataOf({ ...e, numClasses: e.classNames.length }, normalisation, dims);
  }
}
