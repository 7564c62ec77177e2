/**
 * npm run pretrain -- [options]: SimCLR pretraining in Node with the lab's own code (src/lib/simclr), on the
 * wasm backend (or cpu), writing a standard TensorFlow.js model into public/models/<name>/.
 * Checkpoints every epoch into .cache/pretrain/<name>/ and resumes from there, so a long run survives being
 * stopped (sessions end; run it again with the same arguments to continue).
 *
 *   --datasets fashion-mnist[,mnist]  public splits to train on, in order (each gets --epochs)
 *   --name fmnist-simclr   --epochs 40  --batch 256  --lr 0.001  --temperature 0.2  --optimizer adam|lars
 *   --width 32 --stages 3 --blocks 1 --stem-stride2   --backend wasm|cpu   --max-minutes N   --seed 1
 *   --export   write public/models/<name>/ from the latest checkpoint without training
 *   --front-end scatter   learn over the fixed scattering transform (ScatSimCLR); --augment clothing|grayscale|digits
 *   --kind scatter|scatsimclr   the scattering-based encoders: see scripts/pretrain-scatter.ts for their options
 *   --projection K        end the encoder in a standardise + PCA-whitening projection to K dimensions, fitted on
 *                         the public split's images (no labels); 0 = none. A scatter front end's downstream
 *                         embedding is [scattering coefficients, learned embedding] before the projection.
 */
// The scattering-based encoders have their own preparation (no image-level SimCLR loop).
const kindAt = process.argv.indexOf('--kind');
const scatterKind = kindAt > 0 ? process.argv[kindAt + 1] : undefined;
if (scatterKind === 'scatter' || scatterKind === 'scatsimclr') {
  await import('./pretrain-scatter.ts');
  process.exit(0);
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  AUGMENT_CLOTHING,
  AUGMENT_DIGITS,
  AUGMENT_GRAYSCALE,
  type AugmentConfig,
} from '../src/lib/simclr/augment.ts';
import {
  DEFAULT_ENCODER,
  type EncoderConfig,
  buildSimclrModel,
  embedImages,
  embeddingDim,
} from '../src/lib/simclr/encoder.ts';
import { knnAccuracy } from '../src/lib/simclr/monitor.ts';
import { type OptimizerWeights, type PretrainConfig, Pretrainer } from '../src/lib/simclr/pretrain.ts';
import { ROOT, loadBuiltin, loadModelFiles, saveModelFiles, startBackend } from './lib/node-io.ts';
import { fitProjection } from '../src/lib/encoders/projection.ts';
import { scatterAndLearnedReadout, withProjection } from '../src/lib/encoders/kinds.ts';
import { bundleSplit } from '../src/lib/data/bundle.ts';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'fashion-mnist' },
    name: { type: 'string', default: 'fmnist-simclr' },
    epochs: { type: 'string', default: '40' },
    batch: { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.001' },
    temperature: { type: 'string', default: '0.2' },
    optimizer: { type: 'string', default: 'adam' },
    width: { type: 'string', default: String(DEFAULT_ENCODER.width) },
    stages: { type: 'string', default: String(DEFAULT_ENCODER.stages) },
    blocks: { type: 'string', default: String(DEFAULT_ENCODER.blocksPerStage) },
    'stem-stride2': { type: 'boolean', default: false },
    /** 'scatter': learn over a fixed scattering front end (ScatSimCLR); 'none': over pixels. */
    'front-end': { type: 'string', default: 'none' },
    /** Augmentations: 'clothing' (no flips), 'grayscale', 'digits'; default by dataset. */
    augment: { type: 'string' },
    projection: { type: 'string', default: '0' },
    ridge: { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
    'max-minutes': { type: 'string', default: 'Infinity' },
    seed: { type: 'string', default: '1' },
    /** Write the model from the latest checkpoint without training further. */
    export: { type: 'boolean', default: false },
  },
});

interface State {
  datasetIndex: number;
  stepsDone: number;
  history: { dataset: string; epoch: number; loss: number; knn?: number; seconds: number }[];
  trainSeconds: number;
}

const num = (v: string | undefined) => Number(v);
const datasets = args.datasets.split(',');
const encoderConfig: EncoderConfig = {
  ...DEFAULT_ENCODER,
  width: num(args.width),
  stages: num(args.stages),
  blocksPerStage: num(args.blocks),
  stemStride2: args['stem-stride2'],
  seed: num(args.seed),
  ...(args['front-end'] === 'scatter' ? { frontEnd: 'scatter' as const } : {}),
};
const baseConfig = {
  batchSize: num(args.batch),
  epochs: num(args.epochs),
  learningRate: num(args.lr),
  schedule: 'cosine' as const,
  warmupEpochs: 1,
  optimizer: args.optimizer as 'adam' | 'lars',
  weightDecay: 1e-6,
  temperature: num(args.temperature),
  seed: num(args.seed),
};
const AUGMENTS: Record<string, AugmentConfig> = {
  clothing: AUGMENT_CLOTHING,
  grayscale: AUGMENT_GRAYSCALE,
  digits: AUGMENT_DIGITS,
};
function augmentFor(dataset: string): AugmentConfig {
  if (args.augment) {
    const a = AUGMENTS[args.augment];
    if (!a)
      throw new Error(`--augment must be one of ${Object.keys(AUGMENTS).join(', ')}, got ${args.augment}`);
    return a;
  }
  return dataset === 'mnist' ? AUGMENT_DIGITS : AUGMENT_GRAYSCALE;
}
const ckptDir = join(ROOT, '.cache', 'pretrain', args.name);
const outDir = join(ROOT, 'public', 'models', args.name);
const deadline = Date.now() + num(args['max-minutes']) * 60_000;

const backend = await startBackend(args.backend);
const model = buildSimclrModel(encoderConfig);
let state: State = { datasetIndex: 0, stepsDone: 0, history: [], trainSeconds: 0 };
let optimizerWeights: OptimizerWeights = [];
if (existsSync(join(ckptDir, 'state.json'))) {
  state = JSON.parse(readFileSync(join(ckptDir, 'state.json'), 'utf8')) as State;
  const enc = await loadModelFiles(join(ckptDir, 'encoder'));
  const head = await loadModelFiles(join(ckptDir, 'head'));
  model.encoder.setWeights(enc.getWeights());
  model.head.setWeights(head.getWeights());
  if (existsSync(join(ckptDir, 'optimizer.json'))) {
    const saved = JSON.parse(readFileSync(join(ckptDir, 'optimizer.json'), 'utf8')) as {
      name: string;
      shape: number[];
      values: number[];
    }[];
    optimizerWeights = saved.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) }));
  }
  console.error(`resuming ${args.name}: dataset ${state.datasetIndex}, step ${state.stepsDone}`);
}

// kNN monitor on labelled public images (2,000 bank + 1,000 query): no private data involved.
const monitorSet = bundleSplit(loadBuiltin('fashion-mnist'), 'public');
const monitor = async (): Promise<number> => {
  const emb = await embedImages({
    encoder: model.encoder,
    images: monitorSet.images,
    count: 3000,
    size: 28,
    channels: 1,
  });
  const dim = embeddingDim(encoderConfig);
  return knnAccuracy({
    bank: emb.subarray(0, 2000 * dim),
    bankLabels: monitorSet.labels.subarray(0, 2000),
    query: emb.subarray(2000 * dim),
    queryLabels: monitorSet.labels.subarray(2000, 3000),
    dim,
    numClasses: 10,
  });
};

async function checkpoint(trainer: Pretrainer): Promise<void> {
  mkdirSync(ckptDir, { recursive: true });
  await saveModelFiles(model.encoder, join(ckptDir, 'encoder'));
  await saveModelFiles(model.head, join(ckptDir, 'head'));
  const opt = await trainer.optimizerWeights();
  const saved = await Promise.all(
    opt.map(async (w) => ({
      name: w.name,
      shape: w.tensor.shape,
      values: Array.from(await w.tensor.data()),
    })),
  );
  writeFileSync(join(ckptDir, 'optimizer.json'), JSON.stringify(saved));
  writeFileSync(join(ckptDir, 'state.json'), JSON.stringify(state, null, 1));
}

const completedEpochs = () => state.history.length;
for (; !args.export && state.datasetIndex < datasets.length; state.datasetIndex++, state.stepsDone = 0) {
  const id = datasets[state.datasetIndex]!;
  const data = bundleSplit(loadBuiltin(id), 'public');
  const config: PretrainConfig = {
    ...baseConfig,
    augment: augmentFor(id),
  };
  const trainer = new Pretrainer(
    model,
    config,
    { images: data.images, count: data.labels.length, size: 28, channels: 1 },
    state.stepsDone,
  );
  if (optimizerWeights.length > 0) {
    await trainer.optimizerWeights(); // creates Adam's slots; then restore them
    await trainer.setOptimizerWeights(optimizerWeights);
    optimizerWeights = [];
  }
  const controller = new AbortController();
  let epochStarted = Date.now();
  const diverged = await trainer.run({
    signal: controller.signal,
    onEpoch: async (epoch, loss) => {
      const seconds = (Date.now() - epochStarted) / 1000;
      state.trainSeconds += seconds;
      state.stepsDone = trainer.stepsDone;
      const knn = epoch % 5 === 4 || epoch === config.epochs - 1 ? await monitor() : undefined;
      state.history.push({ dataset: id, epoch, loss, ...(knn !== undefined ? { knn } : {}), seconds });
      await checkpoint(trainer);
      console.log(
        JSON.stringify({
          dataset: id,
          epoch,
          loss: +loss.toFixed(4),
          ...(knn !== undefined ? { knn } : {}),
          seconds: +seconds.toFixed(1),
          backend,
        }),
      );
      epochStarted = Date.now();
      if (Date.now() > deadline) controller.abort();
    },
  });
  trainer.dispose();
  if (diverged) {
    // The checkpoint on disk holds the last good epoch; nothing non-finite was saved.
    console.error(
      `diverged at step ${diverged.step} (loss ${diverged.loss}); the last checkpoint (step ${state.stepsDone}) is kept: lower the learning rate`,
    );
    process.exit(1);
  }
  if (controller.signal.aborted) {
    console.error(`stopped at the time limit; run again to resume from step ${state.stepsDone}`);
    process.exit(0);
  }
}

/**
 * The encoder as shipped: the trained network's embedding (or, over a scatter front end, the scattering
 * coefficients and the learned embedding side by side), then the public-data projection if asked.
 */
async function finalEncoder(base: tf.LayersModel, fittedOn: string): Promise<tf.LayersModel> {
  const k = num(args.projection);
  if (!(k > 0)) return base;
  const started = Date.now();
  const pub = bundleSplit(loadBuiltin(fittedOn), 'public');
  const count = pub.labels.length;
  const features = await embedImages({ encoder: base, images: pub.images, count, size: 28, channels: 1 });
  const dim = features.length / count;
  const ridge = num(args.ridge);
  const projection = fitProjection({ features, dim, components: k, ridge });
  console.error(
    `projection ${dim} → ${k} on ${count} public images: ${(100 * projection.explainedVariance).toFixed(1)}% of the standardised variance, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return withProjection(base, projection, `the ${fittedOn} public split (${count} images)`, ridge);
}

const fittedOn = datasets[0]!;
const knn = await monitor();
const overScatter = encoderConfig.frontEnd === 'scatter';
model.encoder.setUserDefinedMetadata({
  epsilonLab: {
    kind: 'simclr',
    description: `SimCLR encoder${overScatter ? ' over the scattering transform' : ''}, width ${encoderConfig.width}, pretrained on the ${fittedOn} public split`,
    encoder: encoderConfig,
    pretrain: { ...baseConfig, datasets, split: 'public', augment: args.augment ?? 'by dataset' },
    history: state.history,
    trainSeconds: Math.round(state.trainSeconds),
    epochsCompleted: completedEpochs(),
    complete: state.datasetIndex >= datasets.length,
    backend,
    knnPublic: knn,
  },
});
const shipped = await finalEncoder(
  overScatter ? scatterAndLearnedReadout(model.encoder) : model.encoder,
  fittedOn,
);
await saveModelFiles(shipped, outDir);
console.log(
  JSON.stringify({ done: true, out: outDir, knn, trainMinutes: +(state.trainSeconds / 60).toFixed(1) }),
);
