/**
 * The cap on a dataset's ε (a privacy filter, src/lib/privacy/filter.ts) against the stored ledger: the two
 * jobs that must see every tab's charges, each one step under the ledger lock (`withLedgerLock`). Written over
 * a `LedgerIO` (IndexedDB in the lab, memory in the tests), so that what the lock protects is testable.
 */
import { type LedgerRun, capCheck } from '../../lib/dp/dataset-ledger';
import { privacyCap } from '../../lib/privacy/filter';
import { capRefusalText } from '../privacy/cap-note';
import {
  type Caps,
  type Ledgers,
  type StoredCap,
  loadCaps,
  loadLedgers,
  putCap,
  putCharge,
  withLedgerLock,
} from './ledger-store';
import { storageErrorMessage } from './run-store';
import { lowerFirst } from '../shell/format';

export interface LedgerIO {
  loadCaps(): Promise<Caps>;
  /** `onProblem` is called when some stored charges cannot be read (the rest are returned). */
  loadLedgers(onProblem: () => void): Promise<Ledgers>;
  putCharge(id: string, dataset: string, run: LedgerRun, at: number): Promise<void>;
  putCap(dataset: string, cap: StoredCap | null): Promise<void>;
}

/** The lab's ledger in IndexedDB. */
export const STORED_LEDGER: LedgerIO = {
  loadCaps: () => loadCaps(),
  loadLedgers: (onProblem) => loadLedgers(onProblem),
  putCharge,
  putCap,
};

type Lock = <T>(job: () => Promise<T>) => Promise<T>;

/** A run refused before it was charged (the cap, or storage): `reason` says why, in lower case. */
export class RunNotStarted extends Error {
  constructor(readonly reason: string) {
    super(`the run was not started: ${reason}`);
  }
}

/**
 * Checks a run against its dataset's stored cap, if any, and the stored ledger (every tab's charges, each stored
 * before its run starts), and charges it (stores `run`, its planned charge) if it fits: one job under the lock,
 * so no other start is checked between this check and this charge. Throws "the run was not started: …" with
 * the refusal, or when the cap, the ledger or the charge cannot be read or stored.
 */
export async function chargeUnderCap(
  io: LedgerIO,
  charge: { dataset: string; id: string; run: LedgerRun; at: number },
  lock: Lock = withLedgerLock,
): Promise<void> {
  const { dataset, id, run, at } = charge;
  try {
    await lock(async () => {
      const cap = (await io.loadCaps())[dataset] ?? null;
      if (cap) {
        let unread: string | null = null;
        const saved = await io.loadLedgers(() => {
          unread = 'some stored privacy charges could not be read';
        });
        const refusal = capRefusalText(cap, { reading: false, unread }, (c) =>
          capCheck(saved[dataset] ?? [], [run], c),
        );
        if (refusal) throw new RunNotStarted(lowerFirst(refusal));
      }
      try {
        await io.putCharge(id, dataset, run, at);
      } catch (e) {
        throw new RunNotStarted(
          `its privacy charge could not be saved in this browser (${storageErrorMessage(e)})`,
        );
      }
    });
  } catch (e) {
    if (e instanceof RunNotStarted) throw e;
    throw new RunNotStarted(`the stored privacy ledger could not be checked (${storageErrorMessage(e)})`);
  }
}

/**
 * Sets a dataset's cap at δ (null: removes it) and returns what was stored. How many charges the dataset already
 * has is counted in the stored ledger, under the lock (so a run another tab is charging is either counted or
 * checked against this cap); -1 when not all of them can be read: then the cap is no guarantee.
 */
export async function storeCap(
  io: LedgerIO,
  dataset: string,
  epsilon: number | null,
  delta: number,
  lock: Lock = withLedgerLock,
): Promise<StoredCap | null> {
  return lock(async () => {
    if (epsilon === null) {
      await io.putCap(dataset, null);
      return null;
    }
    let complete = true;
    const saved = await io.loadLedgers(() => {
      complete = false;
    });
    const cap: StoredCap = {
      ...privacyCap(epsilon, delta),
      at: Date.now(),
      chargesBefore: complete ? (saved[dataset] ?? []).length : -1,
    };
    await io.putCap(dataset, cap);
    return cap;
  });
}
