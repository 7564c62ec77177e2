/**
 * The privacy ledger of every private dataset, kept in IndexedDB (idb-keyval) apart from the runs: clearing
 * the run list does not give privacy back. One record per charge, under its own id: a write never replaces
 * another charge, so two tabs, or a tab whose read of the store failed, cannot erase each other's charges (the
 * ledger used to be one value saved whole, and the last tab to save won).
 */
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
import { isLedgerEntry } from '../../lib/privacy/accountant';
import { type PrivacyCap, capAtOrder } from '../../lib/privacy/filter';
import { DEFAULT_RDP_ORDERS } from '../../lib/privacy/orders';
import * as records from './record-store';

const LEDGERS = records.recordStore('epsilon-lab-ledgers', 'ledgers', 'charge:');
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
    Array.isArray(c.run.ledger?.ledger) &&
    c.run.ledger.ledger.every(isLedgerEntry)
  );
}

/**
 * Every dataset's charges in the order they were made. A ledger stored the old way is moved over first, in one
 * transaction (its records written and the old value deleted together, or neither). Records that cannot be read
 * are reported through `onProblem` (they cannot be counted).
 */
export async function loadLedgers(onProblem?: (message: string) => void): Promise<Ledgers> {
  await records.migrateLegacy(LEDGERS, LEGACY_KEY, (legacy) => {
    const at = Date.now();
    let i = 0;
    const moved: [string, StoredCharge][] = [];
    const left: Record<string, unknown> = {};
    if (typeof legacy !== 'object' || legacy === null || Array.isArray(legacy))
      return { records: moved, rest: legacy }; // not a ledger: kept, and reported
    for (const [dataset, runs] of Object.entries(legacy)) {
      const list: unknown[] = Array.isArray(runs) ? runs : [runs];
      const bad = list.filter((run) => !isStoredCharge({ dataset, run, at }));
      for (const run of list)
        if (!bad.includes(run)) moved.push([newChargeId(), { dataset, run: run as LedgerRun, at: at + i++ }]);
      if (bad.length) left[dataset] = bad;
    }
    return { records: moved, rest: Object.keys(left).length ? left : undefined };
  });
  const rest = await records.legacyRest(LEDGERS, LEGACY_KEY);
  const all = await records.loadRecords(LEDGERS);
  const charges = all.filter((e): e is [string, StoredCharge] => isStoredCharge(e[1]));
  const unread = all.length - charges.length + (rest === undefined ? 0 : 1);
  if (unread > 0)
    onProblem?.(
      `${unread} stored privacy record(s) could not be read and are not counted in "Privacy spent on this data".`,
    );
  charges.sort((a, b) => a[1].at - b[1].at);
  const out: Ledgers = {};
  for (const [id, c] of charges) (out[c.dataset] ??= []).push({ ...c.run, id });
  return out;
}

/** Writes one charge (a new one, or a new version of it: a settled or re-planned run), and tells the other tabs. */
export async function putCharge(id: string, dataset: string, run: LedgerRun, at: number): Promise<void> {
  await records.writeRecords(LEDGERS, [[id, { dataset, run, at } satisfies StoredCharge]]);
}

/** Deletes one charge: only for a run that never started (stopped after it was charged, before it trained). */
export async function deleteCharge(id: string): Promise<void> {
  await records.writeRecords(LEDGERS, [], [id]);
}

/** Calls `onChange` when another tab charged or settled a run; returns the unsubscribe. */
export const onLedgersChanged = (onChange: () => void) => records.onOtherTabChange(LEDGERS, onChange);

/**
 * A dataset's cap on its total ε (a privacy filter, src/lib/privacy/filter.ts), stored beside its charges under
 * `cap:<dataset>`: its order, budget and δ are fixed when it is set, whatever δ the lab shows later.
 */
export interface StoredCap extends PrivacyCap {
  /** When it was set (ms since the epoch). */
  at: number;
  /** How many charges the dataset had when this cap was set: 0 means set before its first run. */
  chargesBefore: number;
}

/** Every dataset's cap, or 'unreadable' for a dataset whose stored cap cannot be read (nothing starts there). */
export type Caps = Record<string, StoredCap | 'unreadable'>;

const CAPS: records.RecordStore = { ...LEDGERS, prefix: 'cap:' };

/**
 * A stored cap as this lab can use it: its order one of the accountant's, δ in (0, 1), ε > 0, its budget
 * recomputed from those (never trusted from the record); null when the record is not such a cap.
 */
export function capOfRecord(v: unknown): StoredCap | null {
  const c = v as Partial<StoredCap> | null;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (typeof c !== 'object' || c === null) return null;
  const { epsilon, delta, order, at, chargesBefore } = c;
  if (!num(epsilon) || !(epsilon > 0) || !num(delta) || !(delta > 0 && delta < 1)) return null;
  if (!num(order) || !DEFAULT_RDP_ORDERS.includes(order) || !num(at) || !num(chargesBefore)) return null;
  return { ...capAtOrder(epsilon, delta, order), at, chargesBefore };
}

/** Every dataset's stored cap (a record that cannot be read makes its dataset 'unreadable', and is reported). */
export async function loadCaps(onProblem?: (message: string) => void): Promise<Caps> {
  const out: Caps = {};
  for (const [key, value] of await records.loadRecords(CAPS)) {
    const dataset = key.slice(CAPS.prefix.length);
    const cap = capOfRecord(value);
    out[dataset] = cap ?? 'unreadable';
    if (!cap)
      onProblem?.(
        `The privacy cap stored for ${dataset} could not be read: no run starts on it until it is removed.`,
      );
  }
  return out;
}

/** Sets a dataset's cap, or removes it (null), and tells the other tabs. */
export async function putCap(dataset: string, cap: StoredCap | null): Promise<void> {
  const key = `${CAPS.prefix}${dataset}`;
  await records.writeRecords(CAPS, cap ? [[key, cap]] : [], cap ? [] : [key]);
}

/** How long a start waits for another tab's check-and-charge before it gives up (it is milliseconds). */
const LOCK_WAIT_MS = 20_000;
/** Where the Web Locks API is missing: this page's jobs still run one at a time. */
let pageChain: Promise<unknown> = Promise.resolve();

/** Whether the ledger lock holds across tabs (the Web Locks API), not only within this page. */
export function ledgerLockAcrossTabs(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.locks;
}

/**
 * Runs `job` while no other tab (or this page) runs a job under the same lock: a start is checked against the
 * stored ledger and charged in one step, so two tabs cannot both fit under a cap that holds only one of them.
 * Waiting longer than 20 s for the lock (another tab stuck mid-job) rejects. Without the Web Locks API the
 * lock covers this page only.
 */
export function withLedgerLock<T>(job: () => Promise<T>): Promise<T> {
  if (ledgerLockAcrossTabs())
    return navigator.locks.request(
      'epsilon-lab-ledger',
      { signal: AbortSignal.timeout(LOCK_WAIT_MS) },
      job,
    ) as Promise<T>;
  const next = pageChain.then(job, job);
  pageChain = next.catch(() => undefined);
  return next;
}
