/**
 * One step of the PLD accountant: the privacy loss of the (Poisson-subsampled) Gaussian mechanism in one
 * direction, its hockey-stick divergence δ(ε) in closed form, and the pessimistic connect-the-dots PMF on the
 * loss grid (dp_accounting's `privacy_loss_mechanism.py` and `pld_pmf.py`).
 */
import { normalCdf, normalTail } from './normal-cdf';

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

/** p·e for a probability p and a power e of e: 0 when p is 0, also where e overflowed to ∞ (not 0·∞ = NaN). */
const scaled = (p: number, e: number) => (p === 0 ? 0 : p * e);
const clamp01 = (d: number) => Math.min(1, Math.max(0, d));

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
      return clamp01(upper - scaled(base, Math.exp(eps)));
    }
    if (eps >= -this.edge) return 0;
    const x = q === 1 ? 0.5 - eps * s2 : 0.5 + Math.log1p(Math.expm1(-eps) / q) * s2;
    const base = normalCdf(x / sigma);
    const shifted = normalCdf((x - 1) / sigma);
    const lower = q === 1 ? shifted : (1 - q) * base + q * shifted;
    return clamp01(base - scaled(lower, Math.exp(eps)));
  }
}

/** A PMF on the loss grid {(lower + i)·d} plus a mass at +∞. */
export interface PldPmf {
  readonly interval: number;
  readonly lower: number;
  readonly probs: Float64Array;
  readonly infinityMass: number;
}

/** The loss grid indices [lo, hi] between the truncation points. */
function gridOf(loss: GaussianPrivacyLoss, interval: number): [number, number] {
  const { lowerX, upperX } = loss.truncation();
  return [Math.floor(loss.loss(upperX) / interval), Math.ceil(loss.loss(lowerX) / interval)];
}

/**
 * The pessimistic connect-the-dots PMF from δ at the grid points ε_i = (lo + i)·d, i = 0..n−1
 * (`create_pmf_pessimistic_connect_dots_fixed_gap`): masses that reproduce δ(ε_i) exactly and lie above δ in
 * between. δ is first made non-increasing (np.minimum.accumulate), as rounding can break that by an ulp.
 */
function pmfFromDeltas(deltas: Float64Array, lo: number, interval: number): PldPmf {
  const n = deltas.length;
  for (let i = 0; i < n; i++) {
    // (a NaN would pass through the minimum and every comparison after it: refuse it here)
    if (Number.isNaN(deltas[i]))
      throw new Error(`PLD discretisation gave δ = NaN at ε = ${(lo + i) * interval}`);
    if (i > 0) deltas[i] = Math.min(deltas[i]!, deltas[i - 1]!);
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

/** Pessimistic connect-the-dots PMF of one step in one direction. */
export function connectTheDotsPmf(loss: GaussianPrivacyLoss, interval: number): PldPmf {
  const [lo, hi] = gridOf(loss, interval);
  const deltas = new Float64Array(hi - lo + 1);
  for (let i = 0; i < deltas.length; i++) deltas[i] = loss.delta((lo + i) * interval);
  return pmfFromDeltas(deltas, lo, interval);
}

/**
 * Both directions' connect-the-dots PMFs, [REMOVE, ADD], from one pass: ℓ_ADD(x) = −ℓ_REMOVE(−x), so ADD's grid
 * is REMOVE's mirrored, and at ε' = −ε ADD's inverse is −x where REMOVE's is x. With Φ(−z) = 1 − Φ(z), one
 * `expm1`, one `log1p` and two tail evaluations (`normalTail`) give δ_REMOVE(ε) and δ_ADD(−ε) (the same formulas as
 * `GaussianPrivacyLoss.delta`, to an ulp): half the work of two separate passes, which is a third of a PLD query.
 */
export function connectTheDotsPair(sigma: number, q: number, interval: number): [PldPmf, PldPmf] {
  const [loR, hiR] = gridOf(new GaussianPrivacyLoss(sigma, q, 'remove'), interval);
  const [loA, hiA] = gridOf(new GaussianPrivacyLoss(sigma, q, 'add'), interval);
  const remove = new Float64Array(hiR - loR + 1);
  const add = new Float64Array(hiA - loA + 1);
  const s2 = sigma * sigma;
  const edge = q < 1 ? Math.log1p(-q) : -Infinity;
  for (let i = Math.min(loR, -hiA); i <= Math.max(hiR, -loA); i++) {
    const eps = i * interval;
    let dr: number;
    let da: number;
    if (eps <= edge) {
      dr = clamp01(-Math.expm1(eps)); // REMOVE below its smallest loss; ADD at −ε above its largest: 0
      da = 0;
    } else {
      const em = Math.expm1(eps);
      // e^{±ε} from expm1 where 1 + e^ε − 1 keeps its digits; far below 0 (q = 1 only) 1 + expm1(ε) has
      // none left, and the exponentials are computed
      const ePos = eps > -1 ? 1 + em : Math.exp(eps);
      const eNeg = eps > -1 ? 1 / (1 + em) : Math.exp(-eps);
      const x = q === 1 ? -0.5 - eps * s2 : -0.5 - Math.log1p(em / q) * s2;
      const u = x / sigma;
      const v = (x + 1) / sigma;
      const tu = normalTail(u);
      const tv = normalTail(v);
      const phiU = u < 0 ? tu : 1 - tu;
      const phiMinusU = u < 0 ? 1 - tu : tu;
      const phiV = v < 0 ? tv : 1 - tv;
      const phiMinusV = v < 0 ? 1 - tv : tv;
      // REMOVE at ε: P = (1−q)Φ(u) + qΦ(v), Q = Φ(u); ADD at −ε: P = Φ(−u), Q = (1−q)Φ(−u) + qΦ(−v)
      const upper = q === 1 ? phiV : (1 - q) * phiU + q * phiV;
      dr = clamp01(upper - scaled(phiU, ePos));
      const lower = q === 1 ? phiMinusV : (1 - q) * phiMinusU + q * phiMinusV;
      da = clamp01(phiMinusU - scaled(lower, eNeg));
    }
    if (i >= loR && i <= hiR) remove[i - loR] = dr;
    if (-i >= loA && -i <= hiA) add[-i - loA] = da;
  }
  return [pmfFromDeltas(remove, loR, interval), pmfFromDeltas(add, loA, interval)];
}
