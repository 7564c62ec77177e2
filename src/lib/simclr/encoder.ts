/**
 * The lab's image encoder: a small ResNet for 28–64 px images with GroupNorm, and SimCLR's 2-layer projection
 * head. The embedding used downstream (probe, t-SNE) is the encoder output, before the head (Chen et al. 2020,
 * "A Simple Framework for Contrastive Learning of Visual Representations", §2.1 and Fig. 8).
 *
 *   stem: conv3×3(width) · GN · ReLU
 *   stage s = 0…S−1: `blocksPerStage` residual blocks of width·2^s channels, the first with stride 2 (s > 0,
 *                    or s = 0 when `stemStride2`), each conv3×3 · GN · ReLU · conv3×3 · GN (+ shortcut) · ReLU
 *   global average pooling → embedding (width·2^(S−1) dims)
 *   head: dense(embedding) · ReLU · dense(projectionDim)
 */
import * as tf from '@tensorflow/tfjs';
import { type EncoderConfig, embeddingDim } from './config.ts';
import { GroupNorm } from './group-norm.ts';
import { Scattering2D, scatterChannels } from '../encoders/scatter.ts';

export { DEFAULT_ENCODER, embeddingDim, type EncoderConfig } from './config.ts';

export interface SimclrModel {
  /** image → embedding (the frozen feature extractor downstream). */
  encoder: tf.LayersModel;
  /** embedding → projection (only for the contrastive loss). */
  head: tf.LayersModel;
  config: EncoderConfig;
}

export function buildEncoder(config: EncoderConfig): tf.LayersModel {
  let seed = config.seed * 1000;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const conv = (x: tf.SymbolicTensor, filters: number, stride: number, kernel = 3, name?: string) =>
    tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: stride,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
        ...(name ? { name } : {}),
      })
      .apply(x) as tf.SymbolicTensor;
  const gn = (x: tf.SymbolicTensor, name?: string) =>
    new GroupNorm({ groups: config.groups, ...(name ? { name } : {}) }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: [config.inputSize, config.inputSize, config.channels], name: 'image' });
  let stemIn: tf.SymbolicTensor = input;
  if (config.frontEnd === 'scatter') {
    const maps = new Scattering2D({ name: 'scatter' }).apply(input) as tf.SymbolicTensor;
    // per example, 27 groups of 3 maps, no learned affine here (Tramèr & Boneh 2021's normalisation)
    stemIn = new GroupNorm({ groups: (scatterChannels(8) * config.channels) / 3, name: 'scatter_gn' }).apply(
      maps,
    ) as tf.SymbolicTensor;
  }
  let x = relu(gn(conv(stemIn, config.width, 1, 3, 'stem_conv'), 'stem_gn'));
  let channels = config.width;
  for (let s = 0; s < config.stages; s++) {
    const filters = config.width * 2 ** s;
    for (let b = 0; b < config.blocksPerStage; b++) {
      const stride = b === 0 && (s > 0 || config.stemStride2) ? 2 : 1;
      const name = `s${s}b${b}`;
      let y = relu(gn(conv(x, filters, stride, 3, `${name}_conv1`), `${name}_gn1`));
      y = gn(conv(y, filters, 1, 3, `${name}_conv2`), `${name}_gn2`);
      const shortcut =
        stride !== 1 || channels !== filters
          ? gn(conv(x, filters, stride, 1, `${name}_proj`), `${name}_gnp`)
          : x;
      x = relu(tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor);
      channels = filters;
    }
  }
  const embedding = tf.layers.globalAveragePooling2d({ name: 'embedding' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: embedding, name: 'encoder' });
}

export function buildHead(config: EncoderConfig): tf.LayersModel {
  const dim = embeddingDim(config);
  const input = tf.input({ shape: [dim], name: 'embedding_in' });
  const hidden = tf.layers
    .dense({
      units: dim,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: config.seed * 1000 + 901 }),
      name: 'head_hidden',
    })
    .apply(input) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({
      units: config.projectionDim,
      kernelInitializer: tf.initializers.glorotNormal({ seed: config.seed * 1000 + 902 }),
      name: 'head_out',
    })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'projection_head' });
}

export function buildSimclrModel(config: EncoderConfig): SimclrModel {
  return { encoder: buildEncoder(config), head: buildHead(config), config };
}

/** How the downstream embedding is read out of the encoder's last feature map. */
export type Readout = 'gap' | 'grid2';

/**
 * The feature extractor used downstream. 'gap': the encoder output itself (global average pooling, what
 * the SimCLR head sees). 'grid2': the same last feature map average-pooled over a 2×2 grid of regions and
 * flattened (4× the dimensions; its mean over the 4 cells is exactly the 'gap' vector, so it contains it).
 * Same weights, no training: a finer readout of what the encoder computes, which keeps where in the image
 * a feature fired. Applied identically to the pretrained and the random encoder.
 */
export function readoutModel(encoder: tf.LayersModel, readout: Readout): tf.LayersModel {
  if (readout === 'gap') return encoder;
  const pool = encoder.getLayer('embedding');
  const map = pool.input as tf.SymbolicTensor;
  const [, h, w] = map.shape as number[];
  const ph = Math.ceil(h! / 2);
  const pw = Math.ceil(w! / 2);
  const grid = tf.layers
    .averagePooling2d({ poolSize: [ph, pw], strides: [ph, pw], padding: 'same', name: 'grid2_pool' })
    .apply(map) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'grid2_flat' }).apply(grid) as tf.SymbolicTensor;
  return tf.model({ inputs: encoder.inputs, outputs: flat, name: 'encoder_grid2' });
}

/** uint8 images (N·H·W·C) → float tensor in [0, 1] of shape [N, H, W, C]. */
export function imagesToTensor(bytes: Uint8Array, n: number, size: number, channels: number): tf.Tensor4D {
  const floats = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) floats[i] = bytes[i]! / 255;
  return tf.tensor4d(floats, [n, size, size, channels]);
}

/** d of an encoder's one [batch, d] output; any other output (a model that is no encoder) is an error. */
export function encoderOutputDim(encoder: tf.LayersModel): number {
  const [only] = encoder.outputs;
  const dim = only?.shape[1];
  if (encoder.outputs.length !== 1 || only?.shape.length !== 2 || typeof dim !== 'number') {
    const shapes = encoder.outputs.map((o) => JSON.stringify(o.shape)).join(' and ');
    throw new Error(`an encoder has one [batch, d] output, this model has ${shapes || 'none'}`);
  }
  return dim;
}

/**
 * Embeddings of many images, in chunks (bounded memory; tensor count unchanged afterwards).
 * Returns a Float32Array of N × embeddingDim.
 */
export async function embedImages(options: {
  encoder: tf.LayersModel;
  images: Uint8Array;
  count: number;
  size: number;
  channels: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<Float32Array> {
  const { encoder, images, count, size, channels, signal, onProgress } = options;
  const batch = options.batchSize ?? 256;
  const dim = encoderOutputDim(encoder);
  const out = new Float32Array(count * dim);
  const per = size * size * channels;
  for (let start = 0; start < count; start += batch) {
    signal?.throwIfAborted();
    const n = Math.min(batch, count - start);
    const emb = tf.tidy(() => {
      const x = imagesToTensor(images.subarray(start * per, (start + n) * per), n, size, channels);
      return encoder.predict(x) as tf.Tensor;
    });
    out.set(await emb.data(), start * dim);
    emb.dispose();
    onProgress?.(start + n, count);
  }
  return out;
}
