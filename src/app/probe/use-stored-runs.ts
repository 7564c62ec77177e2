/**
 * The runs kept in IndexedDB (one record each, read again when another tab changes them) and the bookkeeping
 * around them (run ids no tab shares, show/hide, clear), beside the privacy ledger (`useLedger`).
 */
import { useCallback, useEffect, useRef } from 'react';
import type { RunRecord } from './run-record';
import { loadRuns, nextRunId, onRunsChanged, runRecordKey, writeRuns } from './run-store';
import { type PersistentList, usePersistentList } from './use-persistent-state';
import { useLedger } from './use-ledger';

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
  const { begin, spent } = useLedger(onError, dataset, delta);
  const nextId = useRef(1);
  useEffect(() => {
    nextId.current = Math.max(nextId.current, ...runs.map((r) => r.id + 1));
  }, [runs]);
  /** An id no tab has used (the stored counter); this page's own counter if the storage cannot be reached. */
  const newRunId = useCallback(async () => {
    const mine = nextId.current++;
    const id = await nextRunId(mine).catch(() => mine);
    nextId.current = Math.max(nextId.current, id + 1);
    return id;
  }, []);
  const clearRuns = useCallback(() => setRuns([]), [setRuns]);
  const toggleRun = useCallback(
    (id: number) => setRuns((r) => r.map((x) => (x.id === id ? { ...x, visible: !x.visible } : x))),
    [setRuns],
  );
  return { runs, setRuns, begin, newRunId, clearRuns, toggleRun, spent };
}
