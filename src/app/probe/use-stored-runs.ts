/**
 * Runs and the privacy ledgers, kept in IndexedDB: restored once on start, saved on every change; with the
 * bookkeeping around them (run ids, the current dataset's ledger and what it spent, show/hide, clear).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type LedgerRun, datasetSpent } from '../../lib/dp/dataset-ledger';
import { loadLedgers, storeLedgers } from './ledger-store';
import type { RunRecord } from './run-record';
import { loadRuns, storeRuns } from './run-store';
import { usePersistentState } from './use-persistent-state';

const NO_RUNS: RunRecord[] = [];
const NO_LEDGERS: Record<string, LedgerRun[]> = {};
const mergeRuns = (saved: RunRecord[], current: RunRecord[]) => [...saved, ...current];
function mergeLedgers(saved: Record<string, LedgerRun[]>, current: Record<string, LedgerRun[]>) {
  const out = { ...saved };
  for (const [k, v] of Object.entries(current)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}

export function useStoredRuns(
  onError: (m: string) => void,
  /** The current private dataset's ledger key, and the δ its spending is shown at. */
  dataset: string,
  delta: number,
) {
  // Runs survive a reload: kept in IndexedDB, restored once on start.
  const [runs, setRuns] = usePersistentState({
    initial: NO_RUNS,
    load: loadRuns,
    save: storeRuns,
    merge: mergeRuns,
    what: 'runs',
    onError,
  });
  // The privacy ledger of every private dataset: every run that touched it, kept when runs are cleared.
  const [ledgers, setLedgers] = usePersistentState({
    initial: NO_LEDGERS,
    load: loadLedgers,
    save: storeLedgers,
    merge: mergeLedgers,
    what: 'privacy ledger',
    onError,
  });
  /** A run (or a stopped one: its steps count) in the current dataset's ledger. */
  const record = useCallback(
    (run: LedgerRun) => setLedgers((l) => ({ ...l, [dataset]: [...(l[dataset] ?? []), run] })),
    [dataset, setLedgers],
  );
  // The charges of runs in progress on this page (their `pending` ids): not yet shown as spent; once the page is
  // gone, a charge still pending in IndexedDB belongs to an interrupted run and counts in full.
  const [active, setActive] = useState<ReadonlySet<string>>(() => new Set());
  const nextCharge = useRef(0);
  /**
   * Charge a run before it starts, in full as planned, stored at once, so that reloading the page mid-run cannot
   * give its privacy back. `settle` replaces the charge with what the run reported it ran (null: nothing),
   * `update` replaces the plan (a sweep's runs still to come), `abandon` leaves the planned charge standing (the
   * run failed, and what it ran is not known).
   */
  const begin = useCallback(
    (run: LedgerRun) => {
      const id = `${Date.now()}-${nextCharge.current++}`;
      const key = dataset; // the dataset the run trains on, even if the user switches while it runs
      const replace = (next: LedgerRun[]) =>
        setLedgers((l) => ({
          ...l,
          [key]: (l[key] ?? []).flatMap((r) => (r.pending === id ? next : [r])),
        }));
      const finish = () =>
        setActive((s) => {
          const n = new Set(s);
          n.delete(id);
          return n;
        });
      setActive((s) => new Set(s).add(id));
      setLedgers((l) => ({ ...l, [key]: [...(l[key] ?? []), { ...run, pending: id }] }));
      return {
        update: (planned: LedgerRun) => replace([{ ...planned, pending: id }]),
        settle: (actual: LedgerRun | null) => {
          replace(actual ? [actual] : []);
          finish();
        },
        abandon: finish,
      };
    },
    [dataset, setLedgers],
  );
  const nextId = useRef(1);
  useEffect(() => {
    nextId.current = Math.max(nextId.current, ...runs.map((r) => r.id + 1));
  }, [runs]);
  const newRunId = useCallback(() => nextId.current++, []);
  const clearRuns = useCallback(() => setRuns([]), [setRuns]);
  const toggleRun = useCallback(
    (id: number) => setRuns((r) => r.map((x) => (x.id === id ? { ...x, visible: !x.visible } : x))),
    [setRuns],
  );
  /** What every run on the current private dataset spent together, at the current δ. */
  const spent = useMemo(
    () =>
      datasetSpent(
        (ledgers[dataset] ?? []).filter((r) => r.pending === undefined || !active.has(r.pending)),
        delta,
      ),
    [ledgers, dataset, delta, active],
  );
  return { runs, setRuns, record, begin, newRunId, clearRuns, toggleRun, spent };
}
