/**
 * Composition of PLD PMFs (dp_accounting's `DensePLDPmf.self_compose` and `compose`), with tail handling that
 * keeps ε an upper bound: mass cut from the top of the support, and FFT round-off below zero, go to +∞.
 */
import type { PldPmf } from './pld-loss';
import {
  bandLimitedTransform,
  inverseRealPart,
  nextPow2,
  offsetIn,
  paddedTransform,
  realFft,
  type Decimated,
} from './pld-fft';

/** dp_accounting's default `tail_mass_truncation` for compositions. */
const TAIL_MASS_TRUNCATION = 1e-15;

/** log Σ_i p_i·e^{i·order}, shifted by its largest exponent; e^{(i − i₀)·order} as a running product. */
function logMgf(probs: Float64Array, order: number): number {
  const n = probs.length;
  // (relative error ≤ n ulps, far below what moves a bound by one index)
  const shift = order > 0 ? (n - 1) * order : 0;
  const step = Math.exp(order);
  let factor = Math.exp(-shift);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += probs[i]! * factor;
    factor *= step;
  }
  return shift + Math.log(sum);
}

/**
 * Index range [L, U] that holds all but `tail` of the T-fold self-convolution of `probs`: the tightest Chernoff
 * bounds at orders ±k/n, k = 1..20 (dp_accounting's `compute_self_convolve_bounds`). On each side the bound
 * (T·log M(t) + log(2/tail))/|t| is unimodal in |t| (log M is convex, so the numerator of its
 * derivative, T·(t·Λ′ − Λ) − c, only grows), so a ternary search over k finds the same minimum as trying all
 * twenty, with about half the passes over the PMF.
 */
export function selfConvolveBounds(probs: Float64Array, times: number, tail: number): [number, number] {
  const n = probs.length;
  const logTail = Math.log(2 / tail);
  const best = (sign: 1 | -1): number => {
    const memo = new Map<number, number>();
    const g = (k: number): number => {
      let v = memo.get(k);
      if (v === undefined) {
        const order = (sign * k) / n;
        v = (times * logMgf(probs, order) + logTail) / (k / n);
        if (!Number.isFinite(v)) v = Infinity;
        memo.set(k, v);
      }
      return v;
    };
    let lo = 1;
    let hi = 20;
    while (hi - lo > 2) {
      const third = Math.floor((hi - lo) / 3);
      const m1 = lo + third;
      const m2 = hi - third;
      const g1 = g(m1);
      const g2 = g(m2);
      if (g1 < g2) hi = m2 - 1;
      else if (g1 > g2) lo = m1 + 1;
      else [lo, hi] = [m1, m2];
    }
    let v = Infinity;
    for (let k = lo; k <= hi; k++) v = Math.min(v, g(k));
    return v;
  };
  const up = best(1);
  const down = best(-1);
  const upper = Math.min((n - 1) * times, Number.isFinite(up) ? Math.ceil(up) : Infinity);
  const lower = Math.max(0, Number.isFinite(down) ? Math.floor(-down) : -Infinity);
  return [lower, upper];
}

/** z^T for z = (re, im), by binary powering; the relative error grows like T ulps, as for the polar form. */
function complexPower(re: number, im: number, times: number): [number, number] {
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
  return [rre, rim];
}

/**
 * FFT round-off leaves tiny negative probabilities (down to ~1e-14 here); negative mass above ε would lower
 * δ(ε) and so ε, the optimistic direction. They are set to 0 (branch-free: in the far tails the round-off's
 * sign is a coin toss) and their total is returned, for the caller to move to the +∞ mass.
 */
function clampNegative(probs: Float64Array): number {
  let negative = 0;
  for (let i = 0; i < probs.length; i++) {
    const below = Math.min(probs[i]!, 0);
    negative -= below;
    probs[i] = probs[i]! - below;
  }
  return negative;
}

/**
 * Entries lo..hi (taken modulo N) of the real (`part` 0) or imaginary (1) parts of `values`, times `scale`,
 * with negative round-off set to 0 (branch-free: in the far tails its sign is a coin toss) and returned as a
 * total (see `clampNegative`). Walked a block of 16 parts at a time, so that reads touch 16 runs and writes fill
 * consecutive entries (in natural order a read would jump between all P runs: a TLB miss per number).
 */
function window(
  values: Decimated,
  part: 0 | 1,
  lo: number,
  hi: number,
  scale: number,
): { probs: Float64Array; negative: number } {
  const { data, size, parts } = values;
  const run = size / parts;
  const mask = size - 1;
  const probs = new Float64Array(hi - lo + 1);
  const length = probs.length;
  const block = Math.min(16, parts);
  let negative = 0;
  for (let a0 = 0; a0 < parts; a0 += block)
    for (let b = 0; b < run; b++)
      for (let g = 0; g < block; g++) {
        const i = (a0 + g + b * parts - lo) & mask; // natural index a + b·P, as a place in the window
        if (i < length) {
          const p = scale * data[2 * ((a0 + g) * run + b) + part]!;
          const below = Math.min(p, 0);
          negative -= below;
          probs[i] = p - below;
        }
      }
  return { probs, negative };
}

const scratchPool = new Map<string, Float64Array<ArrayBuffer>>();
/**
 * A work array of `length` numbers for `slot`, kept between calls: a fresh 4 MB array costs ~1 ms of page
 * faults and later garbage collection, as much as the arithmetic that fills it. Only the newest length per slot
 * is kept, and only up to 2^20 numbers (8 MB). Its contents are whatever the last call left: callers overwrite it.
 */
function scratch(slot: 'spectrum' | 'composed', length: number): Float64Array<ArrayBuffer> {
  const kept = scratchPool.get(slot);
  if (kept?.length === length) return kept;
  const fresh = new Float64Array(length);
  if (length <= 2 ** 20) scratchPool.set(slot, fresh);
  else scratchPool.delete(slot);
  return fresh;
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
 * Powers are taken for k ≤ N/2 only (the rest are their conjugates), and only where they do not underflow: a
 * PMF spread over many bins keeps few frequencies after T-fold composition, and the inverse then costs far less
 * than a full FFT (`bandLimitedTransform`). Same arithmetic per frequency as one PMF at a time.
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
  const packed = new Float64Array(2 * Math.max(a.probs.length, b.probs.length));
  for (let i = 0; i < a.probs.length; i++) packed[2 * i] = a.probs[i]!;
  for (let i = 0; i < b.probs.length; i++) packed[2 * i + 1] = b.probs[i]!;
  const spec = paddedTransform(packed, size, scratch('spectrum', 2 * size));
  const z = spec.data;
  const at = offsetIn(spec);
  // |z|^T underflows to 0 (below 2^−1074) when |z|² < e^{−2·745/T}: those powers are 0 exactly as binary
  // powering would end, without its ~2·log2 T products. What is left is a band |k| ≤ K, K ≪ N/2 after many steps.
  const negligible = Math.exp((-2 * 745.2) / times);
  // A and B at frequency k, from Z[k] and Z[N−k] (Hermitian separation of the packed pair)
  const halves = (k: number): [number, number, number, number] => {
    const ok = at(k);
    const om = at(size - k);
    const zr = z[ok]!;
    const zi = z[ok + 1]!;
    const cr = z[om]!; // conj Z[N−k] = (cr, −ci)
    const ci = -z[om + 1]!;
    // A = (Z + conj Z[N−k]) / 2; B = (Z − conj Z[N−k]) / 2i = ((zi − ci) − i(zr − cr)) / 2
    return [(zr + cr) / 2, (zi + ci) / 2, (zi - ci) / 2, -(zr - cr) / 2];
  };
  const kept = (re: number, im: number) => re * re + im * im >= negligible;
  // First the band K (the largest k with a power left), then the powers inside it: no list of them is kept
  let band = 0;
  // (|A|² and |B|² from |Z[k] ± conj Z[N−k]|², with `offsetIn`'s arithmetic inline: this loop visits all N/2
  // frequencies)
  const partMask = spec.parts - 1;
  const partShift = Math.log2(spec.parts);
  const runShift = Math.log2(size / spec.parts);
  for (let k = 0; k <= size / 2; k++) {
    const km = (size - k) & (size - 1);
    const ok = 2 * (((k & partMask) << runShift) | (k >>> partShift));
    const om = 2 * (((km & partMask) << runShift) | (km >>> partShift));
    const sr = z[ok]! + z[om]!;
    const si = z[ok + 1]! - z[om + 1]!;
    const dr = z[ok]! - z[om]!;
    const di = z[ok + 1]! + z[om + 1]!;
    if (sr * sr + si * si >= 4 * negligible || dr * dr + di * di >= 4 * negligible) band = k;
  }
  // W = A^T + i·B^T over k = −K..K, stored conjugated: the inverse FFT is then the forward one,
  // ifft(W) = conj(fft(conj W))/N. W[k] = A^T + i·B^T; W[−k] = conj(A^T) + i·conj(B^T).
  const powered = new Float64Array(2 * (2 * band + 1));
  for (let k = 0; k <= band; k++) {
    const [ar, ai, br, bi] = halves(k);
    const [par, pai] = kept(ar, ai) ? complexPower(ar, ai, times) : [0, 0];
    const [pbr, pbi] = kept(br, bi) ? complexPower(br, bi, times) : [0, 0];
    powered[2 * (band + k)] = par - pbi;
    powered[2 * (band + k) + 1] = -(pai + pbr);
    if (k !== 0 && k !== size / 2) {
      powered[2 * (band - k)] = par + pbi;
      powered[2 * (band - k) + 1] = pai - pbr;
    }
  }
  const composed = bandLimitedTransform(powered, size, scratch('composed', 2 * size));
  // real part: Re(conj(y))/N = y_re/N; imaginary part: Im(conj(y))/N = −y_im/N
  const cut = (p: PldPmf, lo: number, hi: number, part: 0 | 1): PldPmf => {
    // No window holds all but `tail` of the mass (a PMF with a large +∞ mass, composed many times): all of it
    // counts as infinite loss.
    if (lo > hi) return { interval: p.interval, lower: 0, probs: Float64Array.of(0), infinityMass: 1 };
    const { probs, negative } = window(composed, part, lo, hi, (part === 0 ? 1 : -1) / size);
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
    const re = sa[2 * k]! * sb[2 * k]! - sa[2 * k + 1]! * sb[2 * k + 1]!;
    const im = sa[2 * k]! * sb[2 * k + 1]! + sa[2 * k + 1]! * sb[2 * k]!;
    sa[2 * k] = re;
    sa[2 * k + 1] = im;
  }
  const conv = inverseRealPart(sa, size).subarray(0, n);
  let left = 0;
  for (let s = 0; left < n; left++) {
    s += conv[left]!;
    if (s > tail / 2) break;
  }
  let right = n;
  for (let s = 0; right > 0;) {
    s += conv[right - 1]!;
    if (s > tail / 2) break;
    right--;
  }
  right = Math.max(right, left + 1);
  let leftMass = 0;
  for (let i = 0; i < left; i++) leftMass += conv[i]!;
  let rightMass = 0;
  for (let i = right; i < n; i++) rightMass += conv[i]!;
  const probs = conv.slice(left, right);
  const negative = clampNegative(probs);
  probs[0] = probs[0]! + leftMass;
  const inf = a.infinityMass + b.infinityMass - a.infinityMass * b.infinityMass;
  return {
    interval: a.interval,
    lower: a.lower + b.lower + left,
    probs,
    infinityMass: Math.min(1, inf + rightMass + negative),
  };
}
