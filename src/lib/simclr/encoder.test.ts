import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildSimclrModel, embedImages, embeddingDim, encoderOutputDim } from './encoder';
import { GroupNorm } from './group-norm';
import { TINY, randomImages } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GroupNorm encoder', () => {
  it('normalises each group of each example to mean 0, variance 1', () => {
    const layer = new GroupNorm({ groups: 2 });
    const x = tf.randomNormal([3, 4, 4, 6], 5, 3, 'float32', 1);
    const y = layer.apply(x) as tf.Tensor;
    const g = y.reshape([3, 16, 2, 3]);
    const { mean, variance } = tf.moments(g, [1, 3]);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-4);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 3);
    tf.dispose([x, y, g, mean, variance]);
  });

  it('embeds each image independently of the rest of the batch (needed for per-example clipping)', async () => {
    const { encoder } = buildSimclrModel(TINY);
    const images = randomImages(4, 12, 1);
    const alone = await embedImages({
      encoder,
      images: images.subarray(0, 144),
      count: 1,
      size: 12,
      channels: 1,
    });
    const inBatch = await embedImages({ encoder, images, count: 4, size: 12, channels: 1 });
    const dim = embeddingDim(TINY);
    for (let k = 0; k < dim; k++) expect(inBatch[k]).toBeCloseTo(alone[k]!, 5);
  });

  it('reads the embedding width off the one [batch, d] output, and refuses a model that has another', () => {
    const { encoder } = buildSimclrModel(TINY);
    expect(encoderOutputDim(encoder)).toBe(embeddingDim(TINY));
    const input = tf.input({ shape: [12, 12, 1] });
    const maps = tf.model({
      inputs: input,
      outputs: tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor,
    });
    expect(() => encoderOutputDim(maps)).toThrow(
      'an encoder has one [batch, d] output, this model has [null,10,10,2]',
    );
    maps.dispose();
    encoder.dispose();
  });
});
