import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { bundleSplit, decodeBundle, encodeBundle } from './bundle';
import { type ImageDataset, classCounts, subset } from './dataset';
import { firstOccurrences, hashImages, overlap } from './hash';
import { stratifiedSplit } from './splits';

function toy(n: number, classes: number, size = 2): ImageDataset {
  const rng = createRng(3);
  return {
    name: 'toy',
    width: size,
    height: size,
    channels: 1,
    classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    images: Uint8Array.from({ length: n * size * size }, () => rng.int(256)),
    labels: Int32Array.from({ length: n }, (_, i) => i % classes),
  };
}

describe('stratifiedSplit', () => {
  const labels = Int32Array.from({ length: 7000 * 3 }, (_, i) => Math.floor(i / 7000)); // 3 classes × 7000
  const specs = [
    { name: 'public', perClass: 1000 },
    { name: 'test', perClass: 1000 },
    { name: 'train' }, // the rest
  ];

  it('gives exact per-class sizes, disjoint and complete', () => {
    const { indices } = stratifiedSplit({ labels, numClasses: 3, specs, seed: 7 });
    expect(
      classCounts(
        Array.from(indices['public']!, (i) => labels[i]!),
        3,
      ),
    ).toEqual([1000, 1000, 1000]);
    expect(
      classCounts(
        Array.from(indices['test']!, (i) => labels[i]!),
        3,
      ),
    ).toEqual([1000, 1000, 1000]);
    expect(
      classCounts(
        Array.from(indices['train']!, (i) => labels[i]!),
        3,
      ),
    ).toEqual([5000, 5000, 5000]);
    const all = new Set([...indices['public']!, ...indices['test']!, ...indices['train']!]);
    expect(all.size).toBe(labels.length);
  });

  it('is reproducible with a seed and differs between seeds', () => {
    const a = stratifiedSplit({ labels, numClasses: 3, specs, seed: 7 }).indices['public']!;
    const b = stratifiedSplit({ labels, numClasses: 3, specs, seed: 7 }).indices['public']!;
    const c = stratifiedSplit({ labels, numClasses: 3, specs, seed: 8 }).indices['public']!;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('fractions round per class (80/20 of 10 and 5 → 8+4 / 2+1)', () => {
    const small = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const { indices } = stratifiedSplit({
      labels: small,
      numClasses: 2,
      specs: [{ name: 'train', fraction: 0.8 }, { name: 'test' }],
      seed: 1,
    });
    expect(
      classCounts(
        Array.from(indices['train']!, (i) => small[i]!),
        2,
      ),
    ).toEqual([8, 4]);
    expect(
      classCounts(
        Array.from(indices['test']!, (i) => small[i]!),
        2,
      ),
    ).toEqual([2, 1]);
  });

  it('names the class that is too small', () => {
    expect(() =>
      stratifiedSplit({
        labels: Int32Array.from([0, 1]),
        numClasses: 2,
        specs: [{ name: 'a', perClass: 2 }],
        seed: 1,
      }),
    ).toThrow(/class 0 has 1 examples, too few for split "a"/);
  });
});

describe('bundle format', () => {
  it('round-trips images, labels, class names and meta, with 4-byte aligned sections', () => {
    const d = toy(37, 3, 5);
    const bytes = encodeBundle({
      name: 'Toy',
      splits: { a: subset(d, [0, 1, 2, 3, 4]), b: subset(d, [5, 6, 36]) },
      meta: { seed: 9 },
    });
    const { header, splits } = decodeBundle(bytes);
    expect(header.meta).toEqual({ seed: 9 });
    expect(header.splits.map((s) => s.count)).toEqual([5, 3]);
    for (const s of header.splits) expect(s.imagesOffset % 4).toBe(0);
    expect(Array.from(splits['b']!.labels)).toEqual([d.labels[5], d.labels[6], d.labels[36]]);
    expect(Array.from(splits['b']!.images.subarray(50, 75))).toEqual(
      Array.from(d.images.subarray(36 * 25, 37 * 25)),
    );
    expect(splits['a']!.classNames).toEqual(d.classNames);
  });

  it('stores labels as uint16 past 256 classes', () => {
    const d = toy(300, 300, 1);
    const { splits, header } = decodeBundle(encodeBundle({ name: 'many', splits: { all: d } }));
    expect(header.labelBytes).toBe(2);
    expect(splits['all']!.labels[299]).toBe(299);
  });

  it('rejects other files with a clear message', () => {
    expect(() => decodeBundle(new TextEncoder().encode('<!doctype html><html>'))).toThrow(
      /not a dataset bundle: magic "<!do"/,
    );
    const bytes = encodeBundle({ name: 'Toy', splits: { a: toy(4, 2) } });
    expect(() => decodeBundle(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
  });

  it('names the split a bundle lacks, and the ones it has', () => {
    const bundle = decodeBundle(encodeBundle({ name: 'Toy', splits: { a: toy(4, 2), b: toy(4, 2) } }));
    expect(bundleSplit(bundle, 'b').labels.length).toBe(4);
    expect(() => bundleSplit(bundle, 'public')).toThrow(
      'dataset bundle "Toy" has no split "public" (it has: a, b)',
    );
  });
});

describe('content hashes', () => {
  it('finds duplicates and public/private overlap', async () => {
    const images = Uint8Array.from([1, 2, 3, 4, 1, 2, 9, 9, 3, 4]);
    const hashes = await hashImages(images, 2); // [1,2] [3,4] [1,2] [9,9] [3,4]
    expect(hashes[0]).toBe(hashes[2]);
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(hashes[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(firstOccurrences(hashes)).toEqual({ keep: [0, 1, 3], duplicates: [2, 4] });
    expect(overlap([hashes[3]!], hashes)).toEqual([3]);
  });
});
