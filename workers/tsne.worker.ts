/**
 * The embeddings worker: embeds a sample of public or private images through a random (untrained) encoder
 * and through the current encoder, then runs Barnes-Hut t-SNE on both side by side, streaming both maps.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/lib/backend/choose';
import { type EncoderConfig, buildEncoder, embedImages } from '../src/lib/simclr/encoder';
import { l2NormalizeRows } from '../src/lib/dp/features';
import { buildPixelsEncoder, encoderMetadata } from '../src/lib/encoders/kinds';

const TSNE_WHITENED_DIMS = 50;
import '../src/lib/simclr/group-norm';
import '../src/lib/encoders/scatter';
import { Tsne, mapKnnAccuracy } from '../src/lib/tsne/tsne';
import { initBackend } from './shared/backend';
import { JobControl, jobCommands } from './shared/job-control';
import { type ModelFiles, loadModel } from './shared/model-files';
import { fetchBuiltin } from './shared/datasets';
import { bundleSplit } from '../src/lib/data/bundle';
import type { ImageDataset } from '../src/lib/data/dataset';

export interface TsneJob {
  /** The built-in public or private test split, or the user's images (`images`). */
  split: 'public' | 'private-test' | 'upload';
  /** With split 'upload': the user's private images (their first `cap`, already sampled: the split is shuffled). */
  images?: ImageDataset;
  /** With `images`: how many the split they were taken from holds (the caption says "the first" or "all"). */
  imagesTotal?: number;
  cap: number;
  perplexity: number;
  learningRate: number | 'auto';
  iterations: number;
  /** The current encoder: a model URL, model files, or raw pixels (the image itself, as step 3 offers it). */
  encoder: { url: string } | ModelFiles | { kind: 'pixels' };
  randomConfig: EncoderConfig;
}

export interface TsneFrame {
  iteration: number;
  /** With the first frame: the labels of the embedded points, for colouring while the maps move. */
  labels?: Int32Array;
  classNames?: string[];
  random: Float32Array;
  current: Float32Array;
}

export interface TsneResult {
  /** The embedded images (bytes), for hover thumbnails. */
  images: Uint8Array;
  width: number;
  channels: number;
  labels: Int32Array;
  classNames: string[];
  random: Float32Array;
  current: Float32Array;
  randomKnn: number;
  currentKnn: number;
  count: number;
  total: number;
  seconds: number;
  /** Iterations run: fewer than its settings asked for when the map was stopped part way. */
  iterationsRun: number;
}

const control = new JobControl();

const api = {
  init(forced: BackendName | null) {
    return initBackend(forced);
  },

  async run(
    job: TsneJob,
    onStage?: (stage: string) => void,
    onFrame?: (f: TsneFrame) => void,
  ): Promise<TsneResult> {
    const signal = control.start();
    const started = performance.now();
    if (job.split === 'upload' && !job.images) throw new Error('no images of yours were given to map');
    const d =
      job.split === 'upload' ? job.images! : bundleSplit(await fetchBuiltin('fashion-mnist'), job.split);
    // The first `cap` images of the split (the splits are already shuffled with a seed): a stated subsample.
    const count = Math.min(job.cap, d.labels.length);
    const per = d.width * d.height * d.channels;
    const images = d.images.subarray(0, count * per);
    onStage?.('embedding');
    const embed = async (model: tf.LayersModel) => {
      try {
        return await embedImages({ encoder: model, images, count, size: d.width, channels: d.channels });
      } finally {
        model.dispose();
      }
    };
    // L2-normalised per image, as the probe sees them (a whitened encoder's raw norms vary widely)
    const randomEmb = await embed(buildEncoder(job.randomConfig));
    const currentModel =
      'kind' in job.encoder ? buildPixelsEncoder(d.width, d.channels) : await loadModel(job.encoder);
    const whitened = encoderMetadata(currentModel)?.projection !== undefined;
    let currentEmb = await embed(currentModel);
    // A PCA-whitened encoder gives all its directions equal variance, which drowns t-SNE's neighbourhoods in the
    // weakest ones: map its leading 50 components (the top principal directions), as t-SNE is usually run.
    const currentDim = currentEmb.length / count;
    if (whitened && currentDim > TSNE_WHITENED_DIMS) {
      const kept = new Float32Array(count * TSNE_WHITENED_DIMS);
      for (let i = 0; i < count; i++)
        kept.set(
          currentEmb.subarray(i * currentDim, i * currentDim + TSNE_WHITENED_DIMS),
          i * TSNE_WHITENED_DIMS,
        );
      currentEmb = kept;
    }
    l2NormalizeRows(randomEmb, randomEmb.length / count);
    l2NormalizeRows(currentEmb, currentEmb.length / count);
    // stopped before any iteration: no map (PCA's starting layout is not one)
    const stopped = () => {
      if (signal.aborted) throw new DOMException('The map was stopped before it began', 'AbortError');
    };
    stopped();
    // the two encoders' embeddings may differ in size (random ResNet: 128; the default encoder: 512)
    onStage?.('affinities');
    const options = { perplexity: job.perplexity, learningRate: job.learningRate, seed: 1 };
    const a = new Tsne(randomEmb, count, randomEmb.length / count, options);
    const b = new Tsne(currentEmb, count, currentEmb.length / count, options);
    stopped();
    onStage?.('running');
    const labelsOut = Int32Array.from(d.labels.subarray(0, count));
    const frame = (it: number) =>
      onFrame?.({
        iteration: it,
        random: Float32Array.from(a.y),
        current: Float32Array.from(b.y),
        ...(it <= 10 ? { labels: labelsOut, classNames: d.classNames } : {}),
      });
    let ran = 0;
    for (let it = 0; it < job.iterations && !signal.aborted; it++) {
      a.step();
      b.step();
      ran = it + 1;
      if (it % 10 === 9 || it === job.iterations - 1) {
        frame(it + 1);
        await control.checkpoint();
      }
    }
    const labels = Int32Array.from(d.labels.subarray(0, count));
    return {
      images: images.slice(),
      width: d.width,
      channels: d.channels,
      labels,
      classNames: d.classNames,
      random: Float32Array.from(a.y),
      current: Float32Array.from(b.y),
      randomKnn: mapKnnAccuracy(a.y, labels),
      currentKnn: mapKnnAccuracy(b.y, labels),
      count,
      total: job.imagesTotal ?? d.labels.length,
      seconds: (performance.now() - started) / 1000,
      iterationsRun: ran,
    };
  },

  ...jobCommands(control),
};

Comlink.expose(api);
export type TsneApi = typeof api;
