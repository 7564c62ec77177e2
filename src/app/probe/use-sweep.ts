/**
 * The accuracy-versus-ε sweep: the current settings at every target ε of the list, over several seeds, as one
 * job of the private-training hook (its embeddings, progress bar, ledger and stop).
 */
import { RunNotStarted } from './ledger-cap';
import { lowerFirst } from '../shell/format';
import * as Comlink from 'comlink';
import { type Dispatch, type SetStateAction, useCallback } from 'react';
import type { ProbeBridge } from '../../bridge/probe';
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
import { plannedLedger } from '../../lib/dp/plan';
import type { LedgerEntry } from '../../lib/privacy/accountant';
import type { useLedger } from './use-ledger';
import {
  type SweepRecord,
  loadSweeps,
  newSweepId,
  onSweepsChanged,
  sweepKey,
  writeSweeps,
} from './sweep-store';
import { type PersistentList, usePersistentList } from './use-persistent-state';
import type { SweepPoint } from '../../lib/dp/sweep';
import type { LabConfig } from '../../state/lab-config';
import type { JobProgress } from '../shell/progress';
import type { useWorkerJob } from '../shell/use-worker-job';
import { parseEpsilons, probeConfigOf, sweepSeeds } from './probe-config';
import type { PreparedEmbeddings } from '../../../workers/shared/contracts';

export type { SweepRecord } from './sweep-store';

const SWEEP_LIST: PersistentList<SweepRecord> = {
  load: loadSweeps,
  keyOf: sweepKey,
  write: writeSweeps,
  subscribe: onSweepsChanged,
};

export function useSweep(options: {
  bridge: ProbeBridge;
  config: LabConfig;
  delta: number;
  onError: (m: string) => void;
  /** The private dataset's ledger key (kept with the sweep). */
  dataset: string;
  /** The runs still to come are charged as planned (`useLedger`'s begin), so a reload cannot undo them. */
  begin: ReturnType<typeof useLedger>['begin'];
  setProgress: Dispatch<SetStateAction<JobProgress | null>>;
  runJob: ReturnType<typeof useWorkerJob>['run'];
  /** The configured encoder's embeddings (a new job: a stop before it is forgotten), or null if stopped. */
  embedChosen: () => Promise<PreparedEmbeddings | null>;
}) {
  const { bridge, config, dataset, delta, onError, begin, setProgress, runJob, embedChosen } = options;
  // kept across reloads: the runs behind a sweep stay charged, so its result stays on the plot
  // kept one record per sweep: another tab's sweeps appear here, and neither erases the other's
  const [sweeps, setSweeps] = usePersistentList(SWEEP_LIST, 'sweeps', onError);
  const sweep = useCallback(async () => {
    const values = parseEpsilons(config.sweepEpsilons);
    if (values.length === 0) {
      onError('The sweep needs at least one target ε greater than 0.');
      return;
    }
    await runJob(async () => {
      const info = await embedChosen();
      if (!info) return;
      const base = probeConfigOf(config, delta, info.train);
      const seeds = sweepSeeds(config);
      let sweepRecord: SweepRecord = {
        id: newSweepId(),
        startedAt: Date.now(),
        encoder: config.encoder,
        dataset,
        delta: base.delta ?? delta,
        accountant: base.accountant ?? 'rdp',
        points: [],
      };
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
        const next = { ...sweepRecord, points: [...sweepRecord.points, p] };
        sweepRecord = next;
        // a new record: the changed sweep is written again
        setSweeps((s) =>
          s.some((x) => x.id === next.id) ? s.map((x) => (x.id === next.id ? next : x)) : [...s, next],
        );
        setProgress((pr) =>
          pr ? { ...pr, done: sweepRecord.points.length, updatedAt: performance.now() } : pr,
        );
      });
      // each run is charged in full, as planned, in its own record before its first step (the worker awaits
      // the charge), and that record is replaced by what the run reports when it ends
      const plans = new Map<number, LedgerEntry[]>();
      for (const value of values) {
        const plan = await bridge.run((w) =>
          w.plan({ ...base, privacy: { kind: 'target-epsilon', targetEpsilon: value } }, info.train),
        );
        plans.set(value, plannedLedger(plan, true).ledger);
      }
      // a run the sweep did not plan is never charged as nothing (its start is refused)
      const plannedFor = (value: number) => {
        const plan = plans.get(value);
        if (!plan) throw new Error(`the sweep has no plan for target ε = ${value}`);
        return plan;
      };
      let runNumber = 0;
      // the run in flight: charged at its start, settled when it reports
      const inFlight: { run: { label: string; charge: Awaited<ReturnType<typeof begin>> } | null } = {
        run: null,
      };
      // why the sweep's next run was not started (a cap on the data, or storage), if it stopped there
      let notStarted: string | null = null;
      const onRunStart = Comlink.proxy(async (value: number) => {
        const label = `sweep ${sweepNumber} run ${++runNumber} (target ε = ${value})`;
        // a charge refused by the cap, or one that cannot be stored, rejects here, and the worker's sweep stops
        // before the run's first step
        try {
          const charge = await begin({
            label,
            private: true,
            sweep: true,
            ledger: { accountant: 'rdp', ledger: plannedFor(value) },
          });
          inFlight.run = { label, charge };
        } catch (e) {
          notStarted = e instanceof RunNotStarted ? e.reason : (e as Error).message;
          throw e;
        }
      });
      const onRun = Comlink.proxy((r: { value: number; ledger: LedgerRun['ledger'] }) => {
        inFlight.run?.charge.settle({
          label: inFlight.run.label,
          private: true,
          sweep: true,
          ledger: r.ledger,
        });
        inFlight.run = null;
      });
      try {
        await bridge.run((w) =>
          w.sweep(
            info.key,
            base,
            { kind: 'target-epsilon', values, seeds },
            'l2',
            onPoint,
            onRun,
            onRunStart,
          ),
        );
      } catch (e) {
        // stopped before a run that could not start: said as what it is, with the runs done (kept, charged)
        if (notStarted === null) throw e;
        const total = values.length * seeds.length;
        onError(
          `Sweep ${sweepNumber} stopped after ${runNumber - 1} of ${total} runs: its next run was not started, ` +
            `since ${lowerFirst(notStarted).replace(/\.$/, '')}. The runs done are kept, and charged.`,
        );
      } finally {
        // a run that started and never reported (the worker failed or was ended mid-run) stays charged in
        // full, as planned; runs that never started cost nothing
        inFlight.run?.charge.abandon();
      }
    }, 'The sweep');
    setProgress(null);
  }, [
    config,
    dataset,
    delta,
    embedChosen,
    bridge,
    onError,
    begin,
    sweeps.length,
    runJob,
    setProgress,
    setSweeps,
  ]);
  const clearSweeps = useCallback(() => setSweeps([]), [setSweeps]);
  return { sweeps, sweep, clearSweeps };
}
