/**
 * The privacy ledger of every private dataset, kept in IndexedDB (idb-keyval) apart from the runs: clearing
 * the run list does not give privacy back. One record per charge, under its own id: a write never replaces
 * another charge, so two tabs, or a tab whose read of the store failed, cannot erase each other's charges (the
 * ledger used to be one value saved whole, and the last tab to save won).
 */
import { createStore, del, entries, get, set } from 'idb-keyval';
import type { LedgerRun } from '../../lib/dp/dataset-ledger';

const store = () => createStore('epsilon-lab-ledgers', 'ledgers');

/** The ledger as one value per dataset, as stored before one record per charge. */
const LEGACY_KEY = 'ledgers';
const PREFIX = 'charge:';

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
  return `${PREFIX}${random}`;
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

/** Every dataset's charges in the order they were made (a ledger stored the old way is moved over first). */
export async function loadLedgers(): Promise<Ledgers> {
  const s = store();
  const legacy = await get<Record<string, LedgerRun[]>>(LEGACY_KEY, s);
  if (legacy) {
    const at = Date.now();
    for (const [dataset, runs] of Object.entries(legacy))
      for (const [i, run] of runs.entries()) await set(newChargeId(), { dataset, run, at: at + i }, s);
    await del(LEGACY_KEY, s);
  }
  const charges = (await entries<IDBValidKey, unknown>(s)).filter(
    (e): e is [string, StoredCharge] =>
      typeof e[0] === 'string' && e[0].startsWith(PREFIX) && isStoredCharge(e[1]),
  );
  charges.sort((a, b) => a[1].at - b[1].at);
  const out: Ledgers = {};
  for (const [id, c] of charges) (out[c.dataset] ??= []).push({ ...c.run, id });
  return out;
}

/** Writes one charge (a new one, or a new version of it: a settled or re-planned run). */
export async function putCharge(id: string, dataset: string, run: LedgerRun, at: number): Promise<void> {
  await set(id, { dataset, run, at } satisfies StoredCharge, store());
}

/** Removes one charge (a sweep's planned runs that never started). */
export async function deleteCharge(id: string): Promise<void> {
  await del(id, store());
}
