/**
 * SimCLR pretraining (Chen et al. 2020): two augmented views per image, encoder + projection head, NT-Xent.
 * The step is separate from the loop: `Pretrainer.step()` does one update and returns the loss as a tensor
 * (the caller reads it asynchronously: no synchronous readback in the hot loop); `Pretrainer.run()` is the
 * player with epochs, pause/stop via AbortSignal, progress and checkpoint callbacks. Written by hand because
 * SimCLR is the core of this lab; no maintained tfjs implementation exists.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace, type Rng } from '../rng.ts';
import { augment, type AugmentConfig } from './augment.ts';
import { type SimclrModel, imagesToTensor } from './encoder.ts';
import { Lars } from './lars.ts';
import { ntXentLoss } from './nt-xent.ts';
import { LEARNING_RATE_MAX, TEMPERATURE_RANGE } from './config.ts';
import { allFiniteTensors } from '../tf/finite.ts';

/** Optimizer state as tfjs optimizers export it (name + tensor pairs). */
export type OptimizerWeights = Awaited<ReturnType<tf.AdamOptimizer['getWeights']>>;

export interface PretrainConfig {
  batchSize: number;
  epochs: number;
  learningRate: number;
  schedule: 'constant' | 'cosine';
  warmupEpochs: number;
  optimizer: 'adam' | 'lars';
  weightDecay: number;
  temperature: number;
  augment: AugmentConfig;
  seed: number;
}

export interface PretrainData {
  images: Uint8Array;
  count: number;
  size: number;
  channels: number;
}

export interface PretrainProgress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  totalSteps: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

/** Learning rate at a (fractional) epoch: linear warm-up, then constant or cosine decay to 0. */
export function learningRateAt(
  config: Pick<PretrainConfig, 'learningRate' | 'schedule' | 'warmupEpochs' | 'epochs'>,
  epoch: number,
): number {
  const { learningRate, warmupEpochs, epochs } = config;
  if (warmupEpochs > 0 && epoch < warmupEpochs) return (learningRate * (epoch + 1e-3)) / warmupEpochs;
  if (config.schedule === 'constant') return learningRate;
  const t = Math.min(1, (epoch - warmupEpochs) / Math.max(1e-9, epochs - warmupEpochs));
  return 0.5 * learningRate * (1 + Math.cos(Math.PI * t));
}

/** Errors name the value out of range. */
export function checkPretrainConfig(config: Pick<PretrainConfig, 'temperature' | 'learningRate'>): void {
  const [tmin, tmax] = TEMPERATURE_RANGE;
  if (!(config.temperature >= tmin && config.temperature <= tmax))
    throw new Error(`temperature τ must be in [${tmin}, ${tmax}], got ${config.temperature}`);
  if (!(config.learningRate > 0 && config.learningRate <= LEARNING_RATE_MAX))
    throw new Error(`learning rate must be in (0, ${LEARNING_RATE_MAX}], got ${config.learningRate}`);
}

/** How a run ended when a loss was not finite: the step, and the step whose weights were put back. */
export interface Divergence {
  step: number;
  loss: number;
  restoredStep: number;
}

export class Pretrainer {
  readonly model: SimclrModel;
  readonly config: PretrainConfig;
  private readonly data: PretrainData;
  private readonly rng: Rng;
  private readonly variables: tf.Variable[];
  private readonly adam: tf.AdamOptimizer | null;
  private readonly lars: Lars | null;
  private order: Int32Array;
  private cursor = 0;
  /** Completed steps (over all runs of this trainer, including restored ones). */
  stepsDone = 0;

  constructor(model: SimclrModel, config: PretrainConfig, data: PretrainData, startStep = 0) {
    if (data.count < 2) throw new Error(`pretraining needs at least 2 images, got ${data.count}`);
    if (config.batchSize < 2) throw new Error(`batch size must be at least 2, got ${config.batchSize}`);
    checkPretrainConfig(config);
    this.model = model;
    this.config = config;
    this.data = data;
    this.rng = createRng(config.seed + startStep * 7919);
    this.stepsDone = startStep;
    this.variables = [...model.encoder.trainableWeights, ...model.head.trainableWeights].map(
      (w) => w.read() as tf.Variable,
    );
    this.adam = config.optimizer === 'adam' ? tf.train.adam(config.learningRate) : null;
    this.lars =
      config.optimizer === 'lars' ? new Lars(config.learningRate, { weightDecay: config.weightDecay }) : null;
    this.order = Int32Array.from({ length: data.count }, (_, i) => i);
    shuffleInPlace(this.order, this.rng);
  }

  get stepsPerEpoch(): number {
    return Math.max(1, Math.floor(this.data.count / Math.min(this.config.batchSize, this.data.count)));
  }

  private nextBatch(): Uint8Array {
    const { size, channels } = this.data;
    const per = size * size * channels;
    const b = Math.min(this.config.batchSize, this.data.count);
    if (this.cursor + b > this.order.length) {
      shuffleInPlace(this.order, this.rng);
      this.cursor = 0;
    }
    const out = new Uint8Array(b * per);
    for (let k = 0; k < b; k++) {
      const i = this.order[this.cursor + k]!;
      out.set(this.data.images.subarray(i * per, (i + 1) * per), k * per);
    }
    this.cursor += b;
    return out;
  }

  /** The loss of the two views of `x` under the current weights (no update). */
  lossOf(x: tf.Tensor4D, rng: Rng): tf.Scalar {
    return tf.tidy(() => {
      const v1 = augment(x, this.config.augment, rng);
      const v2 = augment(x, this.config.augment, rng);
      const views = tf.concat([v1, v2]);
      const h = this.model.encoder.apply(views, { training: true }) as tf.Tensor2D;
      const z = this.model.head.apply(h, { training: true }) as tf.Tensor2D;
      return ntXentLoss(z, this.config.temperature);
    });
  }

  /** One SimCLR update. Returns the loss before the update, as a tensor the caller must dispose. */
  step(): tf.Scalar {
    const batch = this.nextBatch();
    const b = batch.length / (this.data.size * this.data.size * this.data.channels);
    const lr = learningRateAt(this.config, this.stepsDone / this.stepsPerEpoch);
    if (this.adam) (this.adam as unknown as { learningRate: number }).learningRate = lr;
    if (this.lars) this.lars.learningRate = lr;
    const x = imagesToTensor(batch, b, this.data.size, this.data.channels);
    const { value, grads } = tf.variableGrads(() => this.lossOf(x, this.rng), this.variables);
    x.dispose();
    if (this.adam) this.adam.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    else this.lars!.applyGradients(this.variables, grads);
    tf.dispose(grads);
    this.stepsDone++;
    return value;
  }

  /**
   * Train until `config.epochs` are done (counting restored steps), `signal` aborts, or `maxSteps` more steps.
   * Losses are read asynchronously (one step behind) and reported through onProgress. A loss that is NaN or ±∞
   * stops the run: the weights go back to the end of the last epoch whose losses were all finite (or the start)
   * and the divergence is returned; otherwise null.
   */
  async run(
    options: {
      signal?: AbortSignal;
      maxSteps?: number;
      onProgress?: (p: PretrainProgress) => void;
      onEpoch?: (epoch: number, meanLoss: number) => Promise<void> | void;
      /** Awaited before every step (a worker yields here to take pause/stop messages). */
      beforeStep?: () => Promise<void>;
    } = {},
  ): Promise<Divergence | null> {
    const { signal, onProgress, onEpoch } = options;
    const total = this.config.epochs * this.stepsPerEpoch;
    const started = performance.now();
    const startStep = this.stepsDone;
    const limit = Math.min(total, startStep + (options.maxSteps ?? Infinity));
    let epochLosses: number[] = [];
    let pending: Promise<void> = Promise.resolve();
    // The last good weights: a copy taken at the start and after every epoch with finite losses only.
    let good = { step: this.stepsDone, weights: this.variables.map((v) => tf.clone(v)) };
    let diverged: { step: number; loss: number } | null = null;
    const keep = async () => {
      // A finite loss before the last update does not prove finite weights after it: check them too.
      if (!(await allFiniteTensors(this.variables))) return false;
      tf.dispose(good.weights);
      good = { step: this.stepsDone, weights: this.variables.map((v) => tf.clone(v)) };
      return true;
    };
    while (this.stepsDone < limit && !signal?.aborted && !diverged) {
      await options.beforeStep?.();
      if (signal?.aborted) break;
      const loss = this.step();
      const stepNo = this.stepsDone;
      await pending; // the previous step's loss: read while this step's work is queued
      pending = loss.data().then((v) => {
        loss.dispose();
        const value = v[0]!;
        if (!Number.isFinite(value)) {
          diverged ??= { step: stepNo, loss: value };
          return;
        }
        epochLosses.push(value);
        const elapsed = (performance.now() - started) / 1000;
        const done = stepNo - startStep;
        const rate = (done * this.config.batchSize) / Math.max(elapsed, 1e-9);
        onProgress?.({
          epoch: Math.floor((stepNo - 1) / this.stepsPerEpoch),
          step: stepNo,
          stepsPerEpoch: this.stepsPerEpoch,
          totalSteps: total,
          loss: value,
          imagesPerSecond: rate,
          etaSeconds: ((limit - stepNo) * elapsed) / Math.max(done, 1),
        });
      });
      if (stepNo % this.stepsPerEpoch === 0) {
        await pending;
        if (diverged) break;
        if (!(await keep())) {
          diverged = { step: stepNo, loss: NaN };
          break;
        }
        const mean = epochLosses.reduce((s, v) => s + v, 0) / Math.max(1, epochLosses.length);
        epochLosses = [];
        await onEpoch?.(stepNo / this.stepsPerEpoch - 1, mean);
      }
    }
    await pending;
    try {
      if (!diverged) return null;
      const d = diverged;
      this.variables.forEach((v, i) => v.assign(good.weights[i]!));
      this.stepsDone = good.step;
      return { step: d.step, loss: d.loss, restoredStep: good.step };
    } finally {
      tf.dispose(good.weights);
    }
  }

  /** Optimizer state for checkpoints (Adam moments; LARS velocity is rebuilt). */
  async optimizerWeights(): Promise<OptimizerWeights> {
    return this.adam ? this.adam.getWeights() : [];
  }

  async setOptimizerWeights(weights: OptimizerWeights): Promise<void> {
    if (this.adam && weights.length > 0) await this.adam.setWeights(weights);
  }

  dispose(): void {
    this.adam?.dispose();
    this.lars?.dispose();
  }
}
