/**
 * An upload's labelled dataset and its private train/test split (seeded, stratified by class): only the images
 * with a label are kept, and the split indices are also given among the decoded images (what the content key
 * hashes).
 */
import { type ImageDataset, subset } from '../../lib/data/dataset';
import type { LabelResult, LabelRule } from '../../lib/data/labels';
import { stratifiedSplit } from '../../lib/data/splits';
import { summarise } from '../../lib/data/summary';
import type { DecodedFolder } from '../../../workers/shared/contracts';

export const UPLOAD_SPLIT_SEED = 7;

export function splitUpload(
  name: string,
  folder: DecodedFolder,
  rule: LabelRule,
  labels: LabelResult,
  testFraction: number,
) {
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
  const dataset = keep.length === all.labels.length ? all : subset(all, keep, name);
  const summary = summarise(dataset.labels, dataset.classNames);
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
    // in shared memory when the page is cross-origin isolated: the probe worker then reads the bytes where
    // they are, instead of a structured clone of up to 246 MB on the main thread and a second copy
    const alloc = (n: number) =>
      globalThis.crossOriginIsolated ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
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
  return {
    name,
    folder,
    rule,
    dataset,
    summary,
    train,
    test,
    trainIdx,
    testIdx,
    unlabeled: labels.unlabeled,
  };
}
