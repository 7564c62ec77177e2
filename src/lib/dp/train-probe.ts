/**
 * Training a linear probe on frozen embeddings, privately (DP-SGD / DP-Adam with Poisson sampling, exactly as
 * accounted) or not (the non-private baseline: same optimizer, no clipping, no noise). The loop records every
 * step it runs in an RdpAccountant; the ε it reports comes from that ledger, which it also returns so the UI
 * can recompute ε from what ran. Written by hand: DP-SGD is the core of this lab, and no maintained tfjs
 * DP library exists.
 */
import * as tf from '@tensorflow/tfjs';
import { type AccountantJson, RdpAccountant, dpSgdSchedule } from '../privacy/accountant.ts';
import { calibrateNoiseMultiplier, maxStepsForBudget } from '../privacy/calibrate.ts';
import { cryptoSeed, createRng } from '../rng.ts';
import { createOptimizer } from './optimizers.ts';
import { poissonSample } from './poisson.ts';
import { type ProbeParams, clippedGradientSum, createProbe, logits, privatise } from './probe-step.ts';

export type PrivacyMode =
  | { kind: 'fixed-sigma'; noiseMultiplier: number }
  | { kind: 'target-epsilon'; targetEpsilon: number }
  | { kind: 'budget'; noiseMultiplier: number; budgetEpsilon: number };

export interface ProbeConfig {
  private: boolean;
  privacy: PrivacyMode;
  clipNorm: number;
  expectedBatchSize: number;
  epochs: number;
  learningRate: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  delta: number;
  /** null: noise and sampling seeded from crypto.getRandomValues (the default). */
  seed: number | null;
}

export const DEFAULT_PROBE_CONFIG: ProbeConfig = {
  private: true,
  privacy: { kind: 'fixed-sigma', noiseMultiplier: 1 },
  clipNorm: 1,
  expectedBatchSize: 1000,
  epochs: 10,
  learningRate: 2,
  optimizer: 'sgd',
  momentum: 0.9,
  delta: 1e-6,
  seed: null,
};

export interface ProbeData {
  trainX: Float32Array;
  trainY: Int32Array;
  testX: Float32Array;
  testY: Int32Array;
  dim: number;
  numClasses: number;
}

export interface EpochMetrics {
  epoch: number;
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** ε spent so far (from the ledger); 0 for non-private runs, which have no guarantee at all. */
  epsilon: number;
  /** Fraction of sampled examples whose gradient was clipped during this epoch. */
  clippedFraction: number;
  meanBatchSize: number;
  seconds: number;
}

export interface ProbeResult {
  private: boolean;
  noiseMultiplier: number;
  sampleRate: number;
  plannedSteps: number;
  steps: number;
  stopReason: 'done' | 'budget' | 'aborted';
  delta: number;
  epsilon: number;
  ledger: AccountantJson;
  seed: number;
  seedSource: 'user' | 'crypto';
  metrics: EpochMetrics[];
  testAccuracy: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] */
  confusion: number[][];
  /** Non-private diagnostic: per-example gradient norms at the final weights, on up to 2,000 training examples. */
  gradientNorms: number[];
  weights: Float32Array;
  bias: Float32Array;
  seconds: number;
}

/** σ, q and the number of steps a config will run (calibrating σ for a target ε). */
export function planProbe(
  config: ProbeConfig,
  datasetSize: number,
): { noiseMultiplier: number; sampleRate: number; steps: number } {
  const { sampleRate, steps } = dpSgdSchedule({
    datasetSize,
    batchSize: config.expectedBatchSize,
    epochs: config.epochs,
  });
  if (!config.private) return { noiseMultiplier: 0, sampleRate, steps };
  const p = config.privacy;
  if (p.kind === 'target-epsilon') {
    const { noiseMultiplier } = calibrateNoiseMultiplier({
      targetEpsilon: p.targetEpsilon,
      sampleRate,
      steps,
      delta: config.delta,
    });
    return { noiseMultiplier, sampleRate, steps };
  }
  if (p.kind === 'budget') {
    const max = maxStepsForBudget({
      targetEpsilon: p.budgetEpsilon,
      sampleRate,
      noiseMultiplier: p.noiseMultiplier,
      delta: config.delta,
    });
    return { noiseMultiplier: p.noiseMultiplier, sampleRate, steps: Math.min(steps, max) };
  }
  return { noiseMultiplier: p.noiseMultiplier, sampleRate, steps };
}

function evaluate(
  params: ProbeParams,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  numClasses: number,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const z = logits(params, x);
    const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), z) as tf.Scalar;
    const accuracy = z.argMax(1).equal(y).toFloat().mean() as tf.Scalar;
    return { loss, accuracy };
  });
}

export async function trainProbe(options: {
  data: ProbeData;
  config: ProbeConfig;
  signal?: AbortSignal;
  onEpoch?: (m: EpochMetrics) => void;
  /** Yield to the event loop every this many steps (lets a worker take pause/stop messages). */
  yieldEvery?: number;
  /** Awaited at every yield: resolve to continue (a pause holds it). */
  gate?: () => Promise<void>;
}): Promise<ProbeResult> {
  const { data, config, signal, onEpoch } = options;
  const started = performance.now();
  const n = data.trainY.length;
  if (n === 0) throw new Error('the private training set is empty');
  if (!(config.clipNorm > 0)) throw new Error(`clipping norm C must be > 0, got ${config.clipNorm}`);
  if (!(config.learningRate > 0)) throw new Error(`learning rate must be > 0, got ${config.learningRate}`);
  const plan = planProbe(config, n);
  const { noiseMultiplier: sigma, sampleRate: q } = plan;
  const seedSource = config.seed === null ? 'crypto' : 'user';
  const seed = config.seed ?? cryptoSeed();
  const samplingRng = createRng(seed);
  const noiseRng = createRng(seed ^ 0x5bd1e995);
  const expectedBatch = q * n;
  const accountant = new RdpAccountant();
  const plannedEpochSteps = dpSgdSchedule({
    datasetSize: n,
    batchSize: config.expectedBatchSize,
    epochs: config.epochs,
  }).steps;
  const epochEnd = (e: number) => Math.ceil((plannedEpochSteps * (e + 1)) / config.epochs);

  const params = createProbe(data.dim, data.numClasses);
  const optimizer = createOptimizer({
    kind: config.optimizer,
    learningRate: config.learningRate,
    momentum: config.momentum,
  });
  const trainX = tf.tensor2d(data.trainX, [n, data.dim]);
  const trainY = tf.tensor1d(data.trainY, 'int32');
  const testX = tf.tensor2d(data.testX, [data.testY.length, data.dim]);
  const testY = tf.tensor1d(data.testY, 'int32');
  const noise = new Float32Array(data.dim * data.numClasses + data.numClasses);
  const clipped = tf.tidy(() => tf.variable(tf.scalar(0))); // tidy frees the initial value
  const metrics: EpochMetrics[] = [];
  let step = 0;
  let stopReason: ProbeResult['stopReason'] = 'done';
  let epochStart = performance.now();
  let examplesThisEpoch = 0;
  let stepsThisEpoch = 0;

  try {
    for (let epoch = 0; epoch < config.epochs && step < plan.steps; epoch++) {
      const last = Math.min(epochEnd(epoch), plan.steps);
      for (; step < last; step++) {
        if (signal?.aborted) {
          stopReason = 'aborted';
          break;
        }
        if (options.yieldEvery && step % options.yieldEvery === 0) {
          await new Promise((r) => setTimeout(r, 0));
          await options.gate?.();
        }
        const idx = poissonSample(n, q, samplingRng);
        examplesThisEpoch += idx.length;
        stepsThisEpoch++;
        tf.tidy(() => {
          let gW: tf.Tensor2D;
          let gb: tf.Tensor1D;
          if (idx.length === 0) {
            // An empty Poisson batch is a legitimate step: the update is pure noise (DP) or nothing.
            gW = tf.zeros([data.dim, data.numClasses]);
            gb = tf.zeros([data.numClasses]);
          } else {
            const it = tf.tensor1d(idx, 'int32');
            const sum = clippedGradientSum(
              params,
              tf.gather(trainX, it),
              tf.gather(trainY, it),
              config.private ? config.clipNorm : Infinity,
            );
            gW = sum.weights;
            gb = sum.bias;
            if (config.private)
              clipped.assign(clipped.add(sum.norms.greater(config.clipNorm).sum().toFloat()));
          }
          if (config.private) {
            noiseRng.fillNormal(noise);
            ({ weights: gW, bias: gb } = privatise(
              { weights: gW, bias: gb },
              noise,
              sigma * config.clipNorm,
              expectedBatch,
            ));
          } else {
            const b = Math.max(1, idx.length);
            gW = gW.div(b);
            gb = gb.div(b);
          }
          optimizer.apply([params.weights, params.bias], [gW, gb]);
        });
        if (config.private) accountant.record(q, sigma, 1);
      }
      if (stopReason === 'aborted') break;
      const tr = evaluate(params, trainX, trainY, data.numClasses);
      const te = evaluate(params, testX, testY, data.numClasses);
      const [trainLoss, trainAccuracy, testLoss, testAccuracy, clippedCount] = await Promise.all(
        [tr.loss, tr.accuracy, te.loss, te.accuracy, clipped].map(async (t) => (await t.data())[0]!),
      );
      tf.dispose([tr.loss, tr.accuracy, te.loss, te.accuracy]);
      tf.tidy(() => clipped.assign(tf.scalar(0)));
      const m: EpochMetrics = {
        epoch,
        step,
        trainLoss,
        trainAccuracy,
        testLoss,
        testAccuracy,
        epsilon: config.private ? accountant.getEpsilon(config.delta).epsilon : 0,
        clippedFraction: config.private && examplesThisEpoch > 0 ? clippedCount / examplesThisEpoch : 0,
        meanBatchSize: stepsThisEpoch ? examplesThisEpoch / stepsThisEpoch : 0,
        seconds: (performance.now() - epochStart) / 1000,
      };
      metrics.push(m);
      onEpoch?.(m);
      epochStart = performance.now();
      examplesThisEpoch = 0;
      stepsThisEpoch = 0;
    }
    if (stopReason === 'done' && plan.steps < plannedEpochSteps) stopReason = 'budget';

    // Final evaluation: confusion matrix on the test set, gradient-norm diagnostic on a training sample.
    const { predicted, norms } = tf.tidy(() => {
      const pred = logits(params, testX).argMax(1);
      const m = Math.min(n, 2000);
      const sample = clippedGradientSum(
        params,
        trainX.slice([0, 0], [m, data.dim]),
        trainY.slice([0], [m]),
        Infinity,
      );
      return { predicted: pred, norms: sample.norms };
    });
    const pred = (await predicted.data()) as Int32Array;
    const gradientNorms = Array.from(await norms.data());
    tf.dispose([predicted, norms]);
    const confusion = Array.from({ length: data.numClasses }, () =>
      new Array<number>(data.numClasses).fill(0),
    );
    for (let i = 0; i < pred.length; i++) confusion[data.testY[i]!]![pred[i]!]!++;
    const perClassAccuracy = confusion.map((row, c) => {
      const total = row.reduce((s, v) => s + v, 0);
      return total ? row[c]! / total : 0;
    });
    const correct = confusion.reduce((s, row, c) => s + row[c]!, 0);
    return {
      private: config.private,
      noiseMultiplier: sigma,
      sampleRate: q,
      plannedSteps: plannedEpochSteps,
      steps: step,
      stopReason,
      delta: config.delta,
      epsilon: config.private ? accountant.getEpsilon(config.delta).epsilon : Infinity,
      ledger: accountant.toJSON(),
      seed,
      seedSource,
      metrics,
      testAccuracy: pred.length ? correct / pred.length : 0,
      perClassAccuracy,
      confusion,
      gradientNorms,
      weights: (await params.weights.data()) as Float32Array,
      bias: (await params.bias.data()) as Float32Array,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    tf.dispose([params.weights, params.bias, trainX, trainY, testX, testY, clipped]);
    optimizer.dispose();
  }
}
