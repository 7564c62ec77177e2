/**
 * The standard normal CDF Φ with Cephes's rational approximations (`cprob/ndtr.c`, S. L. Moshier): the very
 * function scipy's `ndtr` computes, and so the one dp_accounting's PLD evaluates. Written here rather than
 * imported because the PLD's connect-the-dots discretisation evaluates Φ four times per grid point (~77,000
 * points for the bench's MNIST setting): `@stdlib/math-base-special-erfc` costs ~80 ns a call on this machine
 * (two `exp` and bit-level word splitting), this ~25 ns (one `exp`, two degree-8 polynomials), and the `cephes`
 * package is 300 KB of WebAssembly that must be compiled asynchronously before the first call.
 * Relative error: Cephes quotes 5.7e-14 peak for erfc on [0, 26.6]; the tests check ≤ 1e-13 against stdlib's
 * correctly rounded erfc over the whole range the PLD uses.
 */

/* eslint-disable no-loss-of-precision -- Cephes's coefficients as published (21 digits): the nearest doubles are meant */
// erfc(x) = e^{−x²}·P(x)/Q(x) for 1 ≤ x < 8 (Q monic, leading 1 omitted)
const P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687, 4.86371970985681366614e1,
  1.96520832956077098242e2, 5.26445194995477358631e2, 9.3452852717195760754e2, 1.02755188689515710272e3,
  5.57535335369399327526e2,
] as const;
const Q = [
  1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2,
  1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2,
] as const;
// erfc(x) = e^{−x²}·R(x)/S(x) for x ≥ 8
const R = [
  5.64189583547755073984e-1, 1.27536670759978104416, 5.01905042251180477414, 6.16021097993053585195,
  7.4097426995044893916, 2.9788666537210024067,
] as const;
const S = [
  2.2605286322011727659, 9.39603524938001434673, 1.20489539808096656605e1, 1.70814450747565897222e1,
  9.60896809063285878198, 3.3690764510008151605,
] as const;
// erf(x) = x·T(x²)/U(x²) for |x| < 1
const T = [
  9.60497373987051638749, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
  5.55923013010394962768e4,
] as const;
const U = [
  3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4,
  4.92673942608635921086e4,
] as const;

/* eslint-enable no-loss-of-precision */

/** Horner's rule, highest coefficient first; `monic` puts an implicit leading 1 in front. */
function polynomial(x: number, c: readonly number[], monic: boolean): number {
  let y = monic ? x + c[0]! : c[0]!;
  for (let i = 1; i < c.length; i++) y = y * x + c[i]!;
  return y;
}

/** erf(x) for |x| < 1. */
function erfSmall(x: number): number {
  const z = x * x;
  return (x * polynomial(z, T, false)) / polynomial(z, U, true);
}

/** erfc(x) for x ≥ 1 (0 past the underflow point). */
function erfcLarge(x: number): number {
  const z = Math.exp(-x * x);
  if (z === 0) return 0;
  return x < 8
    ? (z * polynomial(x, P, false)) / polynomial(x, Q, true)
    : (z * polynomial(x, R, false)) / polynomial(x, S, true);
}

/** erfc(x), with full relative accuracy for large positive x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 1) return 1 - erfSmall(x);
  const y = erfcLarge(a);
  return x < 0 ? 2 - y : y;
}

/**
 * min(Φ(z), Φ(−z)) = Φ(−|z|), the smaller side, with full relative accuracy; the other side is 1 minus it (to an
 * ulp of scipy's `ndtr` for |z| < 1, exactly elsewhere). Both directions of a sampled Gaussian's PLD need Φ at
 * the same points with opposite signs, and get both from one call.
 */
export function normalTail(z: number): number {
  const a = Math.abs(z) * Math.SQRT1_2;
  if (a < Math.SQRT1_2) return 0.5 - 0.5 * erfSmall(a);
  return 0.5 * (a < 1 ? 1 - erfSmall(a) : erfcLarge(a));
}

/** Φ(z) = erfc(−z/√2)/2, with full relative accuracy in the lower tail (scipy's `ndtr`, to an ulp for |z| < 1). */
export function normalCdf(z: number): number {
  const tail = normalTail(z);
  return z < 0 ? tail : 1 - tail;
}
