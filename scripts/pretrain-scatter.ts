/**
 * npm run pretrain -- --kind scatter|scatsimclr [options]: the scattering-based encoders, prepared on the
 * Fashion-MNIST public split only (images; the labels are used by nobody here), written to public/models/<name>/.
 *
 *   scatter     the fixed scattering transform (J = 2, L = 8) and, with --fine 1 (the default), its J = 1
 *               coefficients at twice the resolution (--fine 0: without), log-compressed (log(c + S),
 *               c = --log-offset; 0: none), standardised and PCA-whitened to --projection K dimensions on the
 *               public images. No training.
 *   scatsimclr  the same front end, then an MLP trunk trained with SimCLR on a pool of --views augmented views of
 *               every public image (each view scattered and projected once); the shipped embedding is
 *               [whitened scattering coefficients, learned trunk features], the trunk part scaled to the same
 *               mean norm on the public images.
 *
 *   --name   --projection 512   --log-offset 1e-4   --fine 1   --views 6   --hidden 512   --epochs 30   --batch 512   --lr 0.001
 *   --temperature 0.2   --augment clothing   --seed 1
 * Intermediate results (projection, view pool) are cached in .cache/pretrain/<name>/, so a stopped run resumes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { buildScatterEncoder, encoderMetadata, withProjection } from '../src/lib/encoders/kinds.ts';
import { type Projection, fitProjection } from '../src/lib/encoders/projection.ts';
import { createRng } from '../src/lib/rng.ts';
import { AUGMENT_CLOTHING, augment } from '../src/lib/simclr/augment.ts';
import { embedImages, imagesToTensor } from '../src/lib/simclr/encoder.ts';
import { embedImagesParallel } from './lib/parallel-embed.ts';
import { knnAccuracy } from '../src/lib/simclr/monitor.ts';
import { trainOnViewPool } from '../src/lib/simclr/view-pool.ts';
import { ROOT, loadBuiltin, loadModelFiles, saveModelFiles, startBackend } from './lib/node-io.ts';
import { bundleSplit } from '../src/lib/data/bundle.ts';

const { values: args } = parseArgs({
  options: {
    kind: { type: 'string', default: 'scatter' },
    name: { type: 'string' },
    projection: { type: 'string', default: '512' },
    'log-offset': { type: 'string', default: '1e-4' },
    fine: { type: 'string', default: '1' },
    views: { type: 'string', default: '6' },
    hidden: { type: 'string', default: '512' },
    epochs: { type: 'string', default: '30' },
    batch: { type: 'string', default: '512' },
    lr: { type: 'string', default: '0.001' },
    temperature: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
  },
  allowPositionals: true,
  strict: false,
});
const num = (v: unknown) => Number(v);
const kind = String(args.kind);
if (kind !== 'scatter' && kind !== 'scatsimclr')
  throw new Error(`--kind must be scatter or scatsimclr, got ${kind}`);
const name = String(args.name ?? (kind === 'scatter' ? 'fmnist-scatter' : 'fmnist-scatsimclr'));
const cacheDir = join(ROOT, '.cache', 'pretrain', name);
const outDir = join(ROOT, 'public', 'models', name);
// the fitted front end (scattering + projection) is shared by both kinds
const frontCache = join(ROOT, '.cache', 'pretrain', 'scatter-front');
mkdirSync(cacheDir, { recursive: true });
mkdirSync(frontCache, { recursive: true });
const started = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}`);

const backend = await startBackend(String(args.backend));
const pub = bundleSplit(loadBuiltin('fashion-mnist'), 'public');
const count = pub.labels.length;
const logOffset = num(args['log-offset']);
if (!(logOffset >= 0))
  throw new Error(`--log-offset must be ≥ 0 (0: no log), got ${String(args['log-offset'])}`);
// --fine 1 (default): the J = 1 coefficients appended (chosen on the public split: README, "Features")
const fine = String(args.fine) !== '0';
const scatter = buildScatterEncoder(28, 1, { ...(logOffset > 0 ? { logOffset } : {}), fine });
const k = num(args.projection);
// embedding worker threads run wasm: on another backend, embed in this thread
const embedThreads = backend === 'wasm' ? {} : { threads: 1 };
// cache names say which front end they belong to
const frontTag = `${k}${logOffset > 0 ? `-log${logOffset}` : ''}${fine ? '-fine' : ''}`;
const fittedOn = `the fashion-mnist public split (${count} images)`;

function cached<T>(file: string, make: () => Promise<T>, encode: (v: T) => Buffer, decode: (b: Buffer) => T) {
  const path = join(file.startsWith('projection') ? frontCache : cacheDir, file);
  if (existsSync(path)) return Promise.resolve(decode(readFileSync(path)));
  return make().then((v) => {
    writeFileSync(path, encode(v));
    return v;
  });
}
const f32 = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

const projection = await cached<Projection>(
  `projection-${frontTag}.json`,
  async () => {
    const features = await embedImagesParallel({
      encoder: scatter,
      images: pub.images,
      count,
      size: 28,
      channels: 1,
      ...embedThreads,
    });
    log(`scattering of ${count} public images`);
    const p = fitProjection({ features, dim: features.length / count, components: k });
    log(
      `projection ${features.length / count} → ${k}: ${(100 * p.explainedVariance).toFixed(1)}% of the standardised variance`,
    );
    return p;
  },
  (p) =>
    Buffer.from(
      JSON.stringify({ ...p, kernel: [...p.kernel], bias: [...p.bias], eigenvalues: [...p.eigenvalues] }),
    ),
  (b) => {
    const j = JSON.parse(b.toString()) as Projection & {
      kernel: number[];
      bias: number[];
      eigenvalues: number[];
    };
    return {
      ...j,
      kernel: Float32Array.from(j.kernel),
      bias: Float32Array.from(j.bias),
      eigenvalues: Float64Array.from(j.eigenvalues),
    };
  },
);
const frontModel = withProjection(scatter, projection, fittedOn, 0);

/** kNN monitor on public images only: 2,000 bank + 1,000 query (labels used for monitoring, as the README says). */
async function monitor(model: tf.LayersModel): Promise<number> {
  const emb = await embedImages({ encoder: model, images: pub.images, count: 3000, size: 28, channels: 1 });
  const dim = emb.length / 3000;
  return knnAccuracy({
    bank: emb.subarray(0, 2000 * dim),
    bankLabels: pub.labels.subarray(0, 2000),
    query: emb.subarray(2000 * dim),
    queryLabels: pub.labels.subarray(2000, 3000),
    dim,
    numClasses: 10,
  });
}

async function save(model: tf.LayersModel, extra: Record<string, unknown>): Promise<void> {
  const meta = encoderMetadata(model)!;
  const knn = await monitor(model);
  model.setUserDefinedMetadata({
    epsilonLab: {
      ...meta,
      ...extra,
      knnPublic: knn,
      prepareSeconds: Math.round((Date.now() - started) / 1000),
      backend,
    },
  });
  // the fixed encoder's only weights are the frozen projection ((3,969 + 1,764) × 512): stored as float16 it
  // ships in 5.9 MB instead of 11.7 MB (the quality bench measures these very files)
  await saveModelFiles(model, outDir, { float16: kind === 'scatter' });
  console.log(
    JSON.stringify({ done: true, out: outDir, knnPublic: knn, seconds: (Date.now() - started) / 1000 }),
  );
}

if (kind === 'scatter') {
  await save(frontModel, {});
  process.exit(0);
}

// The view pool: P augmented views of every public image through the fixed front end.
const views = num(args.views);
const pool = await cached(
  `pool-${frontTag}-${views}.f32`,
  async () => {
    const rng = createRng(num(args.seed) * 7919);
    const out = new Float32Array(count * views * k);
    const chunk = 500;
    for (let v = 0; v < views; v++) {
      for (let s = 0; s < count; s += chunk) {
        const n = Math.min(chunk, count - s);
        const y = tf.tidy(() => {
          const x = imagesToTensor(pub.images.subarray(s * 784, (s + n) * 784), n, 28, 1);
          return frontModel.predict(augment(x, AUGMENT_CLOTHING, rng)) as tf.Tensor2D;
        });
        const data = (await y.data()) as Float32Array;
        y.dispose();
        for (let i = 0; i < n; i++) out.set(data.subarray(i * k, (i + 1) * k), ((s + i) * views + v) * k);
      }
      log(`view pool: view ${v + 1} of ${views}`);
    }
    return out;
  },
  (a) => Buffer.from(a.buffer),
  f32,
);

const config = {
  hidden: num(args.hidden),
  projectionDim: 128,
  batchSize: num(args.batch),
  epochs: num(args.epochs),
  learningRate: num(args.lr),
  temperature: num(args.temperature),
  seed: num(args.seed),
};
// The trained trunk is cached too (training is the long part): a rerun with the same settings reuses it.
const trunkDir = join(cacheDir, `trunk-${config.hidden}-${config.epochs}-${config.batchSize}-${config.seed}`);
let trunk: tf.LayersModel;
let losses: number[] = [];
if (existsSync(join(trunkDir, 'model.json'))) {
  trunk = await loadModelFiles(trunkDir);
  losses = (JSON.parse(readFileSync(join(trunkDir, 'losses.json'), 'utf8')) as number[]) ?? [];
  log(`trunk from ${trunkDir}`);
} else {
  const trained = await trainOnViewPool(
    { features: pool, images: count, viewsPerImage: views, dim: k },
    config,
    (epoch, loss) => {
      if (epoch % 10 === 9 || epoch === config.epochs - 1)
        log(`SimCLR epoch ${epoch + 1}: loss ${loss.toFixed(4)}`);
    },
  );
  trunk = trained.trunk;
  losses = trained.losses;
  await saveModelFiles(trunk, trunkDir);
  writeFileSync(join(trunkDir, 'losses.json'), JSON.stringify(losses));
}

// Scale the trunk so its features have the same mean norm as the whitened coefficients on the public images
// (ReLU is positively homogeneous: scaling the dense layer scales its output).
const frontFeatures = await embedImagesParallel({
  encoder: frontModel,
  images: pub.images,
  count,
  size: 28,
  channels: 1,
  ...embedThreads,
});
const meanNorm = (x: Float32Array, d: number) => {
  let s = 0;
  for (let i = 0; i < x.length / d; i++) {
    let r = 0;
    for (let j = 0; j < d; j++) r += x[i * d + j]! ** 2;
    s += Math.sqrt(r);
  }
  return s / (x.length / d);
};
const learned = tf.tidy(() =>
  (trunk.predict(tf.tensor2d(frontFeatures, [count, k])) as tf.Tensor).dataSync(),
);
const scale = meanNorm(frontFeatures, k) / meanNorm(Float32Array.from(learned), config.hidden);
const [w, b] = trunk.getWeights();
const dense = tf.layers.dense({
  units: config.hidden,
  activation: 'relu',
  name: 'simclr_trunk',
  trainable: false,
});
const [whitened] = frontModel.outputs;
if (!whitened) throw new Error('the scattering front has no output');
const trunkOut = dense.apply(whitened) as tf.SymbolicTensor;
dense.setWeights([w!.mul(scale), b!.mul(scale)]);
const both = tf.layers
  .concatenate({ name: 'scatter_and_learned' })
  .apply([whitened, trunkOut]) as tf.SymbolicTensor;
const model = tf.model({ inputs: frontModel.inputs, outputs: both, name: 'scatsimclr' });
model.setUserDefinedMetadata({
  epsilonLab: {
    ...encoderMetadata(frontModel)!,
    kind: 'simclr',
    description: `SimCLR over the scattering transform: an MLP trunk (${k} → ${config.hidden}) trained on ${views} augmented views of each public image, next to the ${k} whitened scattering coefficients`,
    pretrain: {
      ...config,
      views,
      augment: 'clothing (no flips)',
      split: 'public',
      losses: losses.map((l) => +l.toFixed(4)),
    },
  },
});
await save(model, {});
