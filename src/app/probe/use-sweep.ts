/**
 * The accuracy-versus-ε sweep: the current settings at every target ε of the list, over several seeds, as one
 * job of the private-training hook (its embeddings, progress bar, ledger and stop).
 */
import * as Comlink from 'comlink';
import { type Dispatch, type SetStateAction, useCallback } from 'react';
import type { ProbeBridge } from '../../bridge/probe';
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
import { plannedLedger } from '../../lib/dp/plan';
import type { LedgerEntry } from '../../lib/privacy/accountant';
import type { useStoredRuns } from './use-stored-runs';
import { type SweepRecord, loadSweeps, storeSweeps } from './sweep-store';
import { usePersistentState } from './use-persistent-state';
import type { SweepPoint } from '../../lib/dp/sweep';
import type { LabConfig } from '../../state/lab-config';
import type { JobProgress } from '../shell/progress';
import type { useWorkerJob } from '../shell/use-worker-job';
import { parseEpsilons, probeConfigOf, sweepSeeds } from './probe-config';
import type { PreparedEmbeddings } from '../../../workers/shared/contracts';

export type { SweepRecord } from './sweep-store';

const NO_SWEEPS: SweepRecord[] = [];
const mergeSweeps = (saved: SweepRecord[], current: SweepRecord[]) => [...saved, ...current];

export function useSweep(options: {
  bridge: ProbeBridge;
  config: LabConfig;
  delta: number;
  onError: (m: string) => void;
  /** The private dataset's ledger key (kept with the sweep). */
  dataset: string;
  /** The dataset's ledger: every run of the sweep is recorded, stopped ones too. */
  record: (run: LedgerRun) => void;
  /** The runs still to come are charged as planned (`useStoredRuns`' begin), so a reload cannot undo them. */
  begin: ReturnType<typeof useStoredRuns>['begin'];
  setProgress: Dispatch<SetStateAction<JobProgress | null>>;
  runJob: ReturnType<typeof useWorkerJob>['run'];
  /** The configured encoder's embeddings (a new job: a stop before it is forgotten), or null if stopped. */
  embedChosen: () => Promise<PreparedEmbeddings | null>;
}) {
  const { bridge, config, dataset, delta, onError, record, begin, setProgress, runJob, embedChosen } =
    options;
  // kept across reloads: the runs behind a sweep stay charged, so its result stays on the plot
  const [sweeps, setSweeps] = usePersistentState({
    initial: NO_SWEEPS,
    load: loadSweeps,
    save: storeSweeps,
    merge: mergeSweeps,
    what: 'sweeps',
    onError,
  });
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
      const sweepRecord: SweepRecord = {
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
        sweepRecord.points = [...sweepRecord.points, p];
        setSweeps((s) => [...s]); // a new list: the record changed in place, and the list is saved again
        setProgress((pr) =>
          pr ? { ...pr, done: sweepRecord.points.length, updatedAt: performance.now() } : pr,
        );
      });
      // every run charged in full before the sweep starts; each is replaced by what it ran as it reports
      const planned: { value: number; entry: LedgerEntry }[] = [];
      for (const value of values) {
        const plan = await bridge.run((w) =>
          w.plan({ ...base, privacy: { kind: 'target-epsilon', targetEpsilon: value } }, info.train),
        );
        for (const entry of plannedLedger(plan, true).ledger)
          for (const _ of seeds) planned.push({ value, entry });
      }
      const plannedRun = (): LedgerRun => ({
        label: `sweep ${sweepNumber}: ${planned.length} run${planned.length === 1 ? '' : 's'} not yet reported`,
        private: true,
        ledger: { accountant: 'rdp', ledger: planned.map((p) => p.entry) },
      });
      const charge = await begin(plannedRun());
      let runNumber = 0;
      // the run in flight: the worker says so before its first step and reports it when it ends (it awaits
      // both messages, so they arrive in order and before the sweep's own result)
      let inFlight: number | null = null;
      const onRunStart = Comlink.proxy((value: number) => {
        inFlight = value;
      });
      const onRun = Comlink.proxy((r: { value: number; ledger: LedgerRun['ledger'] }) => {
        record({
          label: `sweep ${sweepNumber} run ${++runNumber} (target ε = ${r.value})`,
          private: true,
          ledger: r.ledger,
        });
        inFlight = null;
        const i = planned.findIndex((p) => p.value === r.value);
        if (i >= 0) planned.splice(i, 1);
        charge.update(plannedRun());
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
      } finally {
        // runs that never started cost nothing; one that started and never reported (the worker failed or was
        // ended mid-run) stays charged in full, as planned
        const unreported = inFlight === null ? -1 : planned.findIndex((p) => p.value === inFlight);
        if (unreported < 0) charge.settle(null);
        else {
          planned.splice(0, planned.length, planned[unreported]!);
          charge.update(plannedRun());
          charge.abandon();
        }
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
    record,
    begin,
    sweeps.length,
    runJob,
    setProgress,
    setSweeps,
  ]);
  const clearSweeps = useCallback(() => setSweeps([]), [setSweeps]);
  return { sweeps, sweep, clearSweeps };
}
