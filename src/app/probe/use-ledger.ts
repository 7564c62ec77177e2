/**
 * The privacy ledger of every private dataset, kept in IndexedDB one record per charge (each written before the
 * run it charges starts, and read again when another tab charges or settles a run): `begin` charges a run in
 * full as planned, and `spent` is what every run on the current dataset spent together.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DatasetSpent, type LedgerRun, capCheck, datasetSpent } from '../../lib/dp/dataset-ledger';
import { capRefusalText } from '../privacy/cap-note';
import { STORED_LEDGER, chargeUnderCap, storeCap } from './ledger-cap';
import {
  type Caps,
  type Charge,
  type Ledgers,
  type StoredCap,
  deleteCharge,
  ledgerLockAcrossTabs,
  loadCaps,
  loadLedgers,
  newChargeId,
  onLedgersChanged,
  putCharge,
} from './ledger-store';
import { storageErrorMessage } from './run-store';

/**
 * The stored charges, then those made on this page before they were read: each charge once; a charge made on
 * this page (`own`) in this page's version (one settled here before the read landed is not brought back at its
 * planned size), any other as stored (another tab settles its own runs, and withdraws a charge whose run it
 * stopped before it trained: gone from the store, it goes here too). `saved` must be the newest read.
 */
export function mergeLedgers(
  saved: Ledgers,
  current: Ledgers,
  own: ReadonlySet<string>,
  /** Charges this page withdrew (a run stopped before it trained): a read begun before the delete has them. */
  withdrawn: ReadonlySet<string> = new Set(),
): Ledgers {
  const out: Ledgers = {};
  for (const [k, v] of Object.entries(saved)) out[k] = v.filter((c) => !withdrawn.has(c.id));
  for (const [k, v] of Object.entries(current)) {
    const mine = v.filter((c) => own.has(c.id));
    const ids = new Set(mine.map((c) => c.id));
    out[k] = [...(out[k] ?? []).filter((c) => !ids.has(c.id)), ...mine];
  }
  return out;
}

export function useLedger(
  onError: (m: string) => void,
  /** The current private dataset's ledger key, and the δ its spending is shown at. */
  dataset: string,
  delta: number,
) {
  // The privacy ledger of every private dataset: every run that touched it, kept when runs are cleared. Each
  // charge is its own record in IndexedDB, written as it is made (never the whole ledger over another tab's).
  const [ledgers, setLedgers] = useState<Ledgers>({});
  // why the ledger in memory may lack stored charges (not read yet, or not readable), or null: what it spent
  // is then a lower bound, and the footer says so
  const [unread, setUnread] = useState<string | null>(null);
  // true until the stored ledger was first read (or failed to be): the footer then shows no number at all
  const [reading, setReading] = useState(true);
  // every dataset's cap on its total ε (a privacy filter), as stored; null until read (or when it cannot be)
  // ('saving': set or removed on this page, not yet stored: no run starts on the data meanwhile)
  const [caps, setCaps] = useState<Record<string, Caps[string] | 'saving'> | null>(null);
  // reads the store again (after a cap could not be saved: what is stored is what counts)
  const reread = useRef<() => void>(() => undefined);
  // the charges made on this page: their version here is the newest
  const own = useRef(new Set<string>());
  // charges this page withdrew (their runs were stopped before they trained): never brought back by a read
  const withdrawn = useRef(new Set<string>());
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  // reads are numbered: one that lands after a newer one was applied is dropped (it may lack a charge the newer
  // one has, and another tab's charge missing from the newest read applied was withdrawn there)
  const reads = useRef(0);
  const applied = useRef(0);
  useEffect(() => {
    let live = true;
    const read = () => {
      const seq = ++reads.current;
      let problem: string | null = null;
      return Promise.all([
        loadLedgers((m) => {
          problem = 'some stored privacy charges could not be read';
          onErrorRef.current(m);
        }),
        loadCaps((m) => onErrorRef.current(m)),
      ]).then(
        ([saved, savedCaps]) => {
          if (!live || seq < applied.current) return;
          applied.current = seq;
          setLedgers((current) => mergeLedgers(saved, current, own.current, withdrawn.current));
          setCaps(savedCaps);
          setUnread(problem);
          setReading(false);
        },
        (e: unknown) => {
          // (a read older than one applied already says nothing about the ledger now)
          if (live && seq > applied.current) {
            setUnread('the stored privacy ledger could not be read');
            setReading(false);
          }
          onErrorRef.current(`The saved privacy ledger could not be read: ${storageErrorMessage(e)}.`);
        },
      );
    };
    void read();
    reread.current = () => void read();
    // another tab charged or settled a run on some dataset: read the ledger again, so what this tab says was
    // spent includes it without a reload; and when the page comes back (from the back/forward cache, or a
    // hidden tab whose messages may have been missed)
    const unsubscribe = onLedgersChanged(() => void read());
    const onShow = () => {
      if (document.visibilityState === 'visible') void read();
    };
    window.addEventListener('pageshow', onShow);
    document.addEventListener('visibilitychange', onShow);
    return () => {
      live = false;
      unsubscribe();
      window.removeEventListener('pageshow', onShow);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, []);
  /** Sets one charge of a dataset's ledger in memory (a new one is appended), or removes it (null). */
  const setCharge = useCallback((key: string, id: string, run: LedgerRun | null) => {
    setLedgers((l) => withCharge(l, key, id, run));
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
   * (the run failed, and what it ran is not known), `withdraw` deletes it (the run was stopped before it
   * started: nothing ran).
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
      // Checked and charged under one lock across tabs (`chargeUnderCap`): against the stored cap, if any, and
      // the stored ledger (every tab's charges, each stored before its run starts); a start past the cap is
      // never charged, nor run.
      own.current.add(id);
      setActive((s) => new Set(s).add(id));
      setCharge(key, id, pending(run));
      try {
        await chargeUnderCap(STORED_LEDGER, { dataset: key, id, run: pending(run), at });
      } catch (e) {
        setCharge(key, id, null);
        finish();
        throw e;
      }
      return {
        settle: (actual: LedgerRun) => {
          // a run never runs more steps than it was charged (and checked) for; if one ever reported more, its
          // actual charge is stored all the same, and said
          const steps = (r: LedgerRun) => r.ledger.ledger.reduce((n, e) => n + e.steps, 0);
          if (steps(actual) > steps(run))
            onErrorRef.current(
              `${actual.label} reported ${steps(actual)} DP steps, more than the ${steps(run)} it was charged (and checked against any cap) for: its ε is counted as it ran.`,
            );
          // one write over the same record: the planned charge stands until the actual one replaces it
          setCharge(key, id, actual);
          write(putCharge(id, key, actual, at));
          finish();
        },
        abandon: finish,
        withdraw: () => {
          // nothing ran: the charge goes (if the store cannot delete it, it stands, which over-counts only)
          withdrawn.current.add(id);
          setCharge(key, id, null);
          write(deleteCharge(id));
          finish();
        },
      };
    },
    [dataset, setCharge, write],
  );
  // this data's cap: 'reading' until the store is read, 'unreadable' when it could not be (no run starts then)
  const stored = caps === null ? (reading ? 'reading' : 'unreadable') : (caps[dataset] ?? null);
  const cap = stored === 'saving' ? 'reading' : stored;
  /**
   * Why the charges `extra` could not start now under this data's cap (null: they can, or there is no cap),
   * from the ledger in memory: what step 3 says beside Start (`begin` checks again, against the store).
   */
  const capRefusal = useCallback(
    (extra: readonly LedgerRun[]) =>
      cap
        ? capRefusalText(cap, { reading, unread }, (c) => capCheck(ledgers[dataset] ?? [], extra, c))
        : null,
    [cap, reading, unread, ledgers, dataset],
  );
  /**
   * Sets this data's cap on its total ε at the current δ (null: removes it), in the store first (`storeCap`,
   * which counts the charges the data already has: then the cap is a limit on further runs, not a guarantee),
   * then on screen.
   */
  const setCap = useCallback(
    (epsilon: number | null) => {
      const key = dataset;
      const show = (value: Caps[string] | 'saving' | null) =>
        setCaps((c) => {
          const n = { ...c };
          if (value) n[key] = value;
          else delete n[key];
          return n;
        });
      // at once on screen (a ticked box stays ticked), stored under the lock, then shown as stored
      show(epsilon === null ? null : 'saving');
      storeCap(STORED_LEDGER, key, epsilon, delta).then(show, (e: unknown) => {
        onErrorRef.current(
          `The cap on this data could not be saved in this browser, so it is not changed: ${storageErrorMessage(e)}.`,
        );
        show(null);
        reread.current();
      });
    },
    [dataset, delta],
  );
  /** What every run on the current private dataset spent together, at the current δ. */
  const spent = useMemo(() => {
    const list = ledgers[dataset] ?? [];
    return { ...datasetSpent(list, delta, active), unread, reading, cap: capShown(cap, list, delta) };
  }, [ledgers, dataset, delta, active, unread, reading, cap]);
  return { begin, spent, setCap, capRefusal };
}

/** The ledgers with one charge set (a new one appended), or removed (null). */
function withCharge(l: Ledgers, key: string, id: string, run: LedgerRun | null): Ledgers {
  const list = l[key] ?? [];
  const next: Charge[] = list.some((c) => c.id === id)
    ? list.flatMap((c) => (c.id !== id ? [c] : run ? [{ ...run, id }] : []))
    : run
      ? [...list, { ...run, id }]
      : list;
  return { ...l, [key]: next };
}

/**
 * This data's cap as step 5 and the footer show it: the share of its Rényi budget used, and why it is only a
 * limit on further runs, not a guarantee on the total (null: it is a guarantee).
 */
function capShown(
  cap: StoredCap | 'unreadable' | 'reading' | null,
  list: readonly LedgerRun[],
  delta: number,
): Exclude<DatasetSpent['cap'], undefined> {
  if (cap === null || typeof cap === 'string') return cap;
  // the data's ε at the cap's δ when the lab shows another δ (the footer's ε and the cap's are then apart)
  const atCapDelta = cap.delta === delta ? null : datasetSpent(list, cap.delta).epsilon;
  const used = capCheck(list, [], cap).usedBefore;
  const n = cap.chargesBefore;
  const limit =
    n < 0
      ? 'set when not every stored charge on this data could be read'
      : n > 0
        ? `set (or last changed) after ${n} run${n === 1 ? ' was' : 's were'} charged on this data`
        : used > 1
          ? 'the data has spent more than the cap (a run reported more than it was charged for)'
          : !ledgerLockAcrossTabs()
            ? 'this page cannot lock the ledger across tabs (no Web Locks API: it needs https or localhost)'
            : null;
  return { epsilon: cap.epsilon, delta: cap.delta, order: cap.order, used, limit, atCapDelta };
}
