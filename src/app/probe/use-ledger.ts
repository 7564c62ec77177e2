/**
 * The privacy ledger of every private dataset, kept in IndexedDB one record per charge (each written before the
 * run it charges starts, and read again when another tab charges or settles a run): `begin` charges a run in
 * full as planned, and `spent` is what every run on the current dataset spent together.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type LedgerRun, capCheck, datasetSpent } from '../../lib/dp/dataset-ledger';
import { privacyCap } from '../../lib/privacy/filter';
import { capRefusalText } from '../privacy/cap-note';
import {
  type Charge,
  type Ledgers,
  loadLedgers,
  newChargeId,
  onLedgersChanged,
  putCharge,
} from './ledger-store';
import { storageErrorMessage } from './run-store';

/**
 * The stored charges, then those made on this page before they were read: each charge once; a charge made on
 * this page (`own`) in this page's version (one settled here before the read landed is not brought back at its
 * planned size), any other in its stored version (another tab settles its own runs).
 */
export function mergeLedgers(saved: Ledgers, current: Ledgers, own: ReadonlySet<string>): Ledgers {
  const out = { ...saved };
  for (const [k, v] of Object.entries(current)) {
    const mine = v.filter((c) => own.has(c.id));
    const ids = new Set(mine.map((c) => c.id));
    const stored = new Set((out[k] ?? []).map((c) => c.id));
    out[k] = [
      ...(out[k] ?? []).filter((c) => !ids.has(c.id)),
      // another tab's charge this page read before is kept until the store shows it again (it is never deleted)
      ...v.filter((c) => !own.has(c.id) && !stored.has(c.id)),
      ...mine,
    ];
  }
  return out;
}

export function useLedger(
  onError: (m: string) => void,
  /** The current private dataset's ledger key, and the δ its spending is shown at. */
  dataset: string,
  delta: number,
  /** The cap on the dataset's total ε (`LabConfig.privacyCap`), or null: starts past it are refused. */
  capEpsilon: number | null = null,
) {
  // The privacy ledger of every private dataset: every run that touched it, kept when runs are cleared. Each
  // charge is its own record in IndexedDB, written as it is made (never the whole ledger over another tab's).
  const [ledgers, setLedgers] = useState<Ledgers>({});
  // why the ledger in memory may lack stored charges (not read yet, or not readable), or null: what it spent
  // is then a lower bound, and the footer says so
  const [unread, setUnread] = useState<string | null>(null);
  // true until the stored ledger was first read (or failed to be): the footer then shows no number at all
  const [reading, setReading] = useState(true);
  // the charges made on this page: their version here is the newest
  const own = useRef(new Set<string>());
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  useEffect(() => {
    let live = true;
    const read = () => {
      let problem: string | null = null;
      return loadLedgers((m) => {
        problem = 'some stored privacy charges could not be read';
        onErrorRef.current(m);
      }).then(
        (saved) => {
          if (!live) return;
          setLedgers((current) => mergeLedgers(saved, current, own.current));
          setUnread(problem);
          setReading(false);
        },
        (e: unknown) => {
          if (live) {
            setUnread('the stored privacy ledger could not be read');
            setReading(false);
          }
          onErrorRef.current(`The saved privacy ledger could not be read: ${storageErrorMessage(e)}.`);
        },
      );
    };
    void read();
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
  // the cap as a privacy filter at the current δ (src/lib/privacy/filter.ts), or null: no cap
  const cap = useMemo(() => {
    if (capEpsilon === null) return null;
    try {
      return privacyCap(capEpsilon, delta);
    } catch {
      return null; // not a cap (the URL codec lets only positive numbers through; δ < 1 always)
    }
  }, [capEpsilon, delta]);
  // Why charges could not start on top of `list` under the cap; null with no cap. A ledger not read yet, or
  // read only in part, cannot be checked: then nothing starts under a cap.
  const refusalOf = useCallback(
    (list: readonly LedgerRun[], extra: readonly LedgerRun[]) =>
      cap ? capRefusalText(cap, { reading, unread }, () => capCheck(list, extra, cap)) : null,
    [cap, reading, unread],
  );
  // The ledgers as of the last charge made on this page: a charge is in here at once, while the state shows it
  // only from the next render (the cap checks a start against every charge before it, even one just made).
  const latest = useRef(ledgers);
  useEffect(() => {
    latest.current = ledgers;
  }, [ledgers]);
  /** Sets one charge of a dataset's ledger in memory (a new one is appended), or removes it (null). */
  const setCharge = useCallback((key: string, id: string, run: LedgerRun | null) => {
    latest.current = withCharge(latest.current, key, id, run);
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
   * (the run failed, and what it ran is not known).
   */
  const begin = useCallback(
    async (run: LedgerRun) => {
      // the privacy filter: a start past the cap is never charged, nor run
      const refusal = refusalOf(latest.current[dataset] ?? [], [run]);
      if (refusal) throw new Error(`the run was not started: ${lowerFirst(refusal)}`);
      const id = newChargeId();
      own.current.add(id);
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
    [dataset, setCharge, write, refusalOf],
  );
  /** Why the charges `extra` could not start now under the cap (null: they can, or there is no cap). */
  const capRefusal = useCallback(
    (extra: readonly LedgerRun[]) => refusalOf(ledgers[dataset] ?? [], extra),
    [refusalOf, ledgers, dataset],
  );
  /** What every run on the current private dataset spent together, at the current δ. */
  const spent = useMemo(() => {
    const list = ledgers[dataset] ?? [];
    const capped = cap && { epsilon: cap.epsilon, order: cap.order, used: capCheck(list, [], cap).before };
    return { ...datasetSpent(list, delta, active), unread, reading, cap: capped };
  }, [ledgers, dataset, delta, active, unread, reading, cap]);
  return { begin, spent, cap, capRefusal };
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

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
