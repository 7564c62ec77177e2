/**
 * Private fine-tuning, as the UI sees it: embeds the private data through the chosen encoder (once), runs DP
 * probes with the current settings, then the baselines on the same embeddings. ε on screen is computed here
 * from the DP steps the worker reports (q, σ, steps run), never taken from the settings.
 */
import { useJobCommands } from '../shell/use-job-commands';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ENCODER_SHORT } from '../../state/encoders';
import * as Comlink from 'comlink';
import type { SweepPoint } from '../../lib/dp/sweep';
import { jsonSafeCopy } from '../../lib/json-numbers';
import { ACCOUNTANT_METHOD, type AccountantName } from '../../lib/privacy/accountant-names';
import type { EpochMetrics, ProbeConfig } from '../../lib/dp/train-probe';
import { type LedgerRun, datasetSpent } from '../../lib/dp/dataset-ledger';
import { createProbeBridge } from '../../bridge/probe';
import { throttledProgress } from '../../bridge/worker-bridge';
import type { LabConfig } from '../../state/lab-config';
import { type RunRecord, toRunRecord } from './run-record';
import { useStoredRuns } from './use-stored-runs';
import {
  NON_PRIVATE_NOTE,
  type SessionEncoder,
  datasetKey,
  dpLabel,
  parseEpsilons,
  encoderSource,
  preparedKey,
  probeConfigOf,
  randomContrastSubsample,
  shapeOf,
} from './probe-config';

import type { JobProgress } from '../shell/progress';
import type {
  EncoderSource,
  PreparedEmbeddings,
  PrivateSource,
  Subsample,
} from '../../../workers/shared/contracts';

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

export interface SweepRecord {
  encoder: string;
  points: SweepPoint[];
}

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
  const [status, setStatus] = useState<TrainingStatus>('idle');
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [prepared, setPrepared] = useState<Record<string, PreparedEmbeddings>>({});
  const [live, setLive] = useState<{
    curve: EpochMetrics[];
    q: number;
    sigma: number;
    label: string;
    startedAt: number;
    /** The accountant the running job accounts with (its live ε is that accountant's). */
    accountant: AccountantName;
  } | null>(null);
  const [lastPrepared, setLastPrepared] = useState<PreparedEmbeddings | null>(null);
  /** The embeddings cache in IndexedDB: what it holds (known once the probe worker has run). */
  const [cacheUsage, setCacheUsage] = useState<{ entries: number; bytes: number; capBytes: number } | null>(
    null,
  );
  const { runs, setRuns, ledgers, setLedgers } = useStoredRuns(onError);
  const dataset = datasetKey(source);
  const record = useCallback(
    (run: LedgerRun) => setLedgers((l) => ({ ...l, [dataset]: [...(l[dataset] ?? []), run] })),
    [dataset, setLedgers],
  );
  // Opt-in: a non-private probe has no guarantee, and the dataset's ε becomes ∞ once one is kept.
  const [withNonPrivate, setWithNonPrivate] = useState(false);
  const nextId = useRef(1);
  useEffect(() => {
    nextId.current = Math.max(nextId.current, ...runs.map((r) => r.id + 1));
  }, [runs]);
  const stopRef = useRef(false);
  const embedding = useRef<AbortController | null>(null);

  const prepare = useCallback(
    async (enc: EncoderSource, sub?: Subsample) => {
      const label =
        enc.kind === 'random'
          ? `Embedding the private images (random encoder${sub ? `, first ${sub.train.toLocaleString('en')}` : ''})`
          : 'Embedding the private images (pretrained encoder)';
      const now = performance.now();
      setProgress({ label, done: 0, total: 1, startedAt: now, updatedAt: now });
      // Stop aborts the embedding (the worker is ended; its caches go with it).
      const ac = new AbortController();
      embedding.current = ac;
      const info = await bridge
        .run(
          (w) =>
            w.prepare(
              source,
              enc,
              throttledProgress((done: number, total: number) =>
                setProgress((p) => (p ? { ...p, done, total, updatedAt: performance.now() } : p)),
              ),
              sub,
            ),
          ac.signal,
        )
        .finally(() => (embedding.current = null));
      // Keep the newest few (the worker keeps as many): an old upload's key must not linger.
      const k = preparedKey(source, enc, sub);
      setPrepared((p) =>
        Object.fromEntries([...Object.entries(p).filter(([x]) => x !== k), [k, info]].slice(-3)),
      );
      setLastPrepared(info);
      setProgress(null);
      void bridge.run((w) => w.cacheUsage()).then(setCacheUsage, () => undefined);
      return info;
    },
    [bridge, source],
  );
  const forgetCache = useCallback(async () => {
    setPrepared({});
    setLastPrepared(null);
    setCacheUsage(await bridge.run((w) => w.forgetCache()));
  }, [bridge]);

  /** Prepared embeddings, re-made when the worker no longer holds them (evicted, or the worker restarted). */
  const ensurePrepared = useCallback(
    async (enc: EncoderSource, sub?: Subsample) => {
      const known = prepared[preparedKey(source, enc, sub)];
      if (known && (await bridge.run((w) => w.has(known.key)))) return known;
      return prepare(enc, sub);
    },
    [prepared, source, bridge, prepare],
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
      const base = probeConfigOf(config, delta, fullTrain);
      const probeConfig: ProbeConfig = {
        ...base,
        expectedBatchSize: Math.max(1, Math.round((base.expectedBatchSize * info.train) / fullTrain)),
        privacy: isPrivate ? base.privacy : null,
      };
      // planned in the worker: with the PLD accountant, calibrating σ or a budget takes a while
      const plan = await bridge.run((w) => w.plan(probeConfig, info.train));
      setLive({
        curve: [],
        q: plan.sampleRate,
        sigma: plan.noiseMultiplier,
        label,
        startedAt: performance.now(),
        accountant: probeConfig.accountant ?? 'rdp',
      });
      const onEpoch = throttledProgress((m: EpochMetrics) =>
        setLive((l) => (l ? { ...l, curve: [...l.curve, m] } : l)),
      );
      const result = await bridge.run((w) => w.train(info.key, probeConfig, 'l2', onEpoch));
      if (result.divergence) onError(`${label}: ${result.divergence}. Lower the learning rate.`);
      const id = nextId.current++;
      record({ label: `run ${id} (${label})`, private: isPrivate, ledger: result.ledger });
      return toRunRecord(result, {
        id,
        label,
        kind,
        dataset,
        encoder:
          encoderName ??
          (kind === 'random-dp' ? 'random' : config.encoder === 'session' ? 'this session' : config.encoder),
        embeddingsKey: info.key,
        probeConfig,
      });
    },
    [bridge, config, delta, record, dataset, onError],
  );

  /** The chosen encoder's embeddings of the private data (status "embedding", then "running"); null if stopped. */
  const embedChosen = useCallback(async () => {
    setStatus('embedding');
    const info = await ensurePrepared(encoderSource(config.encoder, session, shapeOf(source)));
    if (stopRef.current) return null;
    setStatus('running');
    return info;
  }, [config.encoder, session, source, ensurePrepared]);

  const start = useCallback(async () => {
    stopRef.current = false;
    try {
      const info = await embedChosen();
      if (!info) return;
      const run = await trainOne(info, 'dp', dpLabel(config));
      setRuns((r) => [...r, run]);
      if (stopRef.current) return;
      // Baselines on the same embeddings and settings: no privacy (only when asked for), and DP on a random encoder.
      setStatus('baselines');
      if (withNonPrivate) {
        const nonPrivate = await trainOne(info, 'non-private', `Non-private probe (${NON_PRIVATE_NOTE})`);
        setRuns((r) => [...r, nonPrivate]);
      }
      if (stopRef.current || config.encoder === 'random') return;
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
    } catch (e) {
      if ((e as Error).name !== 'AbortError') onError(`Private training failed: ${(e as Error).message}.`);
    } finally {
      setStatus('idle');
      setProgress(null);
      setLive(null);
    }
  }, [config, source, ensurePrepared, embedChosen, trainOne, onError, withNonPrivate, setRuns]);

  /**
   * The same DP probe (the current settings) on every compared encoder in turn — raw pixels, a random network,
   * SimCLR v1 and the default — so that the accuracy-versus-ε plot shows what features do to DP in one view.
   * Only the built-in data fits all of them; on uploads, the encoders that fit any image run.
   */
  const compareEncoders = useCallback(
    async (choices: readonly LabConfig['encoder'][]) => {
      stopRef.current = false;
      try {
        for (const choice of choices) {
          if (stopRef.current) return;
          setStatus('embedding');
          const info = await ensurePrepared(encoderSource(choice, session, shapeOf(source)));
          if (stopRef.current) return;
          setStatus('running');
          const run = await trainOne(
            info,
            'dp',
            `${dpLabel(config)}, ${ENCODER_SHORT[choice]}`,
            info.train,
            choice,
          );
          setRuns((r) => [...r, run]);
        }
      } catch (e) {
        if ((e as Error).name !== 'AbortError')
          onError(`Comparing encoders failed: ${(e as Error).message}.`);
      } finally {
        setStatus('idle');
        setProgress(null);
        setLive(null);
      }
    },
    [config, source, session, ensurePrepared, trainOne, onError, setRuns],
  );

  const [sweeps, setSweeps] = useState<SweepRecord[]>([]);
  const sweep = useCallback(async () => {
    stopRef.current = false;
    const values = parseEpsilons(config.sweepEpsilons);
    if (values.length === 0) {
      onError('The sweep needs at least one target ε greater than 0.');
      return;
    }
    try {
      const info = await embedChosen();
      if (!info) return;
      const base = probeConfigOf(config, delta, info.train);
      // No seed: every run draws fresh crypto randomness. A seed: repeat r uses seed + r, and each point its
      // own streams of it (the library derives them from (seed, point)), so no two runs share noise.
      const repeats = Math.max(1, config.sweepSeeds);
      const seeds = Array.from({ length: repeats }, (_, i) =>
        config.seed === null ? null : config.seed + i,
      );
      const sweepRecord: SweepRecord = { encoder: config.encoder, points: [] };
      const sweepNumber = sweeps.length + 1;
      setSweeps((s) => [...s, sweepRecord]);
      const now = performance.now();
      setProgress({
        label: 'Sweep over target ε',
        done: 0,
        total: values.length,
        startedAt: now,
        updatedAt: now,
      });
      const onPoint = Comlink.proxy((p: SweepPoint) => {
        sweepRecord.points = [...sweepRecord.points, p];
        setSweeps((s) => [...s]);
        setProgress((pr) =>
          pr ? { ...pr, done: sweepRecord.points.length, updatedAt: performance.now() } : pr,
        );
      });
      let runNumber = 0;
      const onRun = Comlink.proxy((r: { value: number; ledger: LedgerRun['ledger'] }) =>
        record({
          label: `sweep ${sweepNumber} run ${++runNumber} (target ε = ${r.value})`,
          private: true,
          ledger: r.ledger,
        }),
      );
      await bridge.run((w) =>
        w.sweep(info.key, base, { kind: 'target-epsilon', values, seeds }, 'l2', onPoint, onRun),
      );
    } catch (e) {
      if ((e as Error).name !== 'AbortError') onError(`The sweep failed: ${(e as Error).message}.`);
    } finally {
      setStatus('idle');
      setProgress(null);
    }
  }, [config, delta, embedChosen, bridge, onError, record, sweeps.length]);

  const { pause, resume } = useJobCommands(bridge, setStatus);
  const stop = useCallback(() => {
    stopRef.current = true;
    embedding.current?.abort();
    void bridge.run((w) => w.stop());
  }, [bridge]);
  const clearRuns = useCallback(() => setRuns([]), [setRuns]);
  /** The run's probe as TensorFlow.js model files (built in the worker, where tfjs lives). */
  const exportProbe = useCallback(
    (r: RunRecord) => {
      const k = r.bias.length;
      const dim = r.weights.length / k;
      const meta = {
        run: r.id,
        label: r.label,
        encoder: r.encoder,
        epsilon: r.epsilon,
        delta: r.delta,
        accountant: r.private ? ACCOUNTANT_METHOD[r.accountant] : 'none: trained without privacy',
        noiseMultiplier: r.noiseMultiplier,
        sampleRate: r.sampleRate,
        clipNorm: r.clipNorm,
        steps: r.steps,
        testAccuracy: r.testAccuracy,
        noise:
          r.seedSource === 'user'
            ? 'from a user-chosen seed: no guarantee against anyone who knows it'
            : 'from the cryptographic generator (crypto.getRandomValues)',
        covers:
          'the probe weights below, trained on the private training split; the encoder and the test split are treated as public',
      };
      return bridge.run((w) =>
        w.exportProbe(r.weights, r.bias, dim, k, jsonSafeCopy(meta) as Record<string, unknown>),
      );
    },
    [bridge],
  );
  const toggleRun = useCallback(
    (id: number) => setRuns((r) => r.map((x) => (x.id === id ? { ...x, visible: !x.visible } : x))),
    [setRuns],
  );

  /** ε spent so far in the live run, by the run's own accountant in the worker (∞ for a non-private run). */
  const liveEpsilon =
    live && live.sigma === 0 ? Infinity : (live?.curve[live.curve.length - 1]?.epsilon ?? 0);

  /** What every run on the current private dataset spent together, at the current δ. */
  const spent = useMemo(() => datasetSpent(ledgers[dataset] ?? [], delta), [ledgers, dataset, delta]);

  return {
    bridge,
    status,
    progress,
    spent,
    withNonPrivate,
    setWithNonPrivate,
    prepared,
    live,
    liveEpsilon,
    runs,
    clearRuns,
    exportProbe,
    cacheUsage,
    forgetCache,
    lastPrepared,
    sweeps,
    start,
    compareEncoders,
    sweep,
    pause,
    resume,
    stop,
    toggleRun,
  };
}
