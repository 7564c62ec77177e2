/**
 * SimCLR pretraining and embedding throughput (images/s) for the SimCLR v1 architecture, and what embedding the
 * 59,946 private Fashion-MNIST images with the default encoder (scattering + public projection) costs, measured
 * on all of them with the command-line tools' worker threads (one wasm backend per core:
 * `embedImagesParallel`), beside the single-thread rate on 4,096 of them.
 */
import * as tf from '@tensorflow/tfjs';
import { AUGMENT_GRAYSCALE } from '../src/lib/simclr/augment';
import { buildSimclrModel, embedImages } from '../src/lib/simclr/encoder';
import { SHIPPED_SIMCLR_ARCHITECTURE } from '../src/lib/simclr/config';
import { Pretrainer } from '../src/lib/simclr/pretrain';
import { ROOT, loadBuiltin, loadModelFiles, startBackend } from '../scripts/lib/node-io';
import { join } from 'node:path';
import { bundleSplit } from '../src/lib/data/bundle';
import { embedSetsParallel, embedThreads } from '../scripts/lib/parallel-embed';

/** The lab's default encoder (scattering + public projection), as shipped. */
const DEFAULT_ENCODER_DIR = join(ROOT, 'public', 'models', 'fmnist-scatter');

export const SHIPPED_ARCHITECTURE = SHIPPED_SIMCLR_ARCHITECTURE;

export async function benchPretrain(): Promise<Record<string, unknown>> {
  const backend = await startBackend('wasm');
  const bundle = loadBuiltin('fashion-mnist');
  const data = bundleSplit(bundle, 'public');
  const model = buildSimclrModel(SHIPPED_ARCHITECTURE);
  const batchSize = 128;
  const trainer = new Pretrainer(
    model,
    {
      batchSize,
      epochs: 1,
      learningRate: 1e-3,
      schedule: 'constant',
      warmupEpochs: 0,
      optimizer: 'adam',
      weightDecay: 0,
      temperature: 0.2,
      augment: AUGMENT_GRAYSCALE,
      seed: 1,
    },
    { images: data.images, count: data.labels.length, size: 28, channels: 1 },
  );
  const step = async () => {
    const loss = trainer.step();
    await loss.data();
    loss.dispose();
  };
  await step(); // warm-up
  const steps = 4;
  let t = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const pretrainSeconds = (performance.now() - t) / 1000;
  trainer.dispose();
  const count = 4096;
  await embedImages({ encoder: model.encoder, images: data.images, count: 256, size: 28, channels: 1 }); // warm-up
  t = performance.now();
  await embedImages({ encoder: model.encoder, images: data.images, count, size: 28, channels: 1 });
  const embedSeconds = (performance.now() - t) / 1000;
  model.encoder.dispose();
  model.head.dispose();
  // the default encoder: one thread on 4,096 images, then all 59,946 private images on every core
  const shipped = await loadModelFiles(DEFAULT_ENCODER_DIR);
  await embedImages({ encoder: shipped, images: data.images, count: 256, size: 28, channels: 1 }); // warm-up
  t = performance.now();
  await embedImages({ encoder: shipped, images: data.images, count, size: 28, channels: 1 });
  const singleRate = count / ((performance.now() - t) / 1000);
  const splits = ['private-train', 'private-test'].map((s) => bundleSplit(bundle, s));
  const privateCount = splits.reduce((n, s) => n + s.labels.length, 0);
  const threads = embedThreads(privateCount);
  t = performance.now();
  await embedSetsParallel({
    encoder: shipped,
    sets: splits.map((s) => ({ images: s.images, count: s.labels.length })),
    size: 28,
    channels: 1,
    threads,
  });
  const privateSeconds = (performance.now() - t) / 1000;
  shipped.dispose();
  return {
    backend,
    tensors_after: tf.memory().numTensors,
    pretrain_images_per_second: +((steps * batchSize) / pretrainSeconds).toFixed(1),
    pretrain_ms_per_step: +((1000 * pretrainSeconds) / steps).toFixed(0),
    embedding_images_per_second: +(count / embedSeconds).toFixed(1),
    default_encoder_embedding_images_per_second: +(privateCount / privateSeconds).toFixed(1),
    default_encoder_private_embedding_seconds: +privateSeconds.toFixed(0),
    default_encoder_private_images: privateCount,
    default_encoder_embedding_threads: threads,
    default_encoder_single_thread_images_per_second: +singleRate.toFixed(1),
    default_encoder_thread_speedup: +(privateCount / privateSeconds / singleRate).toFixed(2),
    settings: { encoder: SHIPPED_ARCHITECTURE, batchSize, views: 2, imageSize: 28 },
  };
}
