/**
 * One probe being trained, DP-SGD / DP-Adam with Poisson sampling exactly as accounted or the non-private
 * baseline (same optimizer, no clipping, no noise); `trainProbe` (train-probe.ts) is the loop around it.
 */
import * as tf from '@tensorflow/tfjs';
import { dpSgdSchedule } from '../privacy/accountant.ts';
import { type PrivacyAccountant, makeAccountant } from '../privacy/privacy-accountant.ts';
import { createOptimizer } from './optimizers.ts';
import { type ProbeConfig, planProbe } from './plan.ts';
import { poissonSample } from './poisson.ts';
import { type DpRandomness, dpRandomness } from './randomness.ts';
import { type ProbeParams, clippedGradientSum, createProbe, logits, privatise } from './probe-step.ts';
import {
  type EpochMetrics,
  type ProbeData,
  type ProbeResult,
  confusionSummary,
  normHistogram,
  validateProbeData,
} from './probe-data.ts';

function evaluate(
  params: ProbeParams,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  numClasses: number,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const z = logits(params, x);
    const loss = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(y, numClasses), z);
    const accuracy = z.argMax(1).equal(y).toFloat().mean<tf.Scalar>();
    return { loss, accuracy };
  });
}

/**
 * One probe being trained: the data on the backend, the parameters, the optimizer, the RNGs and the ledger.
 * `step()` runs one (DP-)SGD step with no readback; `trainProbe` below is the loop around it.
 */
export class ProbeTrainer {
  readonly config: ProbeConfig;
  /** Whether the config has a privacy mode: clipped, noised and accounted (else the non-private baseline). */
  readonly isPrivate: boolean;
  readonly data: ProbeData;
  readonly noiseMultiplier: number;
  readonly sampleRate: number;
  /** Steps this config may run (fewer than planned in budget mode). */
  readonly allowedSteps: number;
  /** Steps the epochs would take without a budget (TF Privacy's ⌈epochs·N/B⌉). */
  readonly plannedSteps: number;
  readonly seed: number | null;
  readonly seedSource: 'user' | 'crypto';
  /** The δ this run is accounted at. */
  readonly delta: number;
  readonly accountant: PrivacyAccountant;
  readonly params: ProbeParams;
  stepsDone = 0;
  /** Examples drawn since the last `takeEpochStats()`, and the steps that drew them. */
  private examples = 0;
  private steps = 0;
  private readonly n: number;
  private readonly randomness: DpRandomness;
  private readonly optimizer;
  private readonly trainX: tf.Tensor2D;
  private readonly trainY: tf.Tensor1D;
  private readonly testX: tf.Tensor2D;
  private readonly testY: tf.Tensor1D;
  private readonly noise: Float32Array;
  private readonly clipped: tf.Variable;

  /**
   * `stream` gives a run its own seeded streams when several runs share one user seed (a sweep's points);
   * without a seed every run draws fresh randomness from the cryptographic generator anyway.
   */
  constructor(data: ProbeData, config: ProbeConfig, options: { stream?: readonly number[] } = {}) {
    const n = data.trainY.length;
    if (n === 0) throw new Error('the private training set is empty');
    validateProbeData(data);
    if (!(config.clipNorm > 0)) throw new Error(`clipping norm C must be > 0, got ${config.clipNorm}`);
    if (!(config.learningRate > 0 && Number.isFinite(config.learningRate)))
      throw new Error(`learning rate must be a finite number > 0, got ${config.learningRate}`);
    this.config = config;
    this.isPrivate = config.privacy !== null;
    this.accountant = makeAccountant(config.accountant ?? 'rdp');
    this.data = data;
    this.n = n;
    const plan = planProbe(config, n);
    this.delta = plan.delta;
    this.noiseMultiplier = plan.noiseMultiplier;
    this.sampleRate = plan.sampleRate;
    this.allowedSteps = plan.steps;
    this.plannedSteps = dpSgdSchedule({
      datasetSize: n,
      batchSize: config.expectedBatchSize,
      epochs: config.epochs,
    }).steps;
    this.seed = config.seed;
    this.randomness = dpRandomness({
      seed: config.seed,
      ...(options.stream ? { stream: options.stream } : {}),
    });
    this.seedSource = this.randomness.seedSource;
    this.params = createProbe(data.dim, data.numClasses);
    this.optimizer = createOptimizer({
      kind: config.optimizer,
      learningRate: config.learningRate,
      momentum: config.momentum,
    });
    this.trainX = tf.tensor2d(data.trainX, [n, data.dim]);
    this.trainY = tf.tensor1d(data.trainY, 'int32');
    this.testX = tf.tensor2d(data.testX, [data.testY.length, data.dim]);
    this.testY = tf.tensor1d(data.testY, 'int32');
    this.noise = new Float32Array(data.dim * data.numClasses + data.numClasses);
    this.clipped = tf.tidy(() => tf.variable(tf.scalar(0))); // tidy frees the initial value
  }

  /** The step at which epoch e (0-based) ends, as planned. */
  epochEnd(e: number): number {
    return Math.ceil((this.plannedSteps * (e + 1)) / this.config.epochs);
  }

  /** One step: Poisson batch, clipped sum, noise σC, divide by qN, update; recorded in the ledger. */
  step(): void {
    const { config, data } = this;
    const idx = poissonSample(this.n, this.sampleRate, this.randomness.sampling);
    this.examples += idx.length;
    this.steps++;
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
          this.params,
          tf.gather(this.trainX, it),
          tf.gather(this.trainY, it),
          this.isPrivate ? config.clipNorm : Infinity,
        );
        gW = sum.weights;
        gb = sum.bias;
        if (this.isPrivate)
          this.clipped.assign(this.clipped.add(sum.norms.greater(config.clipNorm).sum().toFloat()));
      }
      if (this.isPrivate) {
        this.randomness.noise.fillNormal(this.noise);
        ({ weights: gW, bias: gb } = privatise(
          { weights: gW, bias: gb },
          this.noise,
          this.noiseMultiplier * config.clipNorm,
          this.sampleRate * this.n,
        ));
      } else {
        const b = Math.max(1, idx.length);
        gW = gW.div(b);
        gb = gb.div(b);
      }
      this.optimizer.apply([this.params.weights, this.params.bias], [gW, gb]);
    });
    if (this.isPrivate) this.accountant.record(this.sampleRate, this.noiseMultiplier, 1);
    this.stepsDone++;
  }

  /** ε spent so far, from the ledger of steps run (∞ for a non-private run: it has no guarantee at all). */
  epsilon(): number {
    return this.isPrivate ? this.accountant.getEpsilon(this.delta).epsilon : Infinity;
  }

  /** Train/test loss and accuracy, clipping and batch statistics since the last call. */
  async takeEpochStats(): Promise<Omit<EpochMetrics, 'epoch' | 'seconds'>> {
    const tr = evaluate(this.params, this.trainX, this.trainY, this.data.numClasses);
    const te = evaluate(this.params, this.testX, this.testY, this.data.numClasses);
    const scalar = async (t: tf.Tensor) => (await t.data())[0] ?? NaN;
    const [trainLoss, trainAccuracy, testLoss, testAccuracy, clippedCount] = await Promise.all([
      scalar(tr.loss),
      scalar(tr.accuracy),
      scalar(te.loss),
      scalar(te.accuracy),
      scalar(this.clipped),
    ]);
    tf.dispose([tr.loss, tr.accuracy, te.loss, te.accuracy]);
    tf.tidy(() => this.clipped.assign(tf.scalar(0)));
    const stats = {
      step: this.stepsDone,
      trainLoss,
      trainAccuracy,
      testLoss,
      testAccuracy,
      epsilon: this.epsilon(),
      clippedFraction: this.isPrivate && this.examples > 0 ? clippedCount / this.examples : 0,
      meanBatchSize: this.steps ? this.examples / this.steps : 0,
    };
    this.examples = 0;
    this.steps = 0;
    return stats;
  }

  /** Confusion matrix and per-class accuracy on the test set; a gradient-norm histogram of ≤ 2,000 training examples. */
  async finalReport(): Promise<
    Pick<
      ProbeResult,
      'testAccuracy' | 'perClassAccuracy' | 'confusion' | 'gradientNormHistogram' | 'weights' | 'bias'
    >
  > {
    const { data } = this;
    const { predicted, norms } = tf.tidy(() => {
      const m = Math.min(this.n, 2000);
      const sample = clippedGradientSum(
        this.params,
        this.trainX.slice([0, 0], [m, data.dim]),
        this.trainY.slice([0], [m]),
        Infinity,
      );
      return { predicted: logits(this.params, this.testX).argMax(1), norms: sample.norms };
    });
    const pred = (await predicted.data()) as Int32Array;
    const gradientNormHistogram = normHistogram(await norms.data(), this.config.clipNorm);
    tf.dispose([predicted, norms]);
    return {
      ...confusionSummary(data.testY, pred, data.numClasses),
      gradientNormHistogram,
      weights: (await this.params.weights.data()) as Float32Array,
      bias: (await this.params.bias.data()) as Float32Array,
    };
  }

  /** A copy of the weights, kept as the last good ones (after an epoch with finite losses). */
  private good: tf.Tensor[] | null = null;
  private goodStep = 0;
  keepWeights(): void {
    tf.dispose(this.good ?? []);
    this.good = [this.params.weights.clone(), this.params.bias.clone()];
    this.goodStep = this.stepsDone;
  }
  /** Back to the kept weights (the initial ones if none were kept); returns the step they are from. */
  restoreWeights(): number {
    if (!this.good) return 0;
    this.params.weights.assign(this.good[0] as tf.Tensor2D);
    this.params.bias.assign(this.good[1] as tf.Tensor1D);
    return this.goodStep;
  }

  dispose(): void {
    tf.dispose(this.good ?? []);
    tf.dispose([
      this.params.weights,
      this.params.bias,
      this.trainX,
      this.trainY,
      this.testX,
      this.testY,
      this.clipped,
    ]);
    this.optimizer.dispose();
  }
}
