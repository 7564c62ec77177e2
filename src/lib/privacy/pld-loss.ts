/**
 * One step of the PLD accountant: the privacy loss of the (Poisson-subsampled) Gaussian mechanism in one
 * direction, its hockey-stick divergence δ(ε) in closed form, and the pessimistic connect-the-dots PMF on the
 * loss grid (dp_accounting's `privacy_loss_mechanism.py` and `pld_pmf.py`).
 */
import { normalCdf } from './normal-cdf';

/** dp_accounting's `log_mass_truncation_bound`: μ's tails beyond the truncation points hold e^−50. */
const LOG_MASS_TRUNCATION_BOUND = -50;

/** Φ⁻¹(p) for tiny p by bisection on log Φ (used once, for the truncation point). */
function normalQuantileLow(p: number): number {
  let lo = -40;
  let hi = 0;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** z with Φ(z) = ½·e^−50: μ's tails beyond ±|z|σ hold ½e^−50 each (dp_accounting's truncation). */
const Z_TRUNCATION = normalQuantileLow(0.5 * Math.exp(LOG_MASS_TRUNCATION_BOUND));

/** log(a·e^b + c) for a > 0 (dp_accounting's `log_a_times_exp_b_plus_c`), without overflow. */
function logATimesExpBPlusC(a: number, b: number, c: number): number {
  if (c === 0) return Math.log(a) + b;
  if (c > 0) {
    const x = Math.log(a) + b;
    const y = Math.log(c);
    const hi = Math.max(x, y);
    return hi + Math.log1p(Math.exp(Math.min(x, y) - hi));
  }
  // c < 0: a·e^b + c = a·e^b·(1 + c·e^−b/a).
  return Math.log(a) + b + Math.log1p((c * Math.exp(-b)) / a);
}

export type Direction = 'remove' | 'add';

/** The monotone privacy loss of the (sampled) Gaussian mechanism in one direction; sensitivity 1. */
export class GaussianPrivacyLoss {
  // δ(ε) runs ~77,000 times per accountant query (twice per grid point): what does not depend on ε is here
  private readonly remove: boolean;
  private readonly s2: number;
  /** log(1 − q): below it (REMOVE) δ = 1 − e^ε; above its negative (ADD) δ = 0. */
  private readonly edge: number;

  constructor(
    readonly sigma: number,
    readonly q: number,
    readonly direction: Direction,
  ) {
    this.remove = direction === 'remove';
    this.s2 = sigma * sigma;
    this.edge = q < 1 ? Math.log1p(-q) : -Infinity;
  }

  /** ℓ(x) for REMOVE: log(1 − q + q·e^{(−½ − x)/σ²}); ADD: −ℓ_REMOVE(−x). */
  loss(x: number): number {
    return this.remove ? this.lossRemove(x) : -this.lossRemove(-x);
  }

  private lossRemove(x: number): number {
    const noSub = (-0.5 - x) / this.s2;
    if (this.q === 1) return noSub;
    return logATimesExpBPlusC(this.q, noSub, 1 - this.q);
  }

  /** The truncation points [lowerX, upperX] (dp_accounting's `privacy_loss_tail`). */
  truncation(): { lowerX: number; upperX: number } {
    let lowerX = Z_TRUNCATION * this.sigma;
    let upperX = -lowerX;
    if (this.remove) lowerX -= 1;
    else upperX += 1;
    return { lowerX, upperX };
  }

  /**
   * δ(ε) = P(X ≤ x*) − e^ε·Q(X ≤ x*) at x* = ℓ⁻¹(ε), the largest x with ℓ(x) ≥ ε, clipped to [0, 1]
   * (`get_delta_for_epsilon`). REMOVE: x* = −½ − σ²·log(1 + (e^ε − 1)/q); ADD: x* = ½ + σ²·log(1 + (e^−ε − 1)/q).
   */
  delta(eps: number): number {
    const { q, sigma, s2 } = this;
    if (this.remove) {
      if (eps <= this.edge) return Math.min(1, Math.max(0, -Math.expm1(eps)));
      const x = q === 1 ? -0.5 - eps * s2 : -0.5 - Math.log1p(Math.expm1(eps) / q) * s2;
      const base = normalCdf(x / sigma);
      const shifted = normalCdf((x + 1) / sigma);
      const upper = q === 1 ? shifted : (1 - q) * base + q * shifted;
      return Math.min(1, Math.max(0, upper - Math.exp(eps) * base));
    }
    if (eps >= -this.edge) return 0;
    const x = q === 1 ? 0.5 - eps * s2 : 0.5 + Math.log1p(Math.expm1(-eps) / q) * s2;
    const base = normalCdf(x / sigma);
    const shifted = normalCdf((x - 1) / sigma);
    const lower = q === 1 ? shifted : (1 - q) * base + q * shifted;
    return Math.min(1, Math.max(0, base - Math.exp(eps) * lower));
  }
}

/** A PMF on the loss grid {(lower + i)·d} plus a mass at +∞. */
export interface PldPmf {
  readonly interval: number;
  readonly lower: number;
  readonly probs: Float64Array;
  readonly infinityMass: number;
}

/** Pessimistic connect-the-dots PMF of one step (`create_pmf_pessimistic_connect_dots_fixed_gap`). */
export function connectTheDotsPmf(loss: GaussianPrivacyLoss, interval: number): PldPmf {
  const { lowerX, upperX } = loss.truncation();
  const hi = Math.ceil(loss.loss(lowerX) / interval);
  const lo = Math.floor(loss.loss(upperX) / interval);
  const n = hi - lo + 1;
  const deltas = new Float64Array(n);
  let running = Infinity;
  for (let i = 0; i < n; i++) {
    // Enforce non-increasing δ (np.minimum.accumulate), as rounding can break it by an ulp.
    running = Math.min(running, loss.delta((lo + i) * interval));
    deltas[i] = running;
  }
  const first = deltas[0]!;
  if (n === 1) return { interval, lower: lo, probs: Float64Array.of(1 - first), infinityMass: first };
  const em1 = Math.expm1(interval);
  const e = Math.exp(interval);
  const probs = new Float64Array(n);
  probs[0] = 1 - first + (deltas[1]! - first) / em1;
  for (let i = 1; i < n - 1; i++) {
    probs[i] = (deltas[i + 1]! - deltas[i]! - (deltas[i]! - deltas[i - 1]!) * e) / em1;
  }
  probs[n - 1] = (deltas[n - 1]! - deltas[n - 2]!) / Math.expm1(-interval);
  for (let i = 0; i < n; i++) if (!(probs[i]! > 0)) probs[i] = 0;
  return { interval, lower: lo, probs, infinityMass: deltas[n - 1]! };
}
