/**
 * The private fine-tuning worker: embeds the private images once per encoder (cached), then trains linear
 * probes on those embeddings with DP-SGD or without privacy, streaming per-epoch metrics and the DP events it
 * ran. Pause holds the loop at the next yield; stop ends it gracefully (the steps already run stay accounted).
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/lib/backend/choose';
import { majorityBaseline, type FeatureNormalisation } from '../src/lib/dp/features';
import { planProbe, resolveDelta } from '../src/lib/dp/plan';
import { runSweep, type SweepPoint, type SweepSpec } from '../src/lib/dp/sweep';
import { type EpochMetrics, type ProbeConfig, type ProbeResult, trainProbe } from '../src/lib/dp/train-probe';
import { type AuditProgress, type AuditResult, runAudit, shadowConfigOf } from '../src/lib/audit/run-audit';
import type { AnyAccountantJson } from '../src/lib/privacy/privacy-accountant';
import '../src/lib/simclr/group-norm'; // registers the layer classes encoders contain, for model loading
import '../src/lib/encoders/scatter';
import { initBackend } from './shared/backend';
import { JobControl, jobCommands } from './shared/job-control';
import { type ModelFiles, allFinite, modelToFiles } from './shared/model-files';
import {
  cachedEmbeddingsUsage,
  forgetCachedEmbeddings,
  loadCachedEmbeddings,
  storeCachedEmbeddings,
} from './shared/embedding-cache';
import { embeddingKey } from '../src/lib/data/embedding-key';
import { dataContentKey } from '../src/lib/data/embeddings-file';
import {
  type EncoderSource,
  type PreparedEmbeddings,
  type PrivateSource,
  type Subsample,
  EmbeddingMemo,
  cut,
  embedSplits,
  encoderContent,
  privateSplits,
  shippedEmbeddings,
} from './shared/private-embeddings';

export type {
  EncoderSource,
  PreparedEmbeddings,
  PrivateSource,
  Subsample,
} from './shared/private-embeddings';

/** The embeddings this worker holds (a few: each is the whole private data through one encoder). */
const embeddings = new EmbeddingMemo(3);
/** Writes to the IndexedDB cache still under way. */
let storing: Promise<unknown> = Promise.resolve();
const control = new JobControl();
/** The audit has its own pause/stop, so that it never holds or stops a training run (and vice versa). */
const auditControl = new JobControl();

const api = {
  init(forced: BackendName | null) {
    return initBackend(forced);
  },

  /** Whether embeddings for this key are still cached here (they go when evicted or the worker restarts). */
  has(key: string): boolean {
    return embeddings.has(key);
  },

  /**
   * Embed the private train and test images through the encoder, once: later calls hit this worker's memory,
   * and a later visit finds them in IndexedDB (keyed by the content of the data and the encoder).
   */
  async prepare(
    data: PrivateSource,
    encoder: EncoderSource,
    onProgress?: (done: number, total: number) => void,
    subsample?: Subsample,
  ): Promise<PreparedEmbeddings> {
    const key = embeddingKey(data, encoder.key, subsample);
    const started = performance.now();
    let cached: PreparedEmbeddings['cached'] = 'memory';
    let imagesPerSecond: number | null = null;
    if (!embeddings.has(key)) {
      const splits = await privateSplits(data);
      const train = subsample ? cut(splits.train, subsample.train) : splits.train;
      const test = subsample ? cut(splits.test, subsample.test) : splits.test;
      const encoderKey = await encoderContent(encoder);
      const stored = `${await dataContentKey(train, test)}|${encoderKey}`;
      const hit = await loadCachedEmbeddings(stored);
      const shipped = hit ? null : await shippedEmbeddings(data, encoder, encoderKey, train, test);
      if (hit) {
        cached = 'indexeddb';
        embeddings.set(key, hit, stored);
      } else if (shipped) {
        cached = 'shipped';
        embeddings.set(key, shipped, stored);
        storing = storing.then(() => storeCachedEmbeddings(stored, shipped));
      } else {
        cached = null;
        const made = await embedSplits(encoder, train, test, onProgress);
        const e = made.embeddings;
        imagesPerSecond = made.imagesPerSecond;
        embeddings.set(key, e, stored);
        // not awaited: the probe can start meanwhile (cacheUsage waits for it)
        storing = storing.then(() => storeCachedEmbeddings(stored, e));
      }
    }
    const e = embeddings.get(key)!;
    return {
      key,
      contentKey: embeddings.contentKey(key),
      dim: e.dim,
      train: e.trainY.length,
      test: e.testY.length,
      numClasses: e.classNames.length,
      classNames: e.classNames,
      majorityAccuracy: majorityBaseline(e.trainY, e.testY, e.classNames.length).accuracy,
      seconds: (performance.now() - started) / 1000,
      cached,
      imagesPerSecond,
    };
  },

  /** How much the embeddings cache in IndexedDB holds. */
  async cacheUsage() {
    await storing;
    return cachedEmbeddingsUsage();
  },

  /** Forget every cached embedding (IndexedDB and this worker's memory). */
  async forgetCache() {
    embeddings.clear();
    await storing;
    await forgetCachedEmbeddings();
    return cachedEmbeddingsUsage();
  },

  /** σ, q, δ and steps a config will run (calibration with a PLD accountant takes a while: not on the UI thread). */
  plan(config: ProbeConfig, datasetSize: number) {
    return planProbe(config, datasetSize);
  },

  /** Train one probe on prepared embeddings; per-epoch metrics stream through onEpoch. */
  async train(
    key: string,
    config: ProbeConfig,
    normalisation: FeatureNormalisation,
    onEpoch?: (m: EpochMetrics) => void,
  ): Promise<ProbeResult & { backend: string }> {
    const signal = control.start();
    const data = embeddings.probeData(key, normalisation, config.featureDims);
    const result = await trainProbe({
      data,
      config,
      signal,
      yieldEvery: 10,
      gate: () => control.checkpoint(false), // trainProbe has just yielded
      ...(onEpoch ? { onEpoch } : {}),
    });
    // The backend that ran it goes with the result (the run list shows it).
    return Comlink.transfer({ ...result, backend: tf.getBackend() }, [
      result.weights.buffer,
      result.bias.buffer,
    ]);
  },

  /** Accuracy-versus-ε points for a list of σ or target ε values over several seeds. */
  async sweep(
    key: string,
    base: ProbeConfig,
    spec: SweepSpec,
    normalisation: FeatureNormalisation,
    onPoint?: (p: SweepPoint) => void,
    /** Every finished or stopped run's ledger, for the dataset's privacy ledger (awaited). */
    onRun?: (run: { value: number; ledger: AnyAccountantJson }) => void | Promise<void>,
    /** Before each run's first step (awaited): the run the dataset's ledger must keep charged if none follows. */
    onRunStart?: (value: number) => void | Promise<void>,
  ): Promise<SweepPoint[]> {
    // (the sweep's runs yield every 10 steps, so a stop or pause message reaches them there)
    const signal = control.start();
    return runSweep({
      data: embeddings.probeData(key, normalisation, base.featureDims),
      base,
      spec,
      signal,
      // Pause holds the sweep at its next checkpoint, as it holds a single run
      yieldEvery: 10,
      gate: () => control.checkpoint(false),
      ...(onPoint ? { onPoint } : {}),
      ...(onRun
        ? { onRun: (value: number, _s: unknown, r: ProbeResult) => onRun({ value, ledger: r.ledger }) }
        : {}),
      ...(onRunStart ? { onRunStart: (value: number) => onRunStart(value) } : {}),
    });
  },

  /** A trained probe as TensorFlow.js model files: one dense layer (d → k), softmax logits, with metadata. */
  async exportProbe(
    weights: Float32Array,
    bias: Float32Array,
    dim: number,
    numClasses: number,
    metadata: Record<string, unknown>,
  ): Promise<ModelFiles> {
    const model = tf.sequential({ name: 'dp_linear_probe' });
    // setWeights copies the values: the two tensors made here are disposed, as is the model, whatever happens.
    const values = [tf.tensor2d(weights, [dim, numClasses]), tf.tensor1d(bias)];
    try {
      model.add(tf.layers.dense({ units: numClasses, inputShape: [dim], name: 'probe' }));
      model.setWeights(values);
      if (!(await allFinite(model)))
        throw new Error('the probe has weights that are not finite numbers; it is not exported');
      model.setUserDefinedMetadata({
        epsilonLab: { kind: 'dp-linear-probe', input: 'L2-normalised encoder embedding', ...metadata },
      });
      return await modelToFiles(model);
    } finally {
      tf.dispose(values);
      model.dispose();
    }
  },

  /**
   * Membership-inference audit of a trained probe on the embeddings it was trained on: members are its
   * training examples, non-members the held-out test examples; shadows train with the run's own settings.
   */
  async audit(
    key: string,
    target: { weights: Float32Array; bias: Float32Array },
    run: {
      config: ProbeConfig;
      noiseMultiplier: number;
      normalisation: FeatureNormalisation;
      /** The steps the run ran (fewer than planned when a budget or a Stop ended it). */
      steps?: number;
    },
    options: { shadows: number; auditSize: number },
    onProgress?: (p: AuditProgress) => void,
  ): Promise<AuditResult> {
    const signal = auditControl.start();
    const data = embeddings.probeData(key, run.normalisation, run.config.featureDims);
    return runAudit({
      data,
      target,
      shadowConfig: shadowConfigOf(
        run.config,
        run.noiseMultiplier,
        run.steps === undefined ? undefined : { steps: run.steps, datasetSize: data.trainY.length },
      ),
      delta: resolveDelta(run.config.delta, data.trainY.length),
      ...options,
      signal,
      gate: () => auditControl.checkpoint(false), // trainProbe has just yielded
      ...(onProgress ? { onProgress } : {}),
    });
  },
  auditCommand(command: 'pause' | 'resume' | 'stop') {
    auditControl[command]();
  },

  ...jobCommands(control),
};

Comlink.expose(api);
export type ProbeApi = typeof api;
