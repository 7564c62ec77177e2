/**
 * Runs and the privacy ledgers, kept in IndexedDB: restored once on start, saved on every change (the ledger
 * charge by charge, each written before the run it charges starts); with the bookkeeping around them (run ids,
 * the current dataset's ledger and what it spent, show/hide, clear).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type LedgerRun, datasetSpent } from '../../lib/dp/dataset-ledger';
import { type Charge, type Ledgers, loadLedgers, newChargeId, putCharge } from './ledger-store';
import type { RunRecord } from './run-record';
import { loadRuns, storeRuns, storageErrorMessage } from './run-store';
import { usePersistentState } from './use-persistent-state';

const NO_RUNS: RunRecord[] = [];
const mergeRuns = (saved: RunRecord[], current: RunRecord[]) => [...saved, ...current];
/**
 * The stored charges, then those made on this page before they were read: each charge once, in this page's
 * version (a charge settled here before the read landed is not brought back at its planned size).
 */
function mergeLedgers(saved: Ledgers, current: Ledgers): Ledgers {
  const out = { ...saved };
  for (const [k, v] of Object.entries(current)) {
    const mine = new Set(v.map((c) => c.id));
    out[k] = [...(out[k] ?? []).filter((c) => !mine.has(c.id)), ...v];
  }
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
  // The privacy ledger of every private dataset: every run that touched it, kept when runs are cleared. Each
  // charge is its own record in IndexedDB, written as it is made (never the whole ledger over another tab's).
  const [ledgers, setLedgers] = useState<Ledgers>({});
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  useEffect(() => {
    loadLedgers((m) => onErrorRef.current(m)).then(
      (saved) => setLedgers((current) => mergeLedgers(saved, current)),
      (e: unknown) =>
        onErrorRef.current(`The saved privacy ledger could not be read: ${storageErrorMessage(e)}.`),
    );
  }, []);
  /** Sets one charge of a dataset's ledger in memory (a new one is appended), or removes it (null). */
  const setCharge = useCallback((key: string, id: string, run: LedgerRun | null) => {
    setLedgers((l) => {
      const list = l[key] ?? [];
      const next: Charge[] = list.some((c) => c.id === id)
        ? list.flatMap((c) => (c.id !== id ? [c] : run ? [{ ...run, id }] : []))
        : run
          ? [...list, { ...run, id }]
          : list;
      return { ...l, [key]: next };
    });
  }, []);
  /** Writes a charge through to IndexedDB; a failure is said (the charge stays on this page). */
  const write = useCallback((job: Promise<void>) => {
    job.catch((e: unknown) =>
      onErrorRef.current(`The privacy ledger could not be saved in this browser: ${storageErrorMessage(e)}.`),
    );
  }, []);
  // The charges of runs in progress on this page (their `pending` ids): counted in full, as planned, like the
  // charges of runs that were interrupted (a page closed mid-run), but said to be in progress.
  const [active, setActive] = useState<ReadonlySet<string>>(() => new Set());
  /**
   * Charge a run before it starts, in full as planned: resolves once the charge is stored in IndexedDB, so a
   * reload or a closed tab mid-run cannot give its privacy back (if it cannot be stored, it rejects and the run
   * must not start). `settle` replaces the charge with what the run reported it ran,
   * `update` replaces the plan (a sweep's runs still to come), `abandon` leaves the planned charge standing
   * (the run failed, and what it ran is not known).
   */
  const begin = useCallback(
    async (run: LedgerRun) => {
      const id = newChargeId();
      const key = dataset; // the dataset the run trains on, even if the user switches while it runs
      const at = Date.now();
      const finish = () =>
        setActive((s) => {
          const n = new Set(s);
          n.delete(id);
          return n;
        });
      const pending = (r: LedgerRun): LedgerRun => ({ ...r, pending: id });
      setActive((s) => new Set(s).add(id));
      setCharge(key, id, pending(run));
      try {
        await putCharge(id, key, pending(run), at);
      } catch (e) {
        setCharge(key, id, null);
        finish();
        throw new Error(
          `the run was not started: its privacy charge could not be saved in this browser (${storageErrorMessage(e)})`,
        );
      }
      return {
        update: (planned: LedgerRun) => {
          setCharge(key, id, pending(planned));
          write(putCharge(id, key, pending(planned), at));
        },
        settle: (actual: LedgerRun) => {
          // one write over the same record: the planned charge stands until the actual one replaces it
          setCharge(key, id, actual);
          write(putCharge(id, key, actual, at));
          finish();
        },
        abandon: finish,
      };
    },
    [dataset, setCharge, write],
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
    () => datasetSpent(ledgers[dataset] ?? [], delta, active),
    [ledgers, dataset, delta, active],
  );
  return { runs, setRuns, begin, newRunId, clearRuns, toggleRun, spent };
}
