/**
 * A privacy filter: a cap on the ε that all runs on one private dataset may spend together, checked before each
 * run is charged, so that a run which would take the total past the cap never starts.
 *
 * Why a filter, and why at one order. The runs on a dataset are chosen one after another by someone who has
 * seen the earlier results (their σ, epochs, batch): their privacy parameters are chosen adaptively. Plain
 * composition, which adds the runs' RDP and then takes the best order (the footer's "privacy spent"), assumes
 * the parameters were fixed in advance. For adaptively chosen parameters, Rényi DP of one fixed order α
 * composes as a filter: stop before the summed RDP at α would exceed a budget fixed in advance, and the whole
 * interaction is (α, budget)-RDP (Feldman & Zrnic 2021, "Individual Privacy Accounting via a Rényi Filter";
 * Haney et al. 2023 for interleaved, concurrent runs). Converted to (ε, δ) at that one α, the cap holds.
 * Tracking several orders and stopping when all are spent is not covered by that theorem, so the filter uses
 * one order, chosen from the cap and δ only, when the cap is set: the order at which a composition of Gaussian
 * mechanisms (RDP ρ·α, the shape DP-SGD's RDP has at moderate α) spending exactly the cap would be converted
 * best. The price: the filter may refuse a start whose composed ε, at its own best order, is still under the
 * cap; it never lets one through whose total is over it. "Fixed in advance" means the order, budget and δ are
 * stored with the dataset when the cap is set (the lab's δ slider does not move them), and the promise holds
 * only for a cap set before the dataset's first run and never changed.
 *
 * Written by us, as the rest of the accountant: a few lines over the RDP accountant already here.
 */
import { epsilonAtOrder } from './conversion.ts';
import { DEFAULT_RDP_ORDERS } from './orders.ts';

export interface PrivacyCap {
  /** The cap on the dataset's total ε, at `delta`. */
  epsilon: number;
  delta: number;
  /** The one Rényi order α the filter sums at (from `epsilon` and `delta` only). */
  order: number;
  /** The RDP budget at that order: its total RDP may not exceed this (ε at α of the budget = the cap). */
  rdpBudget: number;
}

/** ε(r, α) − r for the improved conversion (conversion.ts), wherever ε(r, α) > 0. */
function conversionTerm(order: number, delta: number): number {
  return Math.log1p(-1 / order) - Math.log(delta * order) / (order - 1);
}

/** min over the orders of ε(ρ·α, α), and the order reaching it. */
function bestOrderOfGaussian(rho: number, delta: number, orders: readonly number[]) {
  let best = Infinity;
  let order = NaN;
  for (const a of orders) {
    const e = epsilonAtOrder(rho * a, a, delta, 'improved');
    if (e < best) {
      best = e;
      order = a;
    }
  }
  return { epsilon: best, order };
}

/**
 * The cap ε at δ as a filter: its order α and RDP budget. Throws for a cap that is not a positive number or a
 * δ outside (0, 1). A cap too small for δ (the conversion alone costs more than ε at every order) has a budget
 * ≤ 0: it refuses every DP step (`capCheck`), it is not turned off.
 */
export function privacyCap(
  epsilon: number,
  delta: number,
  orders: readonly number[] = DEFAULT_RDP_ORDERS,
): PrivacyCap {
  if (!(epsilon > 0) || !Number.isFinite(epsilon))
    throw new Error(`a cap must be a positive number, got ${epsilon}`);
  if (!(delta > 0 && delta < 1)) throw new Error(`delta must be in (0, 1), got ${delta}`);
  // ρ such that the Gaussian composition's best ε is the cap (increasing in ρ): bisection on log ρ
  let lo = -40;
  let hi = Math.log(epsilon) + 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (bestOrderOfGaussian(Math.exp(mid), delta, orders).epsilon > epsilon) hi = mid;
    else lo = mid;
  }
  const best = bestOrderOfGaussian(Math.exp(lo), delta, orders);
  // no ρ > 0 reaches ε ≤ cap (a tiny cap, a tiny δ): the order where the conversion costs least, and no budget
  const order = Number.isNaN(best.order)
    ? orders.reduce((a, b) => (conversionTerm(b, delta) < conversionTerm(a, delta) ? b : a))
    : best.order;
  return capAtOrder(epsilon, delta, order);
}

/** The cap ε at δ summed at a given order (a stored cap's): its RDP budget there (≤ 0: no budget). */
export function capAtOrder(epsilon: number, delta: number, order: number): PrivacyCap {
  // the RDP at which ε(·, α) reaches the cap: ε at one order is the RDP plus a constant (where it is > 0)
  return { epsilon, delta, order, rdpBudget: epsilon - conversionTerm(order, delta) };
}

/** ε at the cap's order of a total RDP at that order (what the filter compares with the cap). */
export function epsilonAtCapOrder(cap: PrivacyCap, rdpAtOrder: number): number {
  return Math.max(0, epsilonAtOrder(rdpAtOrder, cap.order, cap.delta, 'improved'));
}
