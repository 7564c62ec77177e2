import { describe, expect, it } from 'vitest';
import { type DecodedImages, splitUpload } from './upload-split';

// 40 one-pixel images whose byte is their index; every 5th has no label; labels alternate between 2 classes
const n = 40;
const folder: DecodedImages = {
  width: 1,
  height: 1,
  channels: 1,
  images: Uint8Array.from({ length: n }, (_, i) => i),
  paths: Array.from({ length: n }, (_, i) => `root/${i}.png`),
};
const labels = Int32Array.from({ length: n }, (_, i) => (i % 5 === 4 ? -1 : i % 2));
const result = {
  classNames: ['a', 'b'],
  labels,
  unlabeled: [{ path: 'root/4.png', reason: 'no match' }],
};

describe('splitUpload', () => {
  const s = splitUpload('up', folder, result, 0.25);

  it('keeps only labelled images, and splits them into disjoint train and test sets', () => {
    expect(s.dataset.labels.length).toBe(32);
    expect(Array.from(s.dataset.images).every((b) => b % 5 !== 4)).toBe(true);
    const train = Array.from(s.train!.images);
    const test = Array.from(s.test!.images);
    expect(train.length + test.length).toBe(32);
    expect(new Set([...train, ...test]).size).toBe(32);
    expect(test.length).toBe(8); // 25% of each class of 16
  });

  it('gives the split as indices among the decoded images, consistent with the bytes and labels', () => {
    expect(Array.from(s.trainIdx!)).toEqual(Array.from(s.train!.images));
    expect(Array.from(s.testIdx!)).toEqual(Array.from(s.test!.images));
    s.testIdx!.forEach((i, k) => expect(s.test!.labels[k]).toBe(labels[i]));
  });

  it('copies nothing when every file has a label, and allocates every copy it makes with the given allocator', () => {
    const allocated: number[] = [];
    const alloc = (bytes: number) => {
      allocated.push(bytes);
      return new Uint8Array(bytes);
    };
    const every = Int32Array.from({ length: n }, (_, i) => i % 2);
    const t = splitUpload('up', folder, { ...result, labels: every }, 0.25, 'folder', alloc);
    expect(t.dataset.images).toBe(folder.images);
    expect(allocated).toEqual([30, 10]); // train, test: 75 / 25% of each class of 20
    allocated.length = 0;
    const u = splitUpload('up', folder, result, 0.25, 'folder', alloc);
    expect(u.dataset.images).not.toBe(folder.images);
    expect(allocated).toEqual([32, 24, 8]); // the labelled images, then train and test
  });

  it('has no split when a class has fewer than 2 images (the summary says why)', () => {
    const one = Int32Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
    const t = splitUpload('up', folder, { ...result, labels: one }, 0.25);
    expect(t.summary.errors).toHaveLength(1);
    expect(t.train).toBeNull();
    expect(t.test).toBeNull();
    expect(t.trainIdx).toBeNull();
  });
});
