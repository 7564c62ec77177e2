/**
 * Calibration: the noise multiplier that reaches a target ε, and the number of steps a budget allows.
 * Both rest on monotonicity: for fixed (q, δ, orders) each RDP(α) decreases in σ and grows linearly in
 * steps, so ε decreases in σ and increases in steps.
 */
import { rdpToEpsilon, validateDelta, type Conversion } from './conversion';
import { stepRdp, validateSteps } from './accountant';
import { DEFAULT_RDP_ORDERS } from './orders';
import { sampledGaussianRdpOrders, validateSampledGaussian } from './rdp';
import { pldEpsilon } from './pld';
import type { AccountantName } from './privacy-accountant';

export interface CalibrationOptions {
  targetEpsilon: number;
  sampleRate: number;
  steps: number;
  delta: number;
  conversion?: Conversion;
  orders?: readonly number[];
  /**
   * Which accountant's ε to reach (default `rdp`); `interval` is the PLD's discretisation. Both may be
   * undefined on purpose: callers forward a config's optional choice.
   */
  accountant?: AccountantName | undefined;
  interval?: number | undefined;
  /** Relative width of the final bracket (default 5e-5, so the answer is within 1e-4 of the smallest σ). */
  tolerance?: number;
  /**
   * The smallest σ to return (default 1e-4): when it already meets the target, it is the answer (more noise than
   * the target needs, so ε stays ≤ the target) and no smaller σ is evaluated.
   */
  minNoiseMultiplier?: number;
}

export interface CalibrationResult {
  noiseMultiplier: number;
  epsilon: number;
  order: number;
  evaluations: number;
}

const SIGMA_MAX = 1e6;
const SIGMA_MIN = 1e-4;

/**
 * The smallest σ (to within `tolerance`, relative) whose ε is ≤ `targetEpsilon`. Never overshoots: the
 * returned σ is the upper end of a bracket [a, b] with ε(a) > target ≥ ε(b), so ε(returned σ) ≤ target and
 * returned σ ≤ σ_smallest·(1 + tolerance). Bracket shrinking: regula falsi on log σ with the Illinois
 * modification (superlinear; ~10 ε evaluations), falling back to bisection when it stalls.
 */
export function calibrateNoiseMultiplier(options: CalibrationOptions): CalibrationResult {
  const { targetEpsilon, sampleRate: q, steps, delta, conversion = 'improved' } = options;
  const orders = options.orders ?? DEFAULT_RDP_ORDERS;
  const tolerance = options.tolerance ?? 5e-5;
  if (!(targetEpsilon > 0) || !Number.isFinite(targetEpsilon)) {
    throw new Error(`target epsilon must be a finite number > 0, got ${targetEpsilon}`);
  }
  validateDelta(delta);
  validateSteps(steps);
  validateSampledGaussian(q, 1);
  let evaluations = 0;
  const epsAt = (sigma: number) => {
    const r = epsilonAt(sigma);
    // every comparison with NaN is false: the search below would take it for "meets the target"
    if (Number.isNaN(r.epsilon)) throw new Error(`the accountant gave ε = NaN at σ = ${sigma}`);
    return r;
  };
  const epsilonAt = (sigma: number) => {
    evaluations++;
    if (options.accountant === 'pld') {
      return { epsilon: pldEpsilon([{ q, sigma, steps }], delta, options.interval), order: NaN };
    }
    // Not cached: calibration visits ~15 σ values once each and would only churn the step cache.
    const rdp = sampledGaussianRdpOrders(q, sigma, orders);
    return rdpToEpsilon({ orders, rdp, delta, conversion, scale: steps });
  };
  if (q === 0 || steps === 0) return { noiseMultiplier: 0, epsilon: 0, order: NaN, evaluations };

  // Bracket: a (ε > target) < b (ε ≤ target), found by doubling or halving from σ = 1.
  let a = 1;
  let b = 1;
  let fb = epsAt(1);
  let fa = fb;
  if (fb.epsilon > targetEpsilon) {
    while (fb.epsilon > targetEpsilon) {
      a = b;
      fa = fb;
      b *= 4;
      if (b > SIGMA_MAX) {
        throw new Error(
          `no noise multiplier up to ${SIGMA_MAX} reaches ε = ${targetEpsilon} (q = ${q}, steps = ${steps}, δ = ${delta})`,
        );
      }
      fb = epsAt(b);
    }
  } else {
    const floor = Math.max(SIGMA_MIN, options.minNoiseMultiplier ?? SIGMA_MIN);
    while (fa.epsilon <= targetEpsilon) {
      b = a;
      fb = fa;
      if (b <= floor) return { noiseMultiplier: b, epsilon: fb.epsilon, order: fb.order, evaluations };
      a = Math.max(b / 4, floor);
      fa = epsAt(a);
    }
  }

  // Shrink [a, b] on x = log σ, y = ε − target (y(a) > 0 ≥ y(b)).
  let xa = Math.log(a);
  let xb = Math.log(b);
  let ya = Math.min(fa.epsilon, 1e6) - targetEpsilon;
  let yb = fb.epsilon - targetEpsilon;
  let side = 0;
  while (Math.exp(xb - xa) - 1 > tolerance) {
    let x = xb - (yb * (xb - xa)) / (yb - ya);
    // Keep the trial point well inside the bracket; otherwise bisect.
    const w = xb - xa;
    if (!(x > xa + 0.01 * w && x < xb - 0.01 * w)) x = 0.5 * (xa + xb);
    const r = epsAt(Math.exp(x));
    const y = r.epsilon - targetEpsilon;
    if (y > 0) {
      xa = x;
      ya = y;
      if (side === -1) yb /= 2; // Illinois: halve the stale end's value
      side = -1;
    } else {
      xb = x;
      yb = y;
      fb = r;
      if (side === 1) ya /= 2;
      side = 1;
    }
  }
  return { noiseMultiplier: Math.exp(xb), epsilon: fb.epsilon, order: fb.order, evaluations };
}

/**
 * The largest number of steps whose ε at (q, σ) is ≤ `targetEpsilon` (under `accountant`, default RDP) (Infinity when every number of
 * steps is, e.g. q = 0). Exponential then binary search; the step RDP is computed once.
 */
export function maxStepsForBudget(options: {
  targetEpsilon: number;
  sampleRate: number;
  noiseMultiplier: number;
  delta: number;
  conversion?: Conversion;
  orders?: readonly number[];
  accountant?: AccountantName | undefined;
  interval?: number | undefined;
}): number {
  const { targetEpsilon, sampleRate, noiseMultiplier, delta, conversion = 'improved' } = options;
  const orders = options.orders ?? DEFAULT_RDP_ORDERS;
  if (!(targetEpsilon >= 0)) throw new Error(`target epsilon must be ≥ 0, got ${targetEpsilon}`);
  validateDelta(delta);
  const rdp = stepRdp(sampleRate, noiseMultiplier, orders);
  const ok = (steps: number) =>
    options.accountant === 'pld'
      ? pldEpsilon([{ q: sampleRate, sigma: noiseMultiplier, steps }], delta, options.interval) <=
        targetEpsilon
      : rdpToEpsilon({ orders, rdp, delta, conversion, scale: steps }).epsilon <= targetEpsilon;
  if (!ok(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
