/**
 * One privacy budget per private dataset. ε of a run covers that run only; every run that touches the same
 * private training set spends from the same budget, and the budgets compose: by RDP composition (Mironov
 * 2017, Prop. 1) the RDP curves of the DP runs add order by order, so the dataset's ε is the ε of all their
 * ledgers recorded in one accountant. A run trained without privacy, whose model is kept, has no guarantee
 * at all: from then on the dataset's ε is ∞, with the reason.
 *
 * A run is charged before it starts, in full as planned (its `pending` mark set), and the charge is replaced by
 * the steps it did run when it reports them. A run whose page was reloaded or closed mid-run never reports: its
 * planned charge stands, an upper bound on what it ran (it released per-epoch results up to that point).
 *
 * Neighbouring relation: add-or-remove one example, as for every run. Runs on a subset of the dataset
 * (the first n images) spend from the dataset's budget too: an example in the subset is protected by the
 * composition of every run that saw it, which this total bounds from above.
 */
import { RdpAccountant } from '../privacy/accountant.ts';
import { type PrivacyCap, epsilonAtCapOrder } from '../privacy/filter.ts';
import type { AnyAccountantJson } from '../privacy/privacy-accountant.ts';

export interface LedgerRun {
  /** What the run is called on screen ("run 3", "sweep 1: ε = 2, repeat 1"). */
  label: string;
  private: boolean;
  /**
   * The steps it ran (q, σ, steps), as the worker reported them; empty for a non-private run. Whichever
   * accountant the run was tagged with, the dataset's total composes the steps by RDP.
   */
  ledger: AnyAccountantJson;
  /**
   * Set (to an id) while the run has not reported what it ran: the ledger is then the run's plan, in full. One
   * still marked after its page is gone was interrupted, and its planned charge stands.
   */
  pending?: string;
  /**
   * Charged by an accuracy-versus-ε sweep: its result is a point of the sweep's series, not a row of the runs
   * table (charges stored before this flag are known by their label, "sweep 2 run 1 (…)").
   */
  sweep?: boolean;
}

export interface DatasetSpent {
  /** ∞ once a non-private run was kept; 0 before any DP step. */
  epsilon: number;
  delta: number;
  dpRuns: number;
  /** Of the DP runs, those a sweep made (not in the runs table: points of the sweep's series). */
  sweepRuns: number;
  steps: number;
  /** Why ε is ∞, or null. */
  reason: string | null;
  /**
   * With ε = ∞ (a non-private run kept): what the DP runs alone compose to, at δ, by RDP (0 with none). Not the
   * data's privacy, which is gone; what the DP runs would have cost by themselves.
   */
  dpEpsilon?: number;
  /**
   * Runs charged as planned, in full, because they have not reported what they ran: interrupted, or running
   * on another page (another tab).
   */
  interrupted: number;
  /** Runs in progress, charged as planned, in full, until they report. */
  inProgress: number;
  /** Why the ledger read may lack stored charges (then ε is a lower bound), or null; set by the page. */
  unread?: string | null;
  /** True while the page has not yet read the stored ledger (then no ε is shown); set by the page. */
  reading?: boolean;
  /**
   * This data's cap on its total ε as a filter (`capCheck`), as stored with the data: its ε and δ, its one
   * Rényi order, the fraction of its Rényi budget used (∞ after a non-private run), and why it is only a limit
   * on further runs and no guarantee on the total (null: set before the data's first run, never changed, not
   * overspent: a guarantee); 'reading' until the store is read; 'unreadable' when it cannot be; null or absent
   * with no cap. Set by the page.
   */
  cap?:
    | {
        epsilon: number;
        delta: number;
        order: number;
        used: number;
        limit: string | null;
        /** The data's ε (best order) at the cap's δ, when the page shows another δ; else null. */
        atCapDelta: number | null;
      }
    | 'reading'
    | 'unreadable'
    | null;
}

/** All DP runs' ledgers recorded in one RDP accountant (same orders as each run's own). */
export function composeLedgers(runs: readonly LedgerRun[]): RdpAccountant {
  const accountant = new RdpAccountant();
  for (const run of runs) {
    if (!run.private) continue;
    for (const e of RdpAccountant.fromJSON({ accountant: 'rdp', ledger: run.ledger.ledger }).ledger)
      accountant.record(e.q, e.sigma, e.steps);
  }
  return accountant;
}

/**
 * The privacy spent on one dataset by all of its runs, at δ: runs still pending count in full, as planned;
 * those whose `pending` id is in `running` are in progress on this page, the others were interrupted.
 */
export function datasetSpent(
  runs: readonly LedgerRun[],
  delta: number,
  running: ReadonlySet<string> = new Set(),
): DatasetSpent {
  const nonPrivate = runs.find((r) => !r.private);
  const accountant = composeLedgers(runs);
  // a charge that ran no step (a run or sweep stopped before its first) revealed nothing: no DP run composed
  const charged = runs.filter((r) => r.private && r.ledger.ledger.some((e) => e.steps > 0));
  const dpRuns = charged.length;
  // old records: "sweep 2 run 1 (…)", or "sweep 2: 3 runs not yet reported" (one charge for a sweep's rest)
  const sweepRuns = charged.filter((r) => r.sweep ?? /^sweep \d+( run \d+|:)/.test(r.label)).length;
  const steps = accountant.totalSteps;
  const pending = runs.filter((r) => r.pending !== undefined);
  const inProgress = pending.filter((r) => running.has(r.pending!)).length;
  const interrupted = pending.length - inProgress;
  const composed = () => (steps === 0 ? 0 : accountant.getEpsilon(delta).epsilon);
  if (nonPrivate)
    return {
      epsilon: Infinity,
      dpEpsilon: composed(),
      delta,
      dpRuns,
      sweepRuns,
      steps,
      // its results were shown (and its model could be exported): hiding or clearing the run gives nothing back
      reason: `${nonPrivate.label} was trained on this data without privacy`,
      interrupted,
      inProgress,
    };
  return {
    epsilon: composed(),
    delta,
    dpRuns,
    sweepRuns,
    steps,
    reason: null,
    interrupted,
    inProgress,
  };
}

export interface CapCheck {
  /** Whether the charges `extra` may start: the dataset's total at the cap's order stays within the cap. */
  allowed: boolean;
  /** ε at the cap's order before and after `extra` (∞ with a non-private run). */
  before: number;
  after: number;
  /** The fraction of the cap's Rényi budget used before and after `extra` (∞ with a non-private run). */
  usedBefore: number;
  usedAfter: number;
  /** The run that makes ε ∞ (already charged, or in `extra`), or null. */
  nonPrivate: { label: string; charged: boolean } | null;
}

/**
 * The privacy filter over a dataset's ledger (src/lib/privacy/filter.ts): may the charges `extra` start on top
 * of `runs`? Their RDP is summed at the cap's one order, never re-optimised over orders.
 */
export function capCheck(runs: readonly LedgerRun[], extra: readonly LedgerRun[], cap: PrivacyCap): CapCheck {
  const rdpAt = (list: readonly LedgerRun[]) => {
    const accountant = composeLedgers(list);
    const k = accountant.orders.indexOf(cap.order);
    if (k < 0) throw new Error(`the cap's order ${cap.order} is not one of the accountant's orders`);
    return accountant.rdp()[k]!;
  };
  const used = (r: number) => (r === 0 ? 0 : cap.rdpBudget > 0 ? r / cap.rdpBudget : Infinity);
  const charged = runs.find((r) => !r.private);
  const added = extra.find((r) => !r.private);
  const rBefore = charged ? Infinity : rdpAt(runs);
  // RDP at one order adds: the ledger is composed once, the extra charges on their own
  const rAfter = charged || added ? Infinity : rBefore + rdpAt(extra);
  const after = epsilonAtCapOrder(cap, rAfter);
  return {
    // ε at one order is non-decreasing in the RDP: the same as RDP ≤ the budget (or within the (0, δ) edge)
    allowed: after <= cap.epsilon,
    before: epsilonAtCapOrder(cap, rBefore),
    after,
    usedBefore: used(rBefore),
    usedAfter: used(rAfter),
    nonPrivate: charged
      ? { label: charged.label, charged: true }
      : added
        ? { label: added.label, charged: false }
        : null,
  };
}
