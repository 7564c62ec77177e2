/**
 * The default encoder's embeddings of Fashion-MNIST's private splits, derived at install time like the dataset
 * bundles (public/data/fashion-mnist.<encoder>.emb, src/lib/data/embeddings-file.ts), so that the lab's first
 * private result on the built-in data does not wait for 59,946 images to be embedded in the browser (the probe
 * worker checks the file's encoder key against the encoder files it loads, and embeds itself when they differ
 * or the file is missing). A no-op when the file matches the encoder files; otherwise ~2.5 minutes of one core,
 * spread over every core (`embedImagesParallel`).
 * Skipped with EPSILON_LAB_SHIPPED_EMBEDDINGS=0. Called by prepare-data.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBundle, bundleSplit } from '../src/lib/data/bundle.ts';
import { builtinDataset } from '../src/lib/data/builtin.ts';
import {
  EMBEDDINGS_FORMAT_RECIPE,
  dataContentKey,
  encodeEmbeddingsFile,
  encoderFilesKey,
  readEmbeddingsHeader,
  shippedEmbeddingsFile,
} from '../src/lib/data/embeddings-file.ts';
import { DEFAULT_ENCODER_FOLDER } from '../src/state/encoders.ts';

const DATASET = 'fashion-mnist';

function headerOf(path: string) {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(65536);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return readEmbeddingsHeader(new Uint8Array(head.buffer, head.byteOffset, n));
}

export async function prepareEmbeddings(root: string, force = false): Promise<void> {
  if (process.env['EPSILON_LAB_SHIPPED_EMBEDDINGS'] === '0') return;
  const dir = join(root, 'public', 'models', DEFAULT_ENCODER_FOLDER);
  const modelJson = readFileSync(join(dir, 'model.json'), 'utf8');
  const manifest = (JSON.parse(modelJson) as { weightsManifest: { paths: string[] }[] }).weightsManifest;
  const weights = manifest
    .flatMap((g) => g.paths)
    .map((p) => {
      const b = readFileSync(join(dir, p));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    });
  const encoderKey = await encoderFilesKey(modelJson, weights);
  const out = join(root, 'public', shippedEmbeddingsFile(DATASET, DEFAULT_ENCODER_FOLDER));
  const raw = readFileSync(join(root, 'public', builtinDataset(DATASET).file));
  const bundle = decodeBundle(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  // of exactly these images (a rebuilt bundle with other pixels makes the file stale)
  const privateTrain = bundleSplit(bundle, 'private-train');
  const privateTest = bundleSplit(bundle, 'private-test');
  const dataKey = await dataContentKey(privateTrain, privateTest);
  const have = headerOf(out);
  const current =
    have?.encoderKey === encoderKey &&
    have.dataKey === dataKey &&
    have.meta['recipe'] === EMBEDDINGS_FORMAT_RECIPE;
  if (!force && current) return;
  const started = performance.now();
  // tfjs only when there is work to do (the check above takes milliseconds)
  const tf = await import('@tensorflow/tfjs');
  const { loadModelFiles, startBackend } = await import('./lib/node-io.ts');
  const { embedSetsParallel } = await import('./lib/parallel-embed.ts');
  const backend = await startBackend('wasm');
  const model = await loadModelFiles(dir);
  const [trainX, testX] = await embedSetsParallel({
    encoder: model,
    sets: [privateTrain, privateTest].map((d) => ({ images: d.images, count: d.labels.length })),
    size: privateTrain.width,
    channels: privateTrain.channels,
  });
  const train = { x: trainX!, y: Int32Array.from(privateTrain.labels) };
  const test = { x: testX!, y: Int32Array.from(privateTest.labels) };
  const dim = train.x.length / train.y.length;
  model.dispose();
  const seconds = (performance.now() - started) / 1000;
  const bytes = encodeEmbeddingsFile({
    header: {
      dataset: DATASET,
      encoderKey,
      dataKey,
      encoder: DEFAULT_ENCODER_FOLDER,
      dim,
      train: train.y.length,
      test: test.y.length,
      meta: {
        recipe: EMBEDDINGS_FORMAT_RECIPE,
        tfjs: tf.version.tfjs,
        backend,
        seconds: +seconds.toFixed(1),
      },
    },
    trainX: train.x,
    testX: test.x,
    trainY: train.y,
    testY: test.y,
  });
  writeFileSync(out, bytes);
  console.log(
    `prepare-data: ${shippedEmbeddingsFile(DATASET, DEFAULT_ENCODER_FOLDER)} (${(bytes.length / 1e6).toFixed(1)} MB): ` +
      `${train.y.length} + ${test.y.length} × ${dim} embeddings of the default encoder; ${seconds.toFixed(1)} s`,
  );
}
