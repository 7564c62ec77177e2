/**
 * An upload's labelled dataset and its private train/test split (seeded, stratified by class): only the images
 * with a label are kept, and the split indices are also given among the decoded images (what the content key
 * hashes). Pure; the data worker runs it (`DataApi.split`), so that copying the images — 246 MB for 20,000 RGB
 * images at 64 px, twice when some files have no label — never blocks the page.
 */
import { type ImageDataset, subset } from './dataset.ts';
import type { LabelResult } from './labels.ts';
import { stratifiedSplit } from './splits.ts';
import { summarise } from './summary.ts';

export const UPLOAD_SPLIT_SEED = 7;

/** The decoded images a split reads (a `DecodedFolder`'s image fields). */
export interface DecodedImages {
  width: number;
  height: number;
  channels: 1 | 3;
  images: Uint8Array;
  paths: string[];
}

export interface UploadSplit {
  /** The labelled images (the decoded images themselves when every file has a label). */
  dataset: ImageDataset;
  summary: ReturnType<typeof summarise>;
  train: ImageDataset | null;
  test: ImageDataset | null;
  /** The split as indices among the decoded images. */
  trainIdx: Int32Array | null;
  testIdx: Int32Array | null;
}

/** Bytes shared with the page and the other workers when the page is cross-origin isolated (no copies), else plain. */
export const sharedWhenIsolated = (n: number): Uint8Array =>
  globalThis.crossOriginIsolated ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);

export function splitUpload(
  name: string,
  folder: DecodedImages,
  labels: LabelResult,
  testFraction: number,
  /** Where the labels came from (what the summary's messages tell the user to change). */
  rule: 'folder' | 'pattern' = 'folder',
  alloc: (bytes: number) => Uint8Array = sharedWhenIsolated,
): UploadSplit {
  const keep = Int32Array.from({ length: labels.labels.length }, (_, i) => i).filter(
    (i) => (labels.labels[i] ?? -1) >= 0,
  );
  const all: ImageDataset = {
    name,
    width: folder.width,
    height: folder.height,
    channels: folder.channels,
    classNames: labels.classNames,
    images: folder.images,
    labels: Int32Array.from(labels.labels, (y) => Math.max(0, y)),
    paths: folder.paths,
  };
  // Copy only when some files had no label: 20,000 RGB images at 64 px are 246 MB per copy.
  const dataset = keep.length === all.labels.length ? all : subset(all, keep, name, alloc);
  const summary = summarise(dataset.labels, dataset.classNames, rule);
  let train: ImageDataset | null = null;
  let test: ImageDataset | null = null;
  let trainIdx: Int32Array | null = null;
  let testIdx: Int32Array | null = null;
  if (summary.errors.length === 0 && dataset.labels.length > 0) {
    const { indices } = stratifiedSplit({
      labels: dataset.labels,
      numClasses: dataset.classNames.length,
      seed: UPLOAD_SPLIT_SEED,
      specs: [{ name: 'test', fraction: testFraction }, { name: 'train' }],
    });
    // in shared memory when the page is cross-origin isolated: the page and the probe worker then read the
    // bytes where they are, instead of structured clones of up to 246 MB
    const trainAt = indices['train'] ?? new Int32Array(0);
    const testAt = indices['test'] ?? new Int32Array(0);
    train = subset(dataset, trainAt, `${name} · private train`, alloc);
    test = subset(dataset, testAt, `${name} · private test`, alloc);
    // Indices among the decoded images (what the content key hashes); every split index is below keep.length.
    trainIdx = trainAt.map((i) => keep[i] ?? -1);
    testIdx = testAt.map((i) => keep[i] ?? -1);
    if (test.labels.length === 0 || train.labels.length === 0) {
      train = null;
      test = null;
    }
  }
  return { dataset, summary, train, test, trainIdx, testIdx };
}
