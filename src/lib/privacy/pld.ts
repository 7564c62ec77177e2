/**
 * Privacy loss distribution (PLD) accounting for the Poisson-subsampled Gaussian mechanism, after Google's
 * dp_accounting (`pld/privacy_loss_mechanism.py`, `pld_pmf.py`, `common.py`), written for the lab because
 * nothing like it exists for JavaScript.
 *
 * With μ = N(0, σ²) and add-or-remove adjacency there are two directions, and ε is the larger of the two
 * (δ likewise):
 *   REMOVE: upper P = (1−q)·μ(x) + q·μ(x+1), lower Q = μ(x);  ADD: upper P = μ(x), lower Q = (1−q)·μ(x) + q·μ(x−1).
 * The privacy loss ℓ(x) = log P(x)/Q(x) is monotone (non-increasing in x), so the hockey-stick divergence
 * δ(ε) = P(ℓ > ε) − e^ε·Q(ℓ > ε) has a closed form through the inverse of ℓ and normal CDFs.
 *
 * 1. Discretisation: pessimistic "connect the dots" (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi, PETS 2022,
 *    Algorithm 1) on the grid ε_i = i·d, d = `valueDiscretizationInterval` (default 1e-4), between the losses
 *    at the truncation points x where μ's tails hold ½e^−50 each. The masses reproduce δ(ε_i) exactly at every
 *    grid point and lie above δ(ε) in between (δ is convex in e^ε), so ε stays an upper bound; the truncated
 *    tail goes to +∞ (mass δ at the top grid point).
 * 2. Composition of T identical steps: one FFT, an element-wise T-th power, one inverse FFT (`fft.js`), over
 *    the index range that a Chernoff bound says holds all but 1e-15 of the mass (dp_accounting's
 *    `self_convolve`); those 1e-15 go to the +∞ mass, so ε stays an upper bound. Different steps (a ledger
 *    with several (q, σ)) compose by FFT convolution with the same tail rule.
 * 3. ε for δ: the smallest ε with Σ_{ℓ_i > ε} p_i(1 − e^{ε−ℓ_i}) + p_∞ ≤ δ, solved exactly on the grid
 *    (dp_accounting's `_get_epsilon_for_delta`).
 * A plain (unsampled) Gaussian composed T times is one Gaussian with σ/√T, as in dp_accounting.
 */
import erfc from '@stdlib/math-base-special-erfc';
import FFT from 'fft.js';
import { validateDelta } from './conversion';

export const DEFAULT_PLD_INTERVAL = 1e-4;
/** dp_accounting's default `tail_mass_truncation` for compositions and `log_mass_truncation_bound`. */
const TAIL_MASS_TRUNCATION = 1e-15;
const LOG_MASS_TRUNCATION_BOUND = -50;

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2, with full relative accuracy in the lower tail. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

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
  constructor(
    readonly sigma: number,
    readonly q: number,
    readonly direction: Direction,
  ) {}

  /** ℓ(x) for REMOVE: log(1 − q + q·e^{(−½ − x)/σ²}); ADD: −ℓ_REMOVE(−x). */
  loss(x: number): number {
    return this.direction === 'remove' ? this.lossRemove(x) : -this.lossRemove(-x);
  }

  private lossRemove(x: number): number {
    const noSub = (-0.5 - x) / (this.sigma * this.sigma);
    if (this.q === 1) return noSub;
    return logATimesExpBPlusC(this.q, noSub, 1 - this.q);
  }

  /** The truncation points [lowerX, upperX] (dp_accounting's `privacy_loss_tail`). */
  truncation(): { lowerX: number; upperX: number } {
    let lowerX = Z_TRUNCATION * this.sigma;
    let upperX = -lowerX;
    if (this.direction === 'add') upperX += 1;
    else lowerX -= 1;
    return { lowerX, upperX };
  }

  /** The largest x with ℓ(x) ≥ ε, for ε inside the loss range. */
  private inverse(eps: number): number {
    const s2 = this.sigma * this.sigma;
    if (this.q === 1) return this.direction === 'remove' ? -0.5 - eps * s2 : 0.5 - eps * s2;
    if (this.direction === 'remove') {
      // ℓ₀ = log(1 + (e^ε − 1)/q), x = −½ − ℓ₀σ².
      const noSub = Math.log1p(Math.expm1(eps) / this.q);
      return -0.5 - noSub * s2;
    }
    const noSub = -Math.log1p(Math.expm1(-eps) / this.q);
    return 0.5 - noSub * s2;
  }

  /** δ(ε) = P(X ≤ x*) − e^ε·Q(X ≤ x*), x* = ℓ⁻¹(ε), clipped to [0, 1] (`get_delta_for_epsilon`). */
  delta(eps: number): number {
    const { q, sigma } = this;
    if (q < 1) {
      const edge = Math.log1p(-q);
      if (this.direction === 'remove' && eps <= edge) return Math.min(1, Math.max(0, -Math.expm1(eps)));
      if (this.direction === 'add' && eps >= -edge) return 0;
    }
    const x = this.inverse(eps);
    const base = normalCdf(x / sigma);
    let upper: number;
    let lower: number;
    if (this.direction === 'remove') {
      const shifted = normalCdf((x + 1) / sigma);
      upper = q === 1 ? shifted : (1 - q) * base + q * shifted;
      lower = base;
    } else {
      const shifted = normalCdf((x - 1) / sigma);
      upper = base;
      lower = q === 1 ? shifted : (1 - q) * base + q * shifted;
    }
    const d = upper - Math.exp(eps) * lower;
    return Math.min(1, Math.max(0, d));
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
  if (n === 1) return { interval, lower: lo, probs: Float64Array.of(1 - deltas[0]), infinityMass: deltas[0] };
  const em1 = Math.expm1(interval);
  const e = Math.exp(interval);
  const probs = new Float64Array(n);
  probs[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / em1;
  for (let i = 1; i < n - 1; i++) {
    probs[i] = (deltas[i + 1] - deltas[i] - (deltas[i] - deltas[i - 1]) * e) / em1;
  }
  probs[n - 1] = (deltas[n - 1] - deltas[n - 2]) / Math.expm1(-interval);
  for (let i = 0; i < n; i++) if (!(probs[i] > 0)) probs[i] = 0;
  return { interval, lower: lo, probs, infinityMass: deltas[n - 1] };
}

const fftCache = new Map<number, FFT>();
function fftOf(size: number): FFT {
  let f = fftCache.get(size);
  if (!f) {
    f = new FFT(size);
    fftCache.set(size, f);
    if (fftCache.size > 8) fftCache.delete(fftCache.keys().next().value!);
  }
  return f;
}

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(4, n)));

/** Forward FFT of a real array zero-padded to `size` (interleaved complex out). */
function realFft(values: Float64Array, size: number): Float64Array {
  const f = fftOf(size);
  const input = new Float64Array(size);
  input.set(values);
  const out = new Float64Array(2 * size);
  f.realTransform(out, input);
  f.completeSpectrum(out);
  return out;
}

/** Real part of the inverse FFT of an interleaved complex spectrum. */
function inverseRealPart(spectrum: Float64Array, size: number): Float64Array {
  const f = fftOf(size);
  const out = new Float64Array(2 * size);
  f.inverseTransform(out, spectrum);
  const re = new Float64Array(size);
  for (let i = 0; i < size; i++) re[i] = out[2 * i];
  return re;
}

/**
 * Index range [L, U] that holds all but `tail` of the T-fold self-convolution of `probs`: Chernoff bounds
 * at orders ±1..20 / n (dp_accounting's `compute_self_convolve_bounds`).
 */
function selfConvolveBounds(probs: Float64Array, times: number, tail: number): [number, number] {
  const n = probs.length;
  let upper = (n - 1) * times;
  let lower = 0;
  const logTail = Math.log(2 / tail);
  for (let k = -20; k <= 20; k++) {
    if (k === 0) continue;
    const order = k / n;
    // log Σ_i p_i e^{i·order}, shifted by its largest exponent; e^{(i − i₀)·order} as a running product
    // (relative error ≤ n ulps, far below what moves a bound by one index).
    const shift = order > 0 ? (n - 1) * order : 0;
    const step = Math.exp(order);
    let factor = Math.exp(-shift);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += probs[i] * factor;
      factor *= step;
    }
    const logMgf = shift + Math.log(sum);
    const bound = (times * logMgf + logTail) / order;
    if (!Number.isFinite(bound)) continue;
    if (order > 0) upper = Math.min(upper, Math.ceil(bound));
    else lower = Math.max(lower, Math.floor(bound));
  }
  return [lower, upper];
}

/**
 * FFT round-off leaves tiny negative probabilities (down to ~1e-14 here); negative mass above ε would lower
 * δ(ε) and so ε, the optimistic direction. They are set to 0 and their total moved to the +∞ mass (pessimistic,
 * as everything else in this accountant). Returns that total.
 */
function clampNegative(probs: Float64Array): number {
  let negative = 0;
  for (let i = 0; i < probs.length; i++)
    if (probs[i]! < 0) {
      negative -= probs[i]!;
      probs[i] = 0;
    }
  return negative;
}

/** z^T for z = (re, im), by binary powering; the relative error grows like T ulps, as for the polar form. */
function complexPower(re: number, im: number, times: number, out: Float64Array, at: number): void {
  let bre = re;
  let bim = im;
  let rre = 1;
  let rim = 0;
  for (let e = times; ;) {
    if (e & 1) {
      const t = rre * bre - rim * bim;
      rim = rre * bim + rim * bre;
      rre = t;
    }
    e = Math.floor(e / 2);
    if (e === 0) break;
    const t = bre * bre - bim * bim;
    bim = 2 * bre * bim;
    bre = t;
  }
  out[at] = rre;
  out[at + 1] = rim;
}

/** The PMF of T independent copies' summed loss (`DensePLDPmf.self_compose`). */
export function selfCompose(pmf: PldPmf, times: number, tail = TAIL_MASS_TRUNCATION): PldPmf {
  return selfComposePair(pmf, pmf, times, tail)[0];
}

/**
 * `selfCompose` of two PMFs at once (the two directions of one mechanism), with the FFTs of both done as one
 * complex FFT: a real pair (a, b) is transformed as a + ib and separated by Hermitian symmetry,
 * A[k] = (Z[k] + conj Z[N−k])/2 and B[k] = (Z[k] − conj Z[N−k])/2i; the T-th powers (real signals again) go
 * back as A^T + i·B^T through one inverse FFT, whose real and imaginary parts are the two compositions.
 * Powers are taken for k ≤ N/2 only (the rest are their conjugates). Same arithmetic per frequency as one at
 * a time; about half the FFT work.
 */
export function selfComposePair(
  a: PldPmf,
  b: PldPmf,
  times: number,
  tail = TAIL_MASS_TRUNCATION,
): [PldPmf, PldPmf] {
  if (!(Number.isInteger(times) && times >= 1)) throw new Error(`times must be an integer ≥ 1, got ${times}`);
  const infinity = (p: PldPmf) => Math.min(1, tail - Math.expm1(times * Math.log1p(-p.infinityMass)));
  if (times === 1) return [{ ...a }, { ...b }];
  const [loA, hiA] = selfConvolveBounds(a.probs, times, tail);
  const [loB, hiB] = a === b ? [loA, hiA] : selfConvolveBounds(b.probs, times, tail);
  const size = nextPow2(Math.max(hiA - loA + 1, hiB - loB + 1, a.probs.length, b.probs.length));
  const f = fftOf(size);
  const packed = new Float64Array(2 * size);
  for (let i = 0; i < a.probs.length; i++) packed[2 * i] = a.probs[i];
  for (let i = 0; i < b.probs.length; i++) packed[2 * i + 1] = b.probs[i];
  const spec = new Float64Array(2 * size);
  f.transform(spec, packed);
  const powered = packed; // reused: W = A^T + i·B^T
  const pa = new Float64Array(2);
  const pb = new Float64Array(2);
  // |z|^T underflows to 0 (below 2^−1074) when |z|² < e^{−2·745/T}: most frequencies of a PMF spread over
  // many bins. Those powers are 0 exactly as binary powering would end, without its ~2·log2 T products.
  const negligible = Math.exp((-2 * 745.2) / times);
  const power = (re: number, im: number, out: Float64Array) => {
    if (re * re + im * im < negligible) out.fill(0);
    else complexPower(re, im, times, out, 0);
  };
  for (let k = 0; k <= size / 2; k++) {
    const m = (size - k) % size;
    const zr = spec[2 * k];
    const zi = spec[2 * k + 1];
    const cr = spec[2 * m]; // conj Z[N−k] = (cr, −ci)
    const ci = -spec[2 * m + 1];
    power((zr + cr) / 2, (zi + ci) / 2, pa);
    // (Z − conj Z[N−k]) / 2i = ((zi − ci) − i(zr − cr)) / 2
    power((zi - ci) / 2, -(zr - cr) / 2, pb);
    // W[k] = A^T + i·B^T; W[N−k] = conj(A^T) + i·conj(B^T). Stored conjugated: the inverse FFT is then
    // the forward one, ifft(W) = conj(fft(conj W))/N (fft.js's inverse costs ~1.5 forward ones).
    powered[2 * k] = pa[0] - pb[1];
    powered[2 * k + 1] = -(pa[1] + pb[0]);
    if (m !== k) {
      powered[2 * m] = pa[0] + pb[1];
      powered[2 * m + 1] = pa[1] - pb[0];
    }
  }
  f.transform(spec, powered);
  const cut = (p: PldPmf, lo: number, hi: number, part: 0 | 1): PldPmf => {
    const probs = new Float64Array(hi - lo + 1);
    // real part: Re(conj(y))/N = y_re/N; imaginary part: Im(conj(y))/N = −y_im/N
    const scale = (part === 0 ? 1 : -1) / size;
    let j = ((lo % size) + size) % size; // index lo + i, circularly
    for (let i = 0; i < probs.length; i++) {
      probs[i] = scale * spec[2 * j + part];
      if (++j === size) j = 0;
    }
    const negative = clampNegative(probs);
    return {
      interval: p.interval,
      lower: p.lower * times + lo,
      probs,
      infinityMass: Math.min(1, infinity(p) + negative),
    };
  };
  return [cut(a, loA, hiA, 0), cut(b, loB, hiB, 1)];
}

/**
 * The PMF of the sum of two independent losses (`DensePLDPmf.compose`): FFT convolution, then tails of at
 * most `tail`/2 each cut; the lower one is moved to the first kept loss, the upper one to +∞ (pessimistic).
 */
export function composePmfs(a: PldPmf, b: PldPmf, tail = TAIL_MASS_TRUNCATION): PldPmf {
  if (a.interval !== b.interval)
    throw new Error('PLDs with different discretisation intervals cannot be composed');
  const n = a.probs.length + b.probs.length - 1;
  const size = nextPow2(n);
  const sa = realFft(a.probs, size);
  const sb = realFft(b.probs, size);
  for (let k = 0; k < size; k++) {
    const re = sa[2 * k] * sb[2 * k] - sa[2 * k + 1] * sb[2 * k + 1];
    const im = sa[2 * k] * sb[2 * k + 1] + sa[2 * k + 1] * sb[2 * k];
    sa[2 * k] = re;
    sa[2 * k + 1] = im;
  }
  const conv = inverseRealPart(sa, size).subarray(0, n);
  let left = 0;
  for (let s = 0; left < n; left++) {
    s += conv[left];
    if (s > tail / 2) break;
  }
  let right = n;
  for (let s = 0; right > 0;) {
    s += conv[right - 1];
    if (s > tail / 2) break;
    right--;
  }
  right = Math.max(right, left + 1);
  let leftMass = 0;
  for (let i = 0; i < left; i++) leftMass += conv[i];
  let rightMass = 0;
  for (let i = right; i < n; i++) rightMass += conv[i];
  const probs = conv.slice(left, right);
  const negative = clampNegative(probs);
  probs[0] += leftMass;
  const inf = a.infinityMass + b.infinityMass - a.infinityMass * b.infinityMass;
  return {
    interval: a.interval,
    lower: a.lower + b.lower + left,
    probs,
    infinityMass: Math.min(1, inf + rightMass + negative),
  };
}

/** δ(ε) = p_∞ + Σ_{ℓ_i > ε} p_i·(1 − e^{ε − ℓ_i}) (`_get_delta_for_epsilon`). */
export function pmfDelta(pmf: PldPmf, epsilon: number): number {
  let d = pmf.infinityMass;
  for (let i = pmf.probs.length - 1; i >= 0; i--) {
    const l = (pmf.lower + i) * pmf.interval;
    if (!(l > epsilon)) break;
    d += -Math.expm1(epsilon - l) * pmf.probs[i];
  }
  return Math.min(1, Math.max(0, d));
}

/** The smallest ε ≥ 0 with δ(ε) ≤ δ; Infinity when p_∞ > δ (`_get_epsilon_for_delta`). */
export function pmfEpsilon(pmf: PldPmf, delta: number): number {
  if (pmf.infinityMass > delta) return Infinity;
  let massUpper = pmf.infinityMass;
  let massLower = 0;
  for (let i = pmf.probs.length - 1; i >= 0; i--) {
    const loss = (pmf.lower + i) * pmf.interval;
    if (massUpper > delta && massLower > 0 && Math.log((massUpper - delta) / massLower) >= loss) break;
    const p = pmf.probs[i];
    massUpper += p;
    massLower += Math.exp(-loss) * p;
    if (massUpper >= delta && massLower === 0) return Math.max(0, loss);
  }
  if (massUpper <= massLower + delta) return 0;
  return Math.log((massUpper - delta) / massLower);
}

/** One run-length ledger entry: `steps` steps with Poisson rate q and noise multiplier σ. */
export interface PldStep {
  q: number;
  sigma: number;
  steps: number;
}

/** The two composed PMFs (remove, add) of a ledger; a ledger without steps is the identity. */
export function composeLedger(entries: readonly PldStep[], interval = DEFAULT_PLD_INTERVAL): PldPmf[] {
  let acc: [PldPmf, PldPmf] | null = null;
  for (const e of entries) {
    if (e.steps === 0 || e.q === 0 || e.sigma === Infinity) continue;
    let pair: [PldPmf, PldPmf];
    const dot = (sigma: number, q: number, direction: Direction) =>
      connectTheDotsPmf(new GaussianPrivacyLoss(sigma, q, direction), interval);
    if (e.sigma === 0) {
      const never: PldPmf = { interval, lower: 0, probs: Float64Array.of(0), infinityMass: 1 };
      pair = [never, never];
    } else if (e.q === 1) {
      // T Gaussians with σ are one Gaussian with σ/√T (exact; dp_accounting does the same).
      const s = e.sigma / Math.sqrt(e.steps);
      pair = [dot(s, 1, 'remove'), dot(s, 1, 'add')];
    } else {
      pair = selfComposePair(dot(e.sigma, e.q, 'remove'), dot(e.sigma, e.q, 'add'), e.steps);
    }
    acc = acc ? [composePmfs(acc[0], pair[0]), composePmfs(acc[1], pair[1])] : pair;
  }
  const identity: PldPmf = { interval, lower: 0, probs: Float64Array.of(1), infinityMass: 0 };
  return acc ?? [identity, { ...identity }];
}

/** ε of the ledger for δ under add-or-remove adjacency: the larger of the two directions. */
export function pldEpsilon(
  entries: readonly PldStep[],
  delta: number,
  interval = DEFAULT_PLD_INTERVAL,
): number {
  validateDelta(delta);
  return Math.max(...composeLedger(entries, interval).map((p) => pmfEpsilon(p, delta)));
}

/** δ of the ledger for ε: the larger of the two directions. */
export function pldDelta(
  entries: readonly PldStep[],
  epsilon: number,
  interval = DEFAULT_PLD_INTERVAL,
): number {
  if (!(epsilon >= 0)) throw new Error(`epsilon must be ≥ 0, got ${epsilon}`);
  return Math.max(...composeLedger(entries, interval).map((p) => pmfDelta(p, epsilon)));
}
