/** Runs and the privacy ledgers, kept in IndexedDB: restored once on start, saved on every change. */
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
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

export function useStoredRuns(onError: (m: string) => void) {
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
  return { runs, setRuns, ledgers, setLedgers };
}
