/**
 * The discrete Fourier transforms behind PLD composition, on `fft.js` (radix-4, powers of two). Two shapes of
 * input that the self-composition of a PLD meets every time get a cheaper exact route than one FFT of the full
 * size N (which must hold the composed PMF's whole support, 2^18 for the bench's MNIST setting, and is cache-bound
 * at that size); both leave their output decimated (`Decimated`), one contiguous run per small transform:
 * - a zero-padded input of n ≤ N/D values (one step's PMF, ~N/7): X[D·m + r] = FFT_{N/D}(x_i·ω^{ir})[m], D
 *   transforms of size N/D;
 * - a band-limited input, non-zero only at |k| ≤ K (a T-th power of a characteristic function: all but ~300 of
 *   2^17 frequencies underflow to 0 for T = 14,063): X[a + L·b] = FFT_M(x_k·ω^{ak})[b], L = N/M transforms of size
 *   M ≥ 2K + 1.
 * Both are the Cooley–Tukey split with the zero inputs (or unneeded folds) left out; ω = e^{−2πi/N}, its powers read
 * from two small tables (ω^t = ω^{t_hi·S}·ω^{t_lo}), so every twiddle is exact to an ulp or two.
 */
import FFT from 'fft.js';

/** A per-size cache of costly tables (the last eight sizes kept). */
function sizeCache<T>(make: (size: number) => T): (size: number) => T {
  const cache = new Map<number, T>();
  return (size) => {
    let v = cache.get(size);
    if (v === undefined) {
      v = make(size);
      cache.set(size, v);
      const oldest = cache.keys().next().value;
      if (cache.size > 8 && oldest !== undefined) cache.delete(oldest);
    }
    return v;
  };
}

/** An `fft.js` instance of `size` (its tables are the costly part). */
const fftOf = sizeCache((size) => new FFT(size));

export const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(4, n)));

/** ω^t = e^{−2πit/N} for integer t, as a product of two table entries (t_hi·S + t_lo, S ≈ √N). */
class Twiddles {
  readonly mask: number;
  private readonly shift: number;
  private readonly lowMask: number;
  private readonly hi: Float64Array;
  private readonly lo: Float64Array;

  constructor(readonly size: number) {
    this.mask = size - 1;
    this.shift = Math.ceil(Math.log2(size) / 2);
    const s = 2 ** this.shift;
    this.lowMask = s - 1;
    this.hi = new Float64Array((2 * size) / s);
    this.lo = new Float64Array(2 * s);
    for (let t = 0; t < s; t++) {
      this.lo[2 * t] = Math.cos((-2 * Math.PI * t) / size);
      this.lo[2 * t + 1] = Math.sin((-2 * Math.PI * t) / size);
    }
    for (let t = 0; t < size / s; t++) {
      this.hi[2 * t] = Math.cos((-2 * Math.PI * t * s) / size);
      this.hi[2 * t + 1] = Math.sin((-2 * Math.PI * t * s) / size);
    }
  }

  /** out[at], out[at + 1] = (re, im)·ω^u for 0 ≤ u < N (reduce t with `& mask`: N is a power of two). */
  rotate(re: number, im: number, u: number, out: Float64Array, at: number): void {
    const h = 2 * (u >>> this.shift);
    const l = 2 * (u & this.lowMask);
    const hr = this.hi[h]!;
    const hi = this.hi[h + 1]!;
    const lr = this.lo[l]!;
    const li = this.lo[l + 1]!;
    const wr = hr * lr - hi * li;
    const wi = hr * li + hi * lr;
    out[at] = re * wr - im * wi;
    out[at + 1] = re * wi + im * wr;
  }
}

const twiddlesOf = sizeCache((size) => new Twiddles(size));

/**
 * A complex sequence of length N (a power of two) stored decimated by P parts: entry i at complex offset
 * (i mod P)·(N/P) + ⌊i/P⌋, so that each of the P transforms below writes one contiguous run and nothing is
 * scattered (P = 1 is the natural order). Reading it in natural order touches P cache lines at a time.
 */
export interface Decimated {
  readonly data: Float64Array;
  readonly size: number;
  readonly parts: number;
}

/** The Float64 offset of entry i's real part (its imaginary part follows); i is taken modulo N. */
export function offsetIn({ size, parts }: Decimated): (i: number) => number {
  const partMask = parts - 1;
  const partShift = Math.log2(parts);
  const runShift = Math.log2(size / parts);
  const mask = size - 1;
  return (i) => {
    const j = i & mask;
    return 2 * (((j & partMask) << runShift) | (j >>> partShift));
  };
}

/**
 * P = N/M transforms of size M into the P runs of `data` (length 2N, overwritten whole): `fill(p, work, ω)`
 * writes part p's input into `work` (zeros where it wrote nothing before).
 */
function transformParts(
  size: number,
  sub: number,
  data: Float64Array,
  fill: (part: number, work: Float64Array, w: Twiddles) => void,
): Decimated {
  const parts = size / sub;
  const f = fftOf(sub);
  const w = twiddlesOf(size);
  const work = new Float64Array(2 * sub);
  for (let p = 0; p < parts; p++) {
    fill(p, work, w);
    f.transform(data.subarray(2 * sub * p, 2 * sub * (p + 1)), work);
  }
  return { data, size, parts };
}

/**
 * X[k] = Σ_{i<n} x_i·ω^{ik} for k < N = `size` (`fft.js`'s `transform` of the interleaved complex `input`,
 * n = input.length/2 ≤ N, zero-padded to N), as D transforms of size N/D where n ≤ N/D: part r holds X[D·m + r].
 */
export function paddedTransform(
  input: Float64Array,
  size: number,
  data = new Float64Array(2 * size),
): Decimated {
  const n = input.length / 2;
  return transformParts(size, Math.min(size, nextPow2(n)), data, (r, work, w) => {
    // x_i·ω^{ir}
    if (r === 0) work.set(input);
    else
      for (let i = 0, t = 0; i < n; i++, t = (t + r) & w.mask)
        w.rotate(input[2 * i]!, input[2 * i + 1]!, t, work, 2 * i);
  });
}

/**
 * X[j] = Σ_{|k|≤K} c_k·ω^{jk} for j < N = `size`, with `band` = (c_−K, …, c_K) interleaved complex (the FFT of a
 * spectrum that vanishes outside |k| ≤ K): L = N/M transforms of size M = nextPow2(2K + 1), part a holding
 * X[a + L·b]. A band too wide for that to pay is one transform of size N (P = 1, a = 0: the rotations are by 1).
 */
export function bandLimitedTransform(
  band: Float64Array,
  size: number,
  data = new Float64Array(2 * size),
): Decimated {
  const half = (band.length / 2 - 1) / 2;
  const fits = nextPow2(2 * half + 1);
  return transformParts(size, fits * 4 > size ? size : fits, data, (a, work, w) => {
    // work[k mod M] = c_k·ω^{a·k}
    const sub = work.length / 2;
    for (let k = -half, t = (-half * a) & w.mask; k <= half; k++, t = (t + a) & w.mask)
      w.rotate(band[2 * (k + half)]!, band[2 * (k + half) + 1]!, t, work, 2 * (k < 0 ? sub + k : k));
  });
}

/** Forward FFT of a real array zero-padded to `size` (interleaved complex out). */
export function realFft(values: Float64Array, size: number): Float64Array {
  const f = fftOf(size);
  const input = new Float64Array(size);
  input.set(values);
  const out = new Float64Array(2 * size);
  f.realTransform(out, input);
  f.completeSpectrum(out);
  return out;
}

/** Real part of the inverse FFT of an interleaved complex spectrum. */
export function inverseRealPart(spectrum: Float64Array, size: number): Float64Array {
  const f = fftOf(size);
  const out = new Float64Array(2 * size);
  f.inverseTransform(out, spectrum);
  const re = new Float64Array(size);
  for (let i = 0; i < size; i++) re[i] = out[2 * i]!;
  return re;
}
