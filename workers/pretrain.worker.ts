/**
 * The pretraining worker: SimCLR on public images (src/lib/simclr), streaming loss, throughput and a kNN
 * quality signal; pause/resume/stop; continue from an earlier encoder; export the encoder as TensorFlow.js
 * model files (model.json + weights) to hand to the probe worker or to download.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/lib/backend/choose';
import type { ImageDataset } from '../src/lib/data/dataset';
import {
  AUGMENT_DIGITS,
  AUGMENT_GRAYSCALE,
  AUGMENT_RGB,
  augment,
  type AugmentConfig,
} from '../src/lib/simclr/augment';
import {
  type EncoderConfig,
  buildSimclrModel,
  embedImages,
  embeddingDim,
  imagesToTensor,
  type SimclrModel,
} from '../src/lib/simclr/encoder';
import '../src/lib/simclr/group-norm';
import '../src/lib/encoders/scatter';
import { knnAccuracy } from '../src/lib/simclr/monitor';
import {
  type Divergence,
  type PretrainConfig,
  type PretrainProgress,
  Pretrainer,
} from '../src/lib/simclr/pretrain';
import { createRng } from '../src/lib/rng';
import { initBackend } from './shared/backend';
import { JobControl, jobCommands } from './shared/job-control';
import { type ModelFiles, loadModel, modelToFiles } from './shared/model-files';
import { nonFiniteIndices } from '../src/lib/tf/finite';

export type { ModelFiles } from './shared/model-files';
import { fetchBuiltin } from './shared/datasets';
import { bundleSplit } from '../src/lib/data/bundle';

export type PublicSource =
  { kind: 'builtin'; id: 'fashion-mnist' | 'mnist' } | { kind: 'images'; dataset: ImageDataset };

export interface PretrainJob {
  source: PublicSource;
  encoder: EncoderConfig;
  train: Omit<PretrainConfig, 'augment'> & { augment?: AugmentConfig };
  /** Start from these weights (continue training: "combination of knowledge"). */
  initFrom?: ModelFiles | { url: string } | null;
  /** Run the kNN monitor every this many epochs (0 = never). */
  monitorEvery: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  knn: number | null;
  seconds: number;
}

let model: SimclrModel | null = null;
const control = new JobControl();

async function publicImages(source: PublicSource): Promise<ImageDataset> {
  if (source.kind === 'images') return source.dataset;
  return bundleSplit(await fetchBuiltin(source.id), 'public');
}

function defaultAugment(source: PublicSource, channels: number): AugmentConfig {
  if (channels === 3) return AUGMENT_RGB;
  return source.kind === 'builtin' && source.id === 'mnist' ? AUGMENT_DIGITS : AUGMENT_GRAYSCALE;
}

const api = {
  init(forced: BackendName | null) {
    return initBackend(forced);
  },

  /** Originals and two augmented views of `count` public images: what a "positive pair" is. */
  async preview(
    source: PublicSource,
    count: number,
    seed: number,
  ): Promise<{
    width: number;
    channels: number;
    originals: Uint8Array;
    view1: Uint8Array;
    view2: Uint8Array;
  }> {
    const d = await publicImages(source);
    const per = d.width * d.height * d.channels;
    const n = Math.min(count, d.labels.length);
    const rng = createRng(seed);
    const start = rng.int(Math.max(1, d.labels.length - n));
    const originals = d.images.slice(start * per, (start + n) * per);
    const aug = defaultAugment(source, d.channels);
    const [v1, v2] = tf.tidy(() => {
      const x = imagesToTensor(originals, n, d.width, d.channels);
      return [augment(x, aug, rng).mul(255).round().toInt(), augment(x, aug, rng).mul(255).round().toInt()];
    });
    const view1 = Uint8Array.from(await v1.data());
    const view2 = Uint8Array.from(await v2.data());
    tf.dispose([v1, v2]);
    return { width: d.width, channels: d.channels, originals, view1, view2 };
  },

  async pretrain(
    job: PretrainJob,
    onProgress?: (p: PretrainProgress) => void,
    onEpoch?: (r: EpochReport) => void,
  ): Promise<{ steps: number; seconds: number; backend: string; diverged: string | null }> {
    const signal = control.start();
    const started = performance.now();
    const data = await publicImages(job.source);
    if (data.width !== job.encoder.inputSize || data.channels !== job.encoder.channels) {
      throw new Error(
        `the encoder takes ${job.encoder.inputSize}×${job.encoder.inputSize}×${job.encoder.channels} images, the public data is ${data.width}×${data.height}×${data.channels}`,
      );
    }
    model?.encoder.dispose();
    model?.head.dispose();
    model = buildSimclrModel(job.encoder);
    if (job.initFrom) {
      const src = await loadModel(job.initFrom);
      try {
        model.encoder.setWeights(src.getWeights());
      } finally {
        src.dispose();
      }
    }
    const config: PretrainConfig = {
      ...job.train,
      augment: job.train.augment ?? defaultAugment(job.source, data.channels),
    };
    const trainer = new Pretrainer(model, config, {
      images: data.images,
      count: data.labels.length,
      size: data.width,
      channels: data.channels,
    });
    let epochStarted = performance.now();
    // kNN monitor: labelled public sample (bank 80%, query 20%) of up to 1,000 images; costs no privacy.
    const monitorN = Math.min(1000, data.labels.length);
    const monitor = async () => {
      const emb = await embedImages({
        encoder: model!.encoder,
        images: data.images,
        count: monitorN,
        size: data.width,
        channels: data.channels,
      });
      const dim = embeddingDim(job.encoder);
      const nb = Math.floor(monitorN * 0.8);
      return knnAccuracy({
        bank: emb.subarray(0, nb * dim),
        bankLabels: data.labels.subarray(0, nb),
        query: emb.subarray(nb * dim),
        queryLabels: data.labels.subarray(nb, monitorN),
        dim,
        numClasses: data.classNames.length,
      });
    };
    let divergence: Divergence | null;
    try {
      divergence = await trainer.run({
        signal,
        onProgress: (p) => onProgress?.(p),
        onEpoch: async (epoch, loss) => {
          const knn = job.monitorEvery > 0 && (epoch + 1) % job.monitorEvery === 0 ? await monitor() : null;
          onEpoch?.({ epoch, loss, knn, seconds: (performance.now() - epochStarted) / 1000 });
          epochStarted = performance.now();
        },
        beforeStep: () => control.checkpoint(),
      });
    } finally {
      trainer.dispose();
    }
    return {
      steps: trainer.stepsDone,
      seconds: (performance.now() - started) / 1000,
      backend: tf.getBackend(),
      diverged: divergence
        ? `diverged at step ${divergence.step} (loss ${divergence.loss}); the weights of step ${divergence.restoredStep}, the last good ones, were kept`
        : null,
    };
  },

  /** The current encoder as TensorFlow.js model files, with the config that produced it. */
  async exportEncoder(metadata: Record<string, unknown>): Promise<ModelFiles> {
    if (!model) throw new Error('no encoder has been pretrained in this session yet');
    const bad = await nonFiniteIndices(model.encoder.getWeights());
    if (bad.length)
      throw new Error(
        `the encoder has weights that are not finite numbers (${bad.map((k) => model!.encoder.weights[k]!.name).join(', ')}); it is not offered (pretrain again)`,
      );
    model.encoder.setUserDefinedMetadata({
      epsilonLab: { kind: 'simclr-encoder', encoder: model.config, ...metadata },
    });
    const out = await modelToFiles(model.encoder);
    return Comlink.transfer(out, [out.weights]);
  },

  ...jobCommands(control),
};

Comlink.expose(api);
export type PretrainApi = typeof api;
