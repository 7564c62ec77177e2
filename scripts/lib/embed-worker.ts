/**
 * One worker thread of `embedImagesParallel`: starts its own tfjs wasm backend (one core), rebuilds the encoder
 * from the artifacts it is handed, embeds its slice of the images and posts the embeddings back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { embedImages } from '../../src/lib/simclr/encoder.ts';
import { startBackend } from './node-io.ts';
import type { EmbedJob } from './parallel-embed.ts';

const job = workerData as EmbedJob;
await startBackend('wasm');
const encoder = await tf.loadLayersModel(tf.io.fromMemory(job.artifacts));
const embeddings = await embedImages({
  encoder,
  images: job.images,
  count: job.count,
  size: job.size,
  channels: job.channels,
  onProgress: (done) => parentPort!.postMessage({ done }),
});
encoder.dispose();
parentPort!.postMessage({ embeddings }, [embeddings.buffer as ArrayBuffer]);
