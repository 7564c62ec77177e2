/**
 * The data worker: reads zips (its entries inflated one at a time with fflate, as they are decoded), decodes and
 * resizes uploaded images (createImageBitmap + OffscreenCanvas) into the lab's byte format, labels and splits
 * them, and hashes images to find private images that are also public.
 * Nothing here touches tfjs. Every file that cannot be used is reported with its path and the reason.
 */
import * as Comlink from 'comlink';
import { fitRect, MAX_PIXELS, screenFile, type Skipped, withSingleRoot } from '../src/lib/data/files';
import { classCounts, type ImageDataset, subset } from '../src/lib/data/dataset';
import { hashBytes, hashImages, overlap } from '../src/lib/data/hash';
import { HEADER_BYTES, readImageSize } from '../src/lib/data/image-size';
import { type LabelResult, type LabelRule, inferLabels } from '../src/lib/data/labels';
import { type ByteReader, notUnpacked, screenZip, type ZipEntry, inflateEntry } from '../src/lib/data/zip';
import {
  type DecodedImages,
  sharedWhenIsolated,
  splitUpload,
  type UploadSplit,
} from '../src/lib/data/upload-split';
import { fetchBuiltin } from './shared/datasets';
import { bundleSplit } from '../src/lib/data/bundle';

export interface DecodeOptions {
  size: 28 | 32 | 64;
  channels: 1 | 3;
  fit: 'crop' | 'pad';
}

export interface DecodedFolder {
  width: number;
  height: number;
  channels: 1 | 3;
  fit: 'crop' | 'pad';
  /** N·size·size·channels bytes, in the order of `paths`. */
  images: Uint8Array;
  paths: string[];
  skipped: Skipped[];
  /** SHA-256 (128 bits, hex) of `images`: the content part of the upload's cache key. */
  imagesHash: string;
  seconds: number;
}

/** A zip's directory, read: its image entries are staged in the worker for `decodeStaged`. */
export interface UnzippedFiles {
  /** Entries staged (images that may be inflated). */
  count: number;
  /** Entries left out, with why (named `zip: path`). */
  skipped: Skipped[];
  notes: string[];
}

export interface FileEntry {
  path: string;
  file: Blob;
}

/** A file to decode: one the page handed over, or an entry of a zip, inflated only when it is decoded. */
type StagedFile = FileEntry | { path: string; inZip: { read: ByteReader; entry: ZipEntry; zipName: string } };

/** The files of the next decode (`stage`, `unzip`). */
const staged: StagedFile[] = [];

/** How much larger than the lab's size a decoded bitmap may be on its longer side (see `decodeOne`). */
const PREDECODE_FACTOR = 4;

async function decodeOne(
  entry: FileEntry,
  options: DecodeOptions,
  canvas: OffscreenCanvas,
): Promise<Uint8Array | string> {
  // The size from the header, before decoding: refuse images whose decoded pixels would not fit.
  let size = readImageSize(new Uint8Array(await entry.file.slice(0, HEADER_BYTES).arrayBuffer()));
  if (size === 'need-more') size = readImageSize(new Uint8Array(await entry.file.arrayBuffer()));
  if (size === null || size === 'need-more')
    return 'could not be decoded: not a readable PNG, JPEG, GIF, WebP, BMP or AVIF header (truncated or another format)';
  if (size.width === 0 || size.height === 0) return `its header says ${size.width}×${size.height} pixels`;
  if (size.width * size.height > MAX_PIXELS)
    return `too large: its header says ${size.width}×${size.height} pixels (> ${MAX_PIXELS / 1e6} megapixels); not decoded`;
  let bitmap: ImageBitmap;
  try {
    // A photo far larger than the lab's size is decoded already shrunk (to 4× the size on its longer side; the
    // canvas then fits it with high-quality smoothing): four 50-megapixel bitmaps in flight held about 800 MB.
    // Only the width is given, so the height (and any EXIF rotation) keeps the image's proportions.
    const scale = (PREDECODE_FACTOR * options.size) / Math.max(size.width, size.height);
    bitmap =
      scale < 1
        ? await createImageBitmap(entry.file, {
            resizeWidth: Math.max(1, Math.round(size.width * scale)),
            resizeQuality: 'high',
          })
        : await createImageBitmap(entry.file);
  } catch {
    return 'could not be decoded (corrupt, truncated, or a format this browser cannot read)';
  }
  try {
    if (bitmap.width * bitmap.height > MAX_PIXELS) {
      return `too large (${bitmap.width}×${bitmap.height} pixels > ${MAX_PIXELS / 1e6} megapixels)`;
    }
    const { size, channels } = options;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    const r = fitRect(bitmap.width, bitmap.height, size, options.fit);
    ctx.drawImage(bitmap, r.sx, r.sy, r.sw, r.sh, r.dx, r.dy, r.dw, r.dh);
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const out = new Uint8Array(size * size * channels);
    for (let p = 0; p < size * size; p++) {
      if (channels === 1)
        out[p] = Math.round(0.299 * rgba[4 * p]! + 0.587 * rgba[4 * p + 1]! + 0.114 * rgba[4 * p + 2]!);
      else {
        out[3 * p] = rgba[4 * p]!;
        out[3 * p + 1] = rgba[4 * p + 1]!;
        out[3 * p + 2] = rgba[4 * p + 2]!;
      }
    }
    return out;
  } finally {
    bitmap.close();
  }
}

export interface BuiltinInfo {
  id: string;
  splits: { name: string; count: number; counts: number[] }[];
  classNames: string[];
  /** A few public images per class, for thumbnails. */
  sample: ImageDataset;
  bytes: number;
  seconds: number;
}

/**
 * Decode, crop/pad and resize every usable image (a zip's entry inflated first); skipped files are listed with
 * reasons.
 */
async function decodeEntries(
  entries: StagedFile[],
  options: DecodeOptions,
  onProgress?: (done: number, total: number, skipped: number) => void,
): Promise<DecodedFolder> {
  const started = performance.now();
  const skipped: Skipped[] = [];
  const usable: StagedFile[] = [];
  for (const e of entries) {
    const why = screenFile(e.path, 'inZip' in e ? e.inZip.entry.size : e.file.size);
    if (why) skipped.push(why);
    else usable.push(e);
  }
  const per = options.size * options.size * options.channels;
  const results = new Array<Uint8Array | null>(usable.length).fill(null);
  let done = 0;
  let next = 0;
  // A few decodes in flight: createImageBitmap is asynchronous and the browser decodes in parallel.
  const worker = async () => {
    const canvas = new OffscreenCanvas(options.size, options.size);
    while (next < usable.length) {
      const i = next++;
      const e = usable[i]!;
      const file = await asFile(e).catch(notUnpacked);
      const r = typeof file === 'string' ? file : await decodeOne(file, options, canvas);
      // an entry that would not inflate is named as the zip's other skipped entries are ("x.zip: path")
      const path =
        typeof file === 'string' && 'inZip' in e ? `${e.inZip.zipName}: ${e.inZip.entry.path}` : e.path;
      if (typeof r === 'string') skipped.push({ path, reason: r });
      else results[i] = r;
      done++;
      if (done % 16 === 0 || done === usable.length) onProgress?.(done, usable.length, skipped.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const kept = results.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
  const plain = new Uint8Array(kept.length * per);
  kept.forEach((i, k) => {
    plain.set(results[i]!, k * per);
    results[i] = null; // at most two copies of the images at any time
  });
  // hashed before it moves to shared memory (crypto.subtle does not read shared buffers)
  const imagesHash = await hashBytes(plain);
  // Shared with the page when it is cross-origin isolated, so that the split (`split`, here) and the probe
  // worker read these bytes without a copy; else moved to the page.
  const images = globalThis.crossOriginIsolated ? sharedWhenIsolated(plain.length) : plain;
  if (images !== plain) images.set(plain);
  const out: DecodedFolder = {
    imagesHash,
    width: options.size,
    height: options.size,
    channels: options.channels,
    fit: options.fit,
    images,
    paths: kept.map((i) => usable[i]!.path),
    skipped: skipped.sort((a, b) => a.path.localeCompare(b.path)),
    seconds: (performance.now() - started) / 1000,
  };
  return images === plain ? Comlink.transfer(out, [plain.buffer]) : out;
}

/** A staged file as a file: a zip's entry is inflated (held to its declared size) now, when it is decoded. */
async function asFile(e: StagedFile): Promise<FileEntry> {
  if (!('inZip' in e)) return e;
  const bytes = await inflateEntry(e.inZip.read, e.inZip.entry);
  return { path: e.path, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
}

const api = {
  /** Load a built-in bundle (as the other workers will) and describe it: split sizes, class counts, a sample. */
  async builtinInfo(id: string): Promise<BuiltinInfo> {
    const started = performance.now();
    const bundle = await fetchBuiltin(id);
    const seconds = (performance.now() - started) / 1000;
    const pub = bundleSplit(bundle, 'public');
    const perClass = new Map<number, number[]>();
    for (let i = 0; i < pub.labels.length && perClass.size <= bundle.header.classNames.length; i++) {
      const list = perClass.get(pub.labels[i]!) ?? [];
      if (list.length < 8) list.push(i);
      perClass.set(pub.labels[i]!, list);
    }
    const order = [...perClass.keys()].sort((a, b) => a - b).flatMap((c) => perClass.get(c)!);
    let bytes = 0;
    const splits = Object.entries(bundle.splits).map(([name, d]) => {
      bytes += d.images.length;
      return { name, count: d.labels.length, counts: classCounts(d.labels, bundle.header.classNames.length) };
    });
    return {
      id,
      splits,
      classNames: bundle.header.classNames,
      sample: subset(pub, order, 'sample'),
      bytes,
      seconds,
    };
  },

  /**
   * Reads a zip's directory and stages its image entries for `decodeStaged` (the staging area is emptied
   * first); nothing is inflated here: each entry is inflated when it is decoded, so the zip's images are never
   * all in memory at once (before, every entry up to the 2 GiB cap was inflated before the size check).
   */
  async unzip(file: Blob, name: string): Promise<UnzippedFiles> {
    const read = async (a: number, b: number) => new Uint8Array(await file.slice(a, b).arrayBuffer());
    const zip = await screenZip({ read, zipSize: file.size, zipName: name });
    staged.length = 0;
    for (const entry of zip.accepted)
      staged.push({ path: entry.path, inZip: { read, entry, zipName: name } });
    return {
      count: zip.accepted.length,
      skipped: zip.skipped.map((s) => ({ ...s, path: `${name}: ${s.path}` })),
      notes: zip.notes,
    };
  },

  /** Labels for decoded paths (run here so that a pathological pattern freezes this worker, not the page). */
  label(paths: string[], rule: LabelRule): LabelResult {
    return inferLabels(paths, rule);
  },

  /**
   * Files for the next `decodeStaged`, handed over a few hundred at a time (`decodeFiles` in the bridge): the
   * page's first postMessage of a File costs it about 0.23 ms, so 20,000 files sent at once blocked it 4.6 s.
   */
  stage(entries: FileEntry[], first: boolean): number {
    if (first) staged.length = 0;
    for (const e of entries) staged.push(e);
    return staged.length;
  },

  /**
   * `decode` of the staged files (the staging area is emptied), their paths given one top folder
   * (`withSingleRoot`: several class folders dropped at once get `rootName`).
   */
  decodeStaged(
    options: DecodeOptions,
    rootName: string,
    onProgress?: (done: number, total: number, skipped: number) => void,
  ): Promise<DecodedFolder> {
    return decodeEntries(withSingleRoot(staged.splice(0), rootName), options, onProgress);
  },

  /**
   * The labelled images and their seeded, stratified train/test split (`splitUpload`), here rather than on the
   * page: copying 246 MB of images took the page 0.3–2.6 s. When every file has a label, the labelled images
   * are the decoded ones, which the page already has: they are not sent back (`dataset.images` is null).
   */
  split(
    name: string,
    folder: DecodedImages,
    labels: LabelResult,
    testFraction: number,
    rule: 'folder' | 'pattern',
  ): Omit<UploadSplit, 'dataset'> & {
    dataset: Omit<ImageDataset, 'images'> & { images: Uint8Array | null };
  } {
    const s = splitUpload(name, folder, labels, testFraction, rule);
    const images = s.dataset.images === folder.images ? null : s.dataset.images;
    const out = { ...s, dataset: { ...s.dataset, images } };
    if (globalThis.crossOriginIsolated) return out; // shared memory: nothing is copied
    const made = [images, s.train?.images, s.test?.images].filter((b): b is Uint8Array => !!b);
    return Comlink.transfer(out, [...new Set(made.map((b) => b.buffer))]);
  },

  /** Indices of `images` that also occur (byte for byte) in a built-in dataset's public split. */
  async overlapWithBuiltinPublic(
    images: Uint8Array,
    width: number,
    height: number,
    channels: number,
    builtinId: string,
  ): Promise<number[]> {
    const bundle = await fetchBuiltin(builtinId);
    const pub = bundleSplit(bundle, 'public');
    if (pub.width !== width || pub.height !== height || pub.channels !== channels) return [];
    const per = width * height * channels;
    return overlap(await hashImages(pub.images, per), await hashImages(images, per));
  },
};

Comlink.expose(api);
export type DataApi = typeof api;
