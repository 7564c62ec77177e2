/**
 * Embeddings shipped with the lab: the default encoder's embeddings of a built-in dataset's private splits,
 * derived at install time (scripts/prepare-embeddings.ts, like the dataset bundles) so that a first visit
 * does not spend a minute embedding 59,946 images. Read without copying:
 *
 *   bytes 0–3   "EPSE" (magic)
 *   bytes 4–7   format version, uint32 little-endian (1)
 *   bytes 8–11  header length L, uint32 little-endian
 *   bytes 12…   header: UTF-8 JSON (EmbeddingsFileHeader), padded with spaces to a multiple of 4
 *   then float32 LE train embeddings (train·dim), test embeddings (test·dim), int32 LE train labels, test labels.
 *
 * The header names the encoder by the same content key the probe worker computes for it (SHA-256 of its
 * model.json and weights), so a file made from other encoder files is never used.
 */
import { CUSTOM_LAYERS_VERSION } from '../encoders/layer-version.ts';
import { contentKey } from './chunked-key.ts';
import type { ImageDataset } from './dataset.ts';

export const EMBEDDINGS_MAGIC = 'EPSE';

/**
 * The content key of an encoder given as files (model.json text and its weight files in manifest order): the
 * probe worker's key for a shipped encoder, and the key a shipped embeddings file must carry.
 */
export function encoderFilesKey(modelJson: string, weights: ArrayBuffer[]): Promise<string> {
  return contentKey(['url', CUSTOM_LAYERS_VERSION, modelJson, ...weights]);
}

/** The content key of a private train/test pair: shape, class names, every image byte and label. */
export function dataContentKey(train: ImageDataset, test: ImageDataset): Promise<string> {
  return contentKey([
    train.width,
    train.height,
    train.channels,
    train.classNames.join('\n'),
    train.images,
    Int32Array.from(train.labels),
    test.images,
    Int32Array.from(test.labels),
  ]);
}
export const EMBEDDINGS_VERSION = 1;
/** Bumped when the derivation changes (not the encoder: its key is checked on its own). */
export const EMBEDDINGS_FORMAT_RECIPE = 2;

/** Where a built-in dataset's shipped embeddings for an encoder folder live, relative to public/. */
export function shippedEmbeddingsFile(dataset: string, encoderFolder: string): string {
  return `data/${dataset}.${encoderFolder}.emb`;
}

export interface EmbeddingsFileHeader {
  dataset: string;
  /** Content key of the encoder's files and the custom layers' code version (`encoderFilesKey`). */
  encoderKey: string;
  /** Content key of the whole private train and test splits the embeddings are of (`dataContentKey`). */
  dataKey: string;
  /** Folder of the encoder under public/models, for people reading the file. */
  encoder: string;
  dim: number;
  train: number;
  test: number;
  /** Free-form provenance: tfjs version, backend, seconds. */
  meta: Record<string, unknown>;
}

export interface EmbeddingsFile {
  header: EmbeddingsFileHeader;
  trainX: Float32Array;
  testX: Float32Array;
  trainY: Int32Array;
  testY: Int32Array;
}

export function encodeEmbeddingsFile(file: EmbeddingsFile): Uint8Array {
  const { header, trainX, testX, trainY, testY } = file;
  if (trainX.length !== header.train * header.dim || testX.length !== header.test * header.dim)
    throw new Error('embeddings do not match the header: train·dim and test·dim values expected');
  if (trainY.length !== header.train || testY.length !== header.test)
    throw new Error('labels do not match the header');
  let json = JSON.stringify(header);
  const bytesOfJson = () => new TextEncoder().encode(json).length;
  while (bytesOfJson() % 4 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const total = 12 + head.length + 4 * (trainX.length + testX.length + trainY.length + testY.length);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(EMBEDDINGS_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, EMBEDDINGS_VERSION, true);
  view.setUint32(8, head.length, true);
  out.set(head, 12);
  let at = 12 + head.length;
  for (const part of [trainX, testX, trainY, testY]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

/** The header alone (for a quick "is it current?" check), or null when the bytes are not such a file. */
export function readEmbeddingsHeader(bytes: Uint8Array): EmbeddingsFileHeader | null {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== EMBEDDINGS_MAGIC) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== EMBEDDINGS_VERSION) return null;
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) return null;
  try {
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as EmbeddingsFileHeader;
    const counts = [h.dim, h.train, h.test];
    if (
      typeof h.encoderKey !== 'string' ||
      typeof h.dataKey !== 'string' ||
      !counts.every((n) => Number.isInteger(n) && n >= 0)
    )
      return null;
    return h;
  } catch {
    return null;
  }
}

/** Decodes a whole file (views into `bytes` when aligned); throws with the reason when it is not one. */
export function decodeEmbeddingsFile(bytes: Uint8Array): EmbeddingsFile {
  const header = readEmbeddingsHeader(bytes);
  if (!header) throw new Error('not an Epsilon Lab embeddings file (bad magic, version or header)');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const { dim, train, test } = header;
  const expected = 12 + headLength + 4 * (train * dim + test * dim + train + test);
  if (bytes.length !== expected)
    throw new Error(
      `embeddings file is ${bytes.length} bytes, its header says ${expected}: truncated or padded`,
    );
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  let at = aligned.byteOffset + 12 + headLength;
  const take = <T extends Float32Array | Int32Array>(
    Kind: new (b: ArrayBufferLike, o: number, n: number) => T,
    n: number,
  ): T => {
    const v = new Kind(aligned.buffer, at, n);
    at += 4 * n;
    return v;
  };
  const trainX = take(Float32Array, train * dim);
  const testX = take(Float32Array, test * dim);
  const trainY = take(Int32Array, train);
  const testY = take(Int32Array, test);
  return { header, trainX, testX, trainY, testY };
}
