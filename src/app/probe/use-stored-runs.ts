/**
 * The runs kept in IndexedDB (one record each, read again when another tab changes them) and the bookkeeping
 * around them (run ids no tab shares, show/hide, clear), beside the privacy ledger (`useLedger`).
 */
import { useCallback, useEffect, useRef } from 'react';
import type { RunRecord } from './run-record';
import {
  loadRuns,
  nextRunId,
  onRunsChanged,
  runRecordKey,
  storageErrorMessage,
  writeRuns,
} from './run-store';
import { type PersistentList, usePersistentList } from './use-persistent-state';
import { useLedger } from './use-ledger';
import { RunNotStarted } from './ledger-cap';

const RUN_LIST: PersistentList<RunRecord> = {
  load: loadRuns,
  keyOf: runRecordKey,
  write: writeRuns,
  subscribe: onRunsChanged,
};

export function useStoredRuns(
  onError: (m: string) => void,
  /** The current private dataset's ledger key, and the δ its spending is shown at. */
  dataset: string,
  delta: number,
) {
  // Runs survive a reload: kept in IndexedDB one record each; another tab's runs appear here too.
  const [runs, setRuns] = usePersistentList(RUN_LIST, 'runs', onError);
  const { begin, spent, setCap, capRefusal } = useLedger(onError, dataset, delta);
  const nextId = useRef(1);
  useEffect(() => {
    nextId.current = Math.max(nextId.current, ...runs.map((r) => r.id + 1));
  }, [runs]);
  /**
   * An id no tab has used (the stored counter). If the storage cannot be reached it rejects, and the run must
   * not start: it could not be stored anyway, nor charged (`begin` needs the same storage).
   */
  const newRunId = useCallback(async () => {
    let id: number;
    try {
      id = await nextRunId(nextId.current);
    } catch (e) {
      throw new RunNotStarted(
        `its run number could not be reserved in this browser's storage (${storageErrorMessage(e)})`,
      );
    }
    nextId.current = Math.max(nextId.current, id + 1);
    return id;
  }, []);
  const clearRuns = useCallback(() => setRuns([]), [setRuns]);
  const toggleRun = useCallback(
    (id: number) => setRuns((r) => r.map((x) => (x.id === id ? { ...x, visible: !x.visible } : x))),
    [setRuns],
  );
  return { runs, setRuns, begin, newRunId, clearRuns, toggleRun, spent, setCap, capRefusal };
}
