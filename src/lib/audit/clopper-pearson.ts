/**
 * Exact (Clopper–Pearson) confidence bounds for a binomial proportion, from the beta quantile.
 *
 * The bounds for k successes in n trials at confidence 1 − α (two-sided, α/2 in each tail) are
 *   lower = B⁻¹(α/2; k, n − k + 1),  upper = B⁻¹(1 − α/2; k + 1, n − k)
 * with B⁻¹ the inverse of the regularised incomplete beta function I_x(a, b) (Clopper & Pearson 1934; the same
 * as scipy's `beta.ppf` and R's `qbeta`). Written here (≈ 60 lines) instead of a dependency: the only
 * maintained npm implementation (@stdlib's beta quantile) brings 232 packages for this one function.
 *
 * I_x(a, b) is evaluated by its continued fraction (Numerical Recipes §6.4, modified Lentz), on the side of
 * the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast; ln Γ by Lanczos (g = 7, n = 9). The
 * inverse is bisection, which cannot fail to converge: it stops when the interval is two adjacent doubles
 * (≈ 55 halvings for a quantile near 0.5, more for tiny ones).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (Lanczos approximation, relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction for I_x(a, b) (NR's betacf), converging for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b) = P[X ≤ x] for X ~ Beta(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new Error(`beta parameters must be > 0, got a = ${a}, b = ${b}`);
  if (!(x >= 0 && x <= 1)) throw new Error(`x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The beta quantile B⁻¹(p; a, b): the x with I_x(a, b) = p (scipy's `beta.ppf(p, a, b)`), by bisection. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`p must be in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 1100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break; // adjacent doubles: as exact as it gets
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Two-sided Clopper–Pearson interval for `successes` out of `trials` at `confidence` (default 95%). */
export function clopperPearson(
  successes: number,
  trials: number,
  confidence = 0.95,
): { lower: number; upper: number } {
  if (!(Number.isInteger(trials) && trials >= 1))
    throw new Error(`trials must be an integer ≥ 1, got ${trials}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials))
    throw new Error(`successes must be an integer in [0, ${trials}], got ${successes}`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  return {
    lower: successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1),
    upper: successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes),
  };
}
