/**
 * Private fine-tuning, as the UI sees it: embeds the private data through the chosen encoder (once), runs DP
 * probes with the current settings, then the baselines on the same embeddings. ε on screen is computed here
 * from the DP steps the worker reports (q, σ, steps run), never taken from the settings.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ENCODER_SHORT } from '../../state/encoders';
import { jsonSafeCopy } from '../../lib/json-numbers';
import type { AccountantName } from '../../lib/privacy/accountant-names';
import type { EpochMetrics, ProbeConfig } from '../../lib/dp/train-probe';
import { plannedLedger } from '../../lib/dp/plan';
import { createProbeBridge } from '../../bridge/probe';
import { throttledProgress } from '../../bridge/worker-bridge';
import type { LabConfig } from '../../state/lab-config';
import { useWorkerJob } from '../shell/use-worker-job';
import type { JobProgress } from '../shell/progress';
import { probeExportMetadata } from './probe-export';
import { type RunRecord, toRunRecord } from './run-record';
import { usePreparedEmbeddings } from './use-prepared-embeddings';
import { useStoredRuns } from './use-stored-runs';
import { useSweep } from './use-sweep';

export type { SweepRecord } from './use-sweep';
import {
  NON_PRIVATE_NOTE,
  type SessionEncoder,
  datasetKey,
  dpLabel,
  encoderSource,
  probeConfigOf,
  randomContrastSubsample,
  reembedOf,
  reembedding,
  sameEmbeddings,
  shapeOf,
} from './probe-config';
import type { PreparedEmbeddings, PrivateSource } from '../../../workers/shared/contracts';

export type { RunRecord } from './run-record';
export {
  NON_PRIVATE_NOTE,
  RANDOM_CONTRAST_TRAIN,
  builtinSource,
  datasetKey,
  encoderSource,
  parseEpsilons,
  preparedKey,
  probeConfigOf,
  randomContrastSubsample,
  shapeOf,
  testSubset,
  type SessionEncoder,
} from './probe-config';

export type TrainingStatus = 'idle' | 'embedding' | 'running' | 'paused' | 'baselines';

export function usePrivateTraining(options: {
  config: LabConfig;
  source: PrivateSource;
  session: SessionEncoder | null;
  delta: number;
  onError: (m: string) => void;
}) {
  const { config, source, session, delta, onError } = options;
  // The backend the probe worker actually runs on (reported when it starts).
  const bridge = useMemo(() => createProbeBridge(onError), [onError]);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const job = useWorkerJob(bridge, onError, 'Private training');
  const { run: runJob } = job;
  /** What a running job is doing: embedding cannot be paused, a training run (or its baselines) can. */
  const [phase, setPhase] = useState<'embedding' | 'running' | 'baselines'>('running');
  const status: TrainingStatus = job.status === 'running' ? phase : job.status;
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const embeddings = usePreparedEmbeddings(bridge, source, setProgress);
  const { ensurePrepared } = embeddings;
  const [live, setLive] = useState<{
    curve: EpochMetrics[];
    q: number;
    sigma: number;
    label: string;
    /** The encoder its embeddings came from (its curve takes the encoder's colour). */
    encoder: string;
    /** The run's own epochs (the Epochs slider may move while it runs). */
    epochs: number;
    /** Which run this is: a late epoch update of the run before (throttled to a frame) is not this run's. */
    token: number;
    startedAt: number;
    /** The accountant the running job accounts with (its live ε is that accountant's). */
    accountant: AccountantName;
  } | null>(null);
  const liveToken = useRef(0);
  const dataset = datasetKey(source);
  const { runs, setRuns, begin, newRunId, clearRuns, toggleRun, spent, setCap, capRefusal } = useStoredRuns(
    onError,
    dataset,
    delta,
  );
  // Opt-in: a non-private probe has no guarantee, and the dataset's ε becomes ∞ once one is kept.
  const [withNonPrivate, setWithNonPrivate] = useState(false);
  const stopRef = useRef(false);

  /** What a run keeps to be embedded again later (checked: it must make the same embeddings' key). */
  const reembedFor = useCallback(
    (encoder: string, info: PreparedEmbeddings, fullTrain: number) => {
      const sub = fullTrain !== info.train ? { train: info.train, test: info.test } : undefined;
      const reembed = reembedOf(source, encoder, info.contentKey, sub);
      return reembed && reembedding({ encoder, embeddingsKey: info.key, reembed }) ? { reembed } : {};
    },
    [source],
  );

  const trainOne = useCallback(
    async (
      info: PreparedEmbeddings,
      kind: RunRecord['kind'],
      label: string,
      /** The full training set's size when `info` is a subsample: the batch shrinks with it (same q). */
      fullTrain = info.train,
      /** The encoder the embeddings came from, when not the configured one. */
      encoderName?: string,
    ): Promise<RunRecord> => {
      const isPrivate = kind !== 'non-private';
      const encoder =
        encoderName ??
        (kind === 'random-dp' ? 'random' : config.encoder === 'session' ? 'this session' : config.encoder);
      const base = probeConfigOf(config, delta, fullTrain, encoder);
      const probeConfig: ProbeConfig = {
        ...base,
        // rounded down: the subsample's q is never above the run's (its ε never above the run's)
        expectedBatchSize: Math.max(1, Math.floor((base.expectedBatchSize * info.train) / fullTrain)),
        privacy: isPrivate ? base.privacy : null,
      };
      // planned in the worker: with the PLD accountant, calibrating σ or a budget takes a while
      const plan = await bridge.run((w) => w.plan(probeConfig, info.train));
      // a Stop pressed while σ was being calibrated (seconds with PLD) reached no training job: honour it here,
      // before anything is charged or trained
      if (stopRef.current) throw new DOMException('Stopped before training', 'AbortError');
      const token = ++liveToken.current;
      setLive({
        token,
        curve: [],
        q: plan.sampleRate,
        sigma: plan.noiseMultiplier,
        label,
        encoder,
        epochs: probeConfig.epochs,
        startedAt: performance.now(),
        accountant: probeConfig.accountant ?? 'rdp',
      });
      // (the last epoch of the run before could land after this run's start, and showed as its first)
      const onEpoch = throttledProgress((m: EpochMetrics) =>
        setLive((l) => (l && l.token === token ? { ...l, curve: [...l.curve, m] } : l)),
      );
      const id = await newRunId();
      const charge = await begin({
        label: `run ${id}: ${label}`,
        private: isPrivate,
        ledger: plannedLedger(plan, isPrivate),
      });
      // a Stop pressed while the charge was being stored (a lock across tabs, an IndexedDB write) reached no
      // training job either: nothing runs, and the charge is withdrawn
      if (stopRef.current) {
        charge.withdraw();
        throw new DOMException('Stopped before training', 'AbortError');
      }
      let result;
      try {
        result = await bridge.run((w) => w.train(info.key, probeConfig, 'l2', onEpoch));
      } catch (e) {
        charge.abandon(); // what ran before the failure is not known: the planned charge stands
        throw e;
      }
      if (result.divergence) onError(`${label}: ${result.divergence}. Lower the learning rate.`);
      charge.settle({ label: `run ${id}: ${label}`, private: isPrivate, ledger: result.ledger });
      return toRunRecord(result, {
        id,
        label,
        kind,
        dataset,
        encoder,
        embeddingsKey: info.key,
        probeConfig,
        majorityAccuracy: info.majorityAccuracy,
        trainSize: info.train,
        ...reembedFor(encoder, info, fullTrain),
      });
    },
    [bridge, config, delta, begin, dataset, onError, newRunId, reembedFor],
  );

  /**
   * A stored run's embeddings, in the probe worker for its audit: held already, or made again from what the run
   * kept (`reembedding`: the built-in data with a shipped or seeded encoder, from the browser's cache when it
   * has them). False when they cannot be.
   */
  const ensureRunEmbeddings = useCallback(
    async (run: RunRecord): Promise<boolean> => {
      const again = reembedding(run);
      if (again) {
        const info = await ensurePrepared(again.enc, again.sub, again.source);
        if (!sameEmbeddings(info, run, again.contentKey))
          throw new Error(
            `the encoder's files or the data have changed since run ${run.id} was trained, so its embeddings cannot be made again as they were`,
          );
        return true;
      }
      const known = run.embeddingsKey ? embeddings.prepared[run.embeddingsKey] : undefined;
      return !!known && (await bridge.run((w) => w.has(known.key)));
    },
    [ensurePrepared, embeddings.prepared, bridge],
  );

  /** An encoder's embeddings of the private data (status "embedding", then "running"); null if stopped. */
  const embedWith = useCallback(
    async (choice: LabConfig['encoder']) => {
      setPhase('embedding');
      const info = await ensurePrepared(encoderSource(choice, session, shapeOf(source)));
      if (stopRef.current) return null;
      setPhase('running');
      return info;
    },
    [session, source, ensurePrepared],
  );
  const embedChosen = useCallback(() => embedWith(config.encoder), [embedWith, config.encoder]);

  /** After any job: no bar, no live run (a progress update may still arrive for neither). */
  const clearLive = useCallback(() => {
    setProgress(null);
    setLive(null);
  }, []);

  const start = useCallback(async () => {
    stopRef.current = false;
    await runJob(async () => {
      const info = await embedChosen();
      if (!info) return;
      const run = await trainOne(info, 'dp', dpLabel(config));
      setRuns((r) => [...r, run]);
      if (stopRef.current) return;
      // Baselines on the same embeddings and settings: no privacy (only when asked for), and DP on a random encoder.
      setPhase('baselines');
      if (withNonPrivate) {
        const nonPrivate = await trainOne(info, 'non-private', `Non-private probe (${NON_PRIVATE_NOTE})`);
        setRuns((r) => [...r, nonPrivate]);
      }
      if (stopRef.current || config.encoder === 'random' || !config.contrast) return;
      // The random-encoder contrast on a subsample (cheap), with the same q, σ and epochs, hence the same ε.
      const rnd = encoderSource('random', null, shapeOf(source));
      const sub = randomContrastSubsample(info.train, info.test);
      const rinfo = await ensurePrepared(rnd, sub);
      if (stopRef.current) return;
      const randomRun = await trainOne(
        rinfo,
        'random-dp',
        `${dpLabel(config)}, random encoder${sub ? ` (first ${sub.train.toLocaleString('en')} training, ${sub.test.toLocaleString('en')} test images; same q)` : ''}`,
        info.train,
      );
      setRuns((r) => [...r, randomRun]);
    });
    clearLive();
  }, [config, source, ensurePrepared, embedChosen, trainOne, withNonPrivate, setRuns, runJob, clearLive]);

  /**
   * The same DP probe (the current settings) on every compared encoder in turn — raw pixels, a random network,
   * SimCLR v1 and the default — so that the accuracy-versus-ε plot shows what features do to DP in one view.
   * Only the built-in data fits all of them; on uploads, the encoders that fit any image run.
   */
  const compareEncoders = useCallback(
    async (choices: readonly LabConfig['encoder'][]) => {
      stopRef.current = false;
      await runJob(async () => {
        for (const choice of choices) {
          const info = stopRef.current ? null : await embedWith(choice);
          if (!info) return;
          const run = await trainOne(
            info,
            'dp',
            `${dpLabel(config)}, ${ENCODER_SHORT[choice]}`,
            info.train,
            choice,
          );
          setRuns((r) => [...r, run]);
        }
      }, 'Comparing encoders');
      clearLive();
    },
    [config, embedWith, trainOne, setRuns, runJob, clearLive],
  );

  /** The sweep's embeddings, as a new job: a stop before it is forgotten. */
  const embedForSweep = useCallback(() => {
    stopRef.current = false;
    return embedChosen();
  }, [embedChosen]);
  const { sweeps, sweep, clearSweeps } = useSweep({
    bridge,
    config,
    dataset,
    delta,
    onError,
    begin,
    setProgress,
    runJob,
    embedChosen: embedForSweep,
  });

  const { abort: abortEmbedding } = embeddings;
  const { stop: stopJob } = job;
  const stop = useCallback(() => {
    stopRef.current = true;
    abortEmbedding();
    stopJob();
  }, [abortEmbedding, stopJob]);
  /** The run's probe as TensorFlow.js model files (built in the worker, where tfjs lives). */
  const exportProbe = useCallback(
    (r: RunRecord) => {
      const k = r.bias.length;
      const meta = jsonSafeCopy(probeExportMetadata(r)) as Record<string, unknown>;
      return bridge.run((w) => w.exportProbe(r.weights, r.bias, r.weights.length / k, k, meta));
    },
    [bridge],
  );

  /** ε spent so far in the live run, by the run's own accountant in the worker (∞ for a non-private run). */
  const liveEpsilon =
    live && live.sigma === 0 ? Infinity : (live?.curve[live.curve.length - 1]?.epsilon ?? 0);

  return {
    bridge,
    status,
    progress,
    spent,
    /** Sets (or removes: null) this data's cap on its ε; why given charges could not start under it. */
    setCap,
    capRefusal,
    withNonPrivate,
    setWithNonPrivate,
    prepared: embeddings.prepared,
    live,
    liveEpsilon,
    runs,
    // the list and the plot start afresh (the privacy ledger does not: clearing gives no privacy back)
    clearRuns: useCallback(() => {
      clearRuns();
      clearSweeps();
    }, [clearRuns, clearSweeps]),
    exportProbe,
    ensureRunEmbeddings,
    abortEmbedding,
    cacheUsage: embeddings.cacheUsage,
    forgetCache: embeddings.forgetCache,
    lastPrepared: embeddings.lastPrepared,
    sweeps,
    start,
    compareEncoders,
    sweep,
    pause: job.pause,
    resume: job.resume,
    stop,
    toggleRun,
  };
}
