import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { AUGMENT_GRAYSCALE } from './augment';
import { buildSimclrModel } from './encoder';
import { Pretrainer, learningRateAt } from './pretrain';
import { TINY, randomImages } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('pretraining', () => {
  it('warms up linearly and decays by cosine to 0', () => {
    const c = { learningRate: 0.1, schedule: 'cosine' as const, warmupEpochs: 2, epochs: 10 };
    expect(learningRateAt(c, 1)).toBeCloseTo(0.05, 3);
    expect(learningRateAt(c, 2)).toBeCloseTo(0.1, 10);
    expect(learningRateAt(c, 6)).toBeCloseTo(0.05, 10);
    expect(learningRateAt(c, 10)).toBeCloseTo(0, 10);
  });

  it('reduces the contrastive loss on a tiny dataset, with a constant tensor count per step', () => {
    const model = buildSimclrModel(TINY);
    const images = randomImages(16, 12, 1, 11);
    const trainer = new Pretrainer(
      model,
      {
        batchSize: 8,
        epochs: 100,
        learningRate: 1e-2,
        schedule: 'constant',
        warmupEpochs: 0,
        optimizer: 'adam',
        weightDecay: 0,
        temperature: 0.5,
        augment: { ...AUGMENT_GRAYSCALE, noiseStd: 0.01, cropScale: [0.8, 1] },
        seed: 3,
      },
      { images, count: 16, size: 12, channels: 1 },
    );
    // The loss of one fixed pair of views of all 16 images, before and after training.
    const x = tf.tensor4d(images, [16, 12, 12, 1]).div<tf.Tensor4D>(255);
    const fixedLoss = () => tf.tidy(() => trainer.lossOf(x, createRng(77)).dataSync()[0]!);
    const before = fixedLoss();
    trainer.step().dispose(); // creates Adam's slots
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 9; i++) trainer.step().dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fixedLoss()).toBeLessThan(before - 0.1);
    trainer.dispose();
    x.dispose();
  });
});

describe('SimCLR on a pool of precomputed views', () => {
  it('learns to match the views of an image (loss falls well below log(2B−1)) and leaks no tensor', async () => {
    const { trainOnViewPool } = await import('./view-pool');
    // 64 "images", 3 noisy views each of a random 8-d prototype
    const rng = createRng(4);
    const n = 64;
    const p = 3;
    const d = 8;
    const features = new Float32Array(n * p * d);
    for (let i = 0; i < n; i++) {
      const proto = Array.from({ length: d }, () => rng.normal());
      for (let v = 0; v < p; v++)
        for (let j = 0; j < d; j++) features[(i * p + v) * d + j] = proto[j]! + 0.1 * rng.normal();
    }
    const before = tf.memory().numTensors;
    const { trunk, losses } = await trainOnViewPool(
      { features, images: n, viewsPerImage: p, dim: d },
      {
        hidden: 32,
        projectionDim: 16,
        batchSize: 32,
        epochs: 30,
        learningRate: 0.01,
        temperature: 0.2,
        seed: 1,
      },
    );
    expect(losses[0]!).toBeGreaterThan(losses[losses.length - 1]!);
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * Math.log(2 * 32 - 1));
    trunk.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('pretraining divergence', () => {
  const config = {
    batchSize: 8,
    epochs: 3,
    learningRate: 1e-2,
    schedule: 'constant' as const,
    warmupEpochs: 0,
    optimizer: 'adam' as const,
    weightDecay: 0,
    temperature: 0.5,
    augment: { ...AUGMENT_GRAYSCALE, noiseStd: 0.01, cropScale: [0.8, 1] as [number, number] },
    seed: 3,
  };

  it('a NaN loss stops the run at that step and puts back the weights of the last good epoch', async () => {
    const model = buildSimclrModel(TINY);
    const trainer = new Pretrainer(model, config, {
      images: randomImages(16, 12, 1, 5),
      count: 16,
      size: 12,
      channels: 1,
    });
    expect(trainer.stepsPerEpoch).toBe(2);
    let kept: Float32Array[] = [];
    const before = tf.memory().numTensors;
    const d = await trainer.run({
      onEpoch: (epoch) => {
        if (epoch !== 0) return;
        // After epoch 0 (step 2): remember the weights, then poison one so that step 3's loss is NaN.
        kept = model.encoder.getWeights().map((w) => w.dataSync() as Float32Array);
        const v = model.encoder.trainableWeights[0]!.read() as tf.Variable;
        v.assign(tf.fill(v.shape, NaN));
      },
    });
    expect(d).toEqual({ step: 3, loss: NaN, restoredStep: 2 });
    expect(trainer.stepsDone).toBe(2);
    const now = model.encoder.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(now).toEqual(kept);
    expect(now.every((w) => w.every(Number.isFinite))).toBe(true);
    trainer.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('τ and the learning rate are range-checked', () => {
    const model = buildSimclrModel(TINY);
    const data = { images: randomImages(4, 12, 1), count: 4, size: 12, channels: 1 as const };
    expect(() => new Pretrainer(model, { ...config, temperature: 0 }, data)).toThrow(
      'temperature τ must be in [0.01, 10], got 0',
    );
    expect(() => new Pretrainer(model, { ...config, temperature: 50 }, data)).toThrow('got 50');
    expect(() => new Pretrainer(model, { ...config, learningRate: NaN }, data)).toThrow(
      'learning rate must be in (0, 100], got NaN',
    );
  });
});
