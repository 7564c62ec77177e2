/**
 * The data worker: unpacks zips (fflate), decodes and resizes uploaded images (createImageBitmap +
 * OffscreenCanvas) into the lab's byte format, and hashes images to find private images that are also public.
 * Nothing here touches tfjs. Every file that cannot be used is reported with its path and the reason.
 */
import * as Comlink from 'comlink';
import { unzip } from 'fflate';
import { fitRect, MAX_PIXELS, screenFile, type Skipped } from '../src/lib/data/files';
import { classCounts, type ImageDataset, subset } from '../src/lib/data/dataset';
import { hashImages, overlap } from '../src/lib/data/hash';
import { fetchBuiltin } from './shared/datasets';

export interface DecodeOptions {
  size: 28 | 32 | 64;
  channels: 1 | 3;
  fit: 'crop' | 'pad';
}

export interface DecodedFolder {
  width: number;
  height: number;
  channels: 1 | 3;
  /** N·size·size·channels bytes, in the order of `paths`. */
  images: Uint8Array;
  paths: string[];
  skipped: Skipped[];
  seconds: number;
}

export interface FileEntry {
  path: string;
  file: Blob;
}

async function decodeOne(
  entry: FileEntry,
  options: DecodeOptions,
  canvas: OffscreenCanvas,
): Promise<Uint8Array | string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(entry.file);
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

const api = {
  /** Load a built-in bundle (as the other workers will) and describe it: split sizes, class counts, a sample. */
  async builtinInfo(id: string): Promise<BuiltinInfo> {
    const started = performance.now();
    const bundle = await fetchBuiltin(id);
    const seconds = (performance.now() - started) / 1000;
    const pub = bundle.splits['public']!;
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

  /** The files of a .zip, as entries with paths (directories and unusable entries left to screenFile). */
  async unzip(file: Blob, name: string): Promise<FileEntry[]> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const files = await new Promise<Record<string, Uint8Array>>((resolve, reject) =>
      unzip(bytes, (err, data) =>
        err ? reject(new Error(`${name} is not a readable zip file: ${err.message}`)) : resolve(data),
      ),
    );
    // A zip of a folder usually holds one top folder ("pets/cats/…"): keep its paths. A zip of the class
    // folders themselves ("cats/…", "dogs/…") gets the zip's name as its top folder, so labels line up.
    const paths = Object.keys(files).filter((p) => !p.endsWith('/'));
    const tops = new Set(paths.map((p) => p.split('/')[0]));
    const oneTop = tops.size === 1 && paths.every((p) => p.includes('/'));
    const root = name
      .replace(/\.zip$/i, '')
      .split('/')
      .pop()!;
    return paths.map((path) => ({
      path: oneTop ? path : `${root}/${path}`,
      file: new Blob([files[path] as Uint8Array<ArrayBuffer>]),
    }));
  },

  /** Decode, crop/pad and resize every usable image; skipped files are listed with reasons. */
  async decode(
    entries: FileEntry[],
    options: DecodeOptions,
    onProgress?: (done: number, total: number, skipped: number) => void,
  ): Promise<DecodedFolder> {
    const started = performance.now();
    const skipped: Skipped[] = [];
    const usable: FileEntry[] = [];
    for (const e of entries) {
      const why = screenFile(e.path, e.file.size);
      if (why) skipped.push(why);
      else usable.push(e);
    }
    const per = options.size * options.size * options.channels;
    const results: (Uint8Array | null)[] = new Array(usable.length).fill(null);
    let done = 0;
    let next = 0;
    // A few decodes in flight: createImageBitmap is asynchronous and the browser decodes in parallel.
    const worker = async () => {
      const canvas = new OffscreenCanvas(options.size, options.size);
      while (next < usable.length) {
        const i = next++;
        const r = await decodeOne(usable[i]!, options, canvas);
        if (typeof r === 'string') skipped.push({ path: usable[i]!.path, reason: r });
        else results[i] = r;
        done++;
        if (done % 16 === 0 || done === usable.length) onProgress?.(done, usable.length, skipped.length);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const kept = results.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
    const images = new Uint8Array(kept.length * per);
    kept.forEach((i, k) => images.set(results[i]!, k * per));
    const out: DecodedFolder = {
      width: options.size,
      height: options.size,
      channels: options.channels,
      images,
      paths: kept.map((i) => usable[i]!.path),
      skipped: skipped.sort((a, b) => a.path.localeCompare(b.path)),
      seconds: (performance.now() - started) / 1000,
    };
    return Comlink.transfer(out, [images.buffer]);
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
    const pub = bundle.splits['public']!;
    if (pub.width !== width || pub.height !== height || pub.channels !== channels) return [];
    const per = width * height * channels;
    return overlap(await hashImages(pub.images, per), await hashImages(images, per));
  },
};

Comlink.expose(api);
export type DataApi = typeof api;
