import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBundle } from './bundle';
import { BUILTIN_DATASETS, builtinCount, builtinDataset, SPLIT_SEED } from './builtin';
import { classCounts, imageSize } from './dataset';
import { hashImages } from './hash';

// The bundles are derived by `npm run prepare-data`, which npm runs before `npm test`.
const root = join(import.meta.dirname, '..', '..', '..');

describe.each(BUILTIN_DATASETS.map((d) => [d.id, d] as const))('built-in %s', (_, spec) => {
  const path = join(root, 'public', spec.file);
  it('has the documented split sizes, stratified, disjoint by content, with its seed recorded', async () => {
    expect(existsSync(path), `${path} is missing: run npm run prepare-data`).toBe(true);
    const buf = readFileSync(path);
    const { header, splits } = decodeBundle(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    expect(header.meta['seed']).toBe(SPLIT_SEED);
    expect(Object.fromEntries(Object.entries(splits).map(([k, d]) => [k, d.labels.length]))).toEqual(
      spec.counts,
    );
    expect(header.classNames).toEqual(spec.classNames);
    const seen = new Map<string, string>();
    for (const [name, d] of Object.entries(splits)) {
      const plan = spec.splits.find((s) => s.name === name)!;
      if (plan.perClass) expect(classCounts(d.labels, 10)).toEqual(new Array(10).fill(plan.perClass));
      for (const h of await hashImages(d.images, imageSize(d))) {
        expect(seen.get(h), `an image of ${name} also appears in ${seen.get(h)}`).toBeUndefined();
        seen.set(h, name);
      }
    }
  });
});

it('builtinCount gives a planned split size and refuses a split the dataset does not have', () => {
  expect(builtinCount(builtinDataset('fashion-mnist'), 'private-train')).toBe(49_946);
  expect(() => builtinCount(builtinDataset('mnist'), 'private-train')).toThrow(
    'built-in dataset "mnist" has no split "private-train"',
  );
});
