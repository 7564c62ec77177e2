/**
 * The privacy ledger of every private dataset, kept in IndexedDB (idb-keyval) apart from the runs: clearing
 * the run list does not give privacy back. One record per charge, under its own id: a write never replaces
 * another charge, so two tabs, or a tab whose read of the store failed, cannot erase each other's charges (the
 * ledger used to be one value saved whole, and the last tab to save won).
 */
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
import { loadRecords, migrateLegacy, onOtherTabChange, recordStore, writeRecords } from './record-store';

const LEDGERS = recordStore('epsilon-lab-ledgers', 'ledgers', 'charge:');
/** The ledger as one value per dataset, as stored before one record per charge. */
const LEGACY_KEY = 'ledgers';

/** A run in a dataset's ledger, with the id of its record. */
export type Charge = LedgerRun & { id: string };
export type Ledgers = Record<string, Charge[]>;

interface StoredCharge {
  dataset: string;
  run: LedgerRun;
  /** When it was first charged (ms since the epoch): the ledger's order. */
  at: number;
}

/** A new record id, unique across tabs. */
export function newChargeId(): string {
  const random =
    typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `${LEDGERS.prefix}${random}`;
}

function isStoredCharge(v: unknown): v is StoredCharge {
  const c = v as Partial<StoredCharge> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.dataset === 'string' &&
    typeof c.at === 'number' &&
    typeof c.run === 'object' &&
    c.run !== null &&
    typeof c.run.private === 'boolean' &&
    Array.isArray(c.run.ledger?.ledger)
  );
}

/**
 * Every dataset's charges in the order they were made. A ledger stored the old way is moved over first, in one
 * transaction (its records written and the old value deleted together, or neither). Records that cannot be read
 * are reported through `onProblem` (they cannot be counted).
 */
export async function loadLedgers(onProblem?: (message: string) => void): Promise<Ledgers> {
  await migrateLegacy(LEDGERS, LEGACY_KEY, (legacy) => {
    const at = Date.now();
    let i = 0;
    const records: [string, StoredCharge][] = [];
    for (const [dataset, runs] of Object.entries(legacy as Record<string, LedgerRun[]>))
      for (const run of runs) records.push([newChargeId(), { dataset, run, at: at + i++ }]);
    return { records };
  });
  const all = await loadRecords(LEDGERS);
  const charges = all.filter((e): e is [string, StoredCharge] => isStoredCharge(e[1]));
  if (charges.length < all.length)
    onProblem?.(
      `${all.length - charges.length} stored privacy charge(s) could not be read and are not counted in "Privacy spent on this data".`,
    );
  charges.sort((a, b) => a[1].at - b[1].at);
  const out: Ledgers = {};
  for (const [id, c] of charges) (out[c.dataset] ??= []).push({ ...c.run, id });
  return out;
}

/** Writes one charge (a new one, or a new version of it: a settled or re-planned run), and tells the other tabs. */
export async function putCharge(id: string, dataset: string, run: LedgerRun, at: number): Promise<void> {
  await writeRecords(LEDGERS, [[id, { dataset, run, at } satisfies StoredCharge]]);
}

/** Calls `onChange` when another tab charged or settled a run; returns the unsubscribe. */
export const onLedgersChanged = (onChange: () => void) => onOtherTabChange(LEDGERS, onChange);
