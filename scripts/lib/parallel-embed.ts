/**
 * `embedImages` on every core of a Node machine. tfjs's wasm backend runs single-threaded in Node (its threaded
 * build is for browsers only: tfjs issue 3830), so the command-line tools embed large image sets in worker
 * threads, one wasm backend each, over contiguous slices; each image's embedding is the same as in one thread
 * (an image is embedded on its own; batches only group the work).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import { embedImages, encoderOutputDim } from '../../src/lib/simclr/encoder.ts';
import { modelArtifacts } from '../../src/lib/tf/model-artifacts.ts';

/** What one worker thread is handed. */
export interface EmbedJob {
  artifacts: tf.io.ModelArtifacts;
  images: Uint8Array;
  count: number;
  size: number;
  channels: number;
}

/** Below this many images per thread, starting a thread (a wasm backend, the encoder) costs more than it saves. */
const MIN_PER_THREAD = 2048;

/**
 * Threads to use: EPSILON_LAB_EMBED_THREADS if set, else one per core (at most 8), fewer for small jobs.
 */
export function embedThreads(count: number): number {
  const env = Number(process.env['EPSILON_LAB_EMBED_THREADS']);
  const cores = Number.isInteger(env) && env > 0 ? env : Math.min(8, availableParallelism());
  return Math.max(1, Math.min(cores, Math.floor(count / MIN_PER_THREAD)));
}

/** The worker's entry: tsx's loader registered in the thread first (worker threads do not inherit it). */
function workerSource(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./embed-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
}

/**
 * The same as `embedImages` (the tfjs backend of this thread is not used when threads > 1): N × d embeddings.
 */
export async function embedImagesParallel(options: {
  encoder: tf.LayersModel;
  images: Uint8Array;
  count: number;
  size: number;
  channels: number;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<Float32Array> {
  const { encoder, images, count, size, channels, onProgress } = options;
  const threads = Math.max(1, Math.min(options.threads ?? embedThreads(count), count));
  if (threads === 1) return embedImages({ ...options, encoder, images, count, size, channels });
  const dim = encoderOutputDim(encoder);
  const artifacts = await modelArtifacts(encoder);
  const per = size * size * channels;
  const out = new Float32Array(count * dim);
  const done = new Array<number>(threads).fill(0);
  const workers: Worker[] = [];
  const slices = Array.from({ length: threads }, (_, t) => {
    const start = Math.floor((t * count) / threads);
    return { start, n: Math.floor(((t + 1) * count) / threads) - start };
  });
  try {
    await Promise.all(
      slices.map(
        ({ start, n }, t) =>
          new Promise<void>((resolve, reject) => {
            const job: EmbedJob = {
              artifacts,
              images: images.slice(start * per, (start + n) * per),
              count: n,
              size,
              channels,
            };
            const worker = new Worker(workerSource(), { eval: true, workerData: job });
            workers.push(worker);
            worker.on('message', (m: { done?: number; embeddings?: Float32Array }) => {
              if (m.embeddings) {
                if (m.embeddings.length !== n * dim)
                  reject(
                    new Error(
                      `embedding thread ${t + 1} returned ${m.embeddings.length / n} values per image, the encoder has ${dim}`,
                    ),
                  );
                else {
                  out.set(m.embeddings, start * dim);
                  resolve();
                }
              } else if (m.done !== undefined) {
                done[t] = m.done;
                onProgress?.(
                  done.reduce((a, b) => a + b, 0),
                  count,
                );
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              reject(new Error(`embedding thread ${t + 1} of ${threads} exited with code ${code}`));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/** One set of images of an `embedSetsParallel` call. */
export interface ImageSet {
  images: Uint8Array;
  count: number;
}

/**
 * `embedImagesParallel` over several image sets of one shape (a dataset's train and test splits) in one pool of
 * threads, so the threads start, load wasm and rebuild the encoder once, not once per set: one N_i × d array per
 * set, in order.
 */
export async function embedSetsParallel(options: {
  encoder: tf.LayersModel;
  sets: readonly ImageSet[];
  size: number;
  channels: number;
  threads?: number;
}): Promise<Float32Array[]> {
  const { sets, size, channels } = options;
  const per = size * size * channels;
  const total = sets.reduce((n, s) => n + s.count, 0);
  const images = new Uint8Array(total * per);
  let at = 0;
  for (const s of sets) {
    if (s.images.length < s.count * per)
      throw new Error(
        `an image set claims ${s.count} images of ${per} values but holds ${s.images.length} values`,
      );
    images.set(s.images.subarray(0, s.count * per), at * per);
    at += s.count;
  }
  const all = await embedImagesParallel({ ...options, images, count: total });
  const dim = total > 0 ? all.length / total : 0;
  at = 0;
  return sets.map((s) => {
    const x = all.subarray(at * dim, (at + s.count) * dim);
    at += s.count;
    return x;
  });
}
