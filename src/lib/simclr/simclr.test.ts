import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { AUGMENT_GRAYSCALE, AUGMENT_RGB, augment, sampleCropBoxes } from './augment';
import { type EncoderConfig, DEFAULT_ENCODER, buildSimclrModel, embedImages, embeddingDim } from './encoder';
import { GroupNorm } from './group-norm';
import { Lars } from './lars';
import { knnAccuracy } from './monitor';
import { ntXentLoss, ntXentLossSlow } from './nt-xent';
import { Pretrainer, learningRateAt } from './pretrain';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TINY: EncoderConfig = {
  ...DEFAULT_ENCODER,
  inputSize: 12,
  width: 8,
  stages: 2,
  groups: 4,
  projectionDim: 8,
};

function randomImages(n: number, size: number, channels: number, seed = 1): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n * size * size * channels }, () => rng.int(256));
}

describe('NT-Xent', () => {
  it('equals the loop-by-definition version on small inputs', () => {
    const rng = createRng(5);
    for (const [rows, dim, tau] of [
      [4, 3, 0.5],
      [8, 5, 0.1],
      [6, 16, 1],
    ] as const) {
      const z = Array.from({ length: rows }, () => Array.from({ length: dim }, () => rng.normal()));
      const fast = ntXentLoss(tf.tensor2d(z), tau);
      expect(fast.dataSync()[0]).toBeCloseTo(ntXentLossSlow(z, tau), 4);
      fast.dispose();
    }
  });

  it('is log(2N − 1) when all views are identical, small when pairs match and others are orthogonal', () => {
    const same = ntXentLoss(tf.ones<tf.Rank.R2>([6, 4]), 0.5);
    expect(same.dataSync()[0]).toBeCloseTo(Math.log(5), 5);
    const eye = tf.eye(3);
    const pairs = ntXentLoss(tf.concat<tf.Tensor2D>([eye, eye]), 0.05);
    // each anchor: −log(e^{20} / (e^{20} + 4·e^0))
    expect(pairs.dataSync()[0]).toBeCloseTo(Math.log1p(4 * Math.exp(-20)), 6);
    tf.dispose([same, eye, pairs]);
  });

  it('has a finite gradient for an all-zero embedding (no NaN from the norm)', () => {
    const g = tf.grad((z: tf.Tensor) => ntXentLoss(z as tf.Tensor2D, 0.2))(tf.zeros([4, 3]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    g.dispose();
  });
});

describe('augmentations', () => {
  it('keep shape and [0, 1] range, and the two views differ', () => {
    for (const [channels, config] of [
      [1, AUGMENT_GRAYSCALE],
      [3, AUGMENT_RGB],
    ] as const) {
      const x = tf.tensor4d(randomImages(4, 12, channels), [4, 12, 12, channels]).div<tf.Tensor4D>(255);
      const rng = createRng(2);
      const v1 = augment(x, config, rng);
      const v2 = augment(x, config, rng);
      expect(v1.shape).toEqual([4, 12, 12, channels]);
      expect(v1.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
      expect(v1.max().dataSync()[0]).toBeLessThanOrEqual(1);
      expect(v1.sub(v2).abs().mean().dataSync()[0]).toBeGreaterThan(0.01);
      tf.dispose([x, v1, v2]);
    }
  });

  it('are reproducible with a seed', () => {
    const x = tf.tensor4d(randomImages(2, 12, 1), [2, 12, 12, 1]).div<tf.Tensor4D>(255);
    const a = augment(x, AUGMENT_GRAYSCALE, createRng(9));
    const b = augment(x, AUGMENT_GRAYSCALE, createRng(9));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it('crop boxes cover the configured area range and flip only when allowed', () => {
    const rng = createRng(4);
    const boxes = sampleCropBoxes(500, { ...AUGMENT_GRAYSCALE, cropScale: [0.3, 0.6], flip: false }, rng);
    for (let i = 0; i < 500; i++) {
      const [y1, x1, y2, x2] = boxes.subarray(4 * i, 4 * i + 4);
      expect(x2! > x1!).toBe(true); // never mirrored
      expect(y1!).toBeGreaterThanOrEqual(0);
      expect(y2!).toBeLessThanOrEqual(1 + 1e-6);
      expect((y2! - y1!) * (x2! - x1!)).toBeLessThanOrEqual(0.6 + 1e-6);
    }
    const flipped = sampleCropBoxes(200, AUGMENT_GRAYSCALE, rng);
    let mirrored = 0;
    for (let i = 0; i < 200; i++) if (flipped[4 * i + 3]! < flipped[4 * i + 1]!) mirrored++;
    expect(mirrored).toBeGreaterThan(70);
    expect(mirrored).toBeLessThan(130);
  });
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

describe('LARS', () => {
  it('applies weight decay, the trust ratio and momentum as defined', () => {
    const w = tf.variable(tf.tensor1d([3, 4]), true, 'conv/kernel'); // ‖w‖ = 5
    const b = tf.variable(tf.tensor1d([1, 1]), true, 'conv/bias');
    const lars = new Lars(0.5, { momentum: 0.9, weightDecay: 0.1, trustCoefficient: 0.01 });
    lars.applyGradients([w, b], { 'conv/kernel': tf.tensor1d([0, 1]), 'conv/bias': tf.tensor1d([2, 0]) });
    // kernel: g = [0,1] + 0.1·[3,4] = [0.3, 1.4]; r = 0.01·5/‖g‖; v = 0.5·r·g; w − v
    const g = [0.3, 1.4];
    const r = (0.01 * 5) / Math.hypot(...g);
    const w1 = [3 - 0.5 * r * g[0]!, 4 - 0.5 * r * g[1]!];
    expect(Array.from(w.dataSync())).toEqual(w1.map((v): unknown => expect.closeTo(v, 6)));
    // bias: excluded, plain momentum SGD: v = 0.5·[2, 0]
    expect(Array.from(b.dataSync())).toEqual([0, 1]);
    lars.applyGradients([w, b], { 'conv/kernel': tf.tensor1d([0, 0]), 'conv/bias': tf.tensor1d([0, 0]) });
    expect(Array.from(b.dataSync())).toEqual([expect.closeTo(-0.9, 6), 1]); // momentum carries on: v = 0.9·[1, 0]
    lars.dispose();
    tf.dispose([w, b]);
  });
});

describe('kNN monitor', () => {
  it('is 1 on separated clusters and near chance on noise', () => {
    const rng = createRng(8);
    const make = (n: number, separated: boolean) => {
      const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
      const emb = new Float32Array(n * 8);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < 8; k++)
          emb[i * 8 + k] = rng.normal() * 0.1 + (separated && k === labels[i] ? 3 : 0);
      return { emb, labels };
    };
    const a = make(200, true);
    const b = make(100, true);
    expect(
      knnAccuracy({
        bank: a.emb,
        bankLabels: a.labels,
        query: b.emb,
        queryLabels: b.labels,
        dim: 8,
        numClasses: 4,
      }),
    ).toBe(1);
    const c = make(400, false);
    const d = make(400, false);
    const chance = knnAccuracy({
      bank: c.emb,
      bankLabels: c.labels,
      query: d.emb,
      queryLabels: d.labels,
      dim: 8,
      numClasses: 4,
    });
    expect(chance).toBeLessThan(0.4);
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
