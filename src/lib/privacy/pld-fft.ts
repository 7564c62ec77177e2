/**
 * The discrete Fourier transforms behind PLD composition, on `fft.js` (radix-4, powers of two). Two shapes of
 * input that the self-composition of a PLD meets every time get a cheaper exact route than one FFT of the full
 * size N (which must hold the composed PMF's whole support, 2^18 for the bench's MNIST setting, and is cache-bound
 * at that size):
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
export const fftOf = sizeCache((size) => new FFT(size));

export const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(4, n)));

/** ω^t = e^{−2πit/N} for integer t, as a product of two table entries (t_hi·S + t_lo, S ≈ √N). */
class Twiddles {
  readonly mask: number;
  readonly shift: number;
  readonly lowMask: number;
  readonly hi: Float64Array;
  readonly lo: Float64Array;

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
 * X[k] = Σ_{i<n} x_i·ω^{ik} for k < N, of the interleaved complex `input` (n = input.length/2 ≤ N) zero-padded to
 * N = `size`: `fft.js`'s `transform` of the padded input, as D transforms of size N/D where n ≤ N/D. Every
 * entry of `out` (length 2N) is written.
 */
export function paddedTransform(
  input: Float64Array,
  size: number,
  out = new Float64Array(2 * size),
): Float64Array {
  const n = input.length / 2;
  const sub = Math.min(size, nextPow2(n));
  const parts = size / sub;
  if (parts === 1) {
    const padded = new Float64Array(2 * size);
    padded.set(input);
    fftOf(size).transform(out, padded);
    return out;
  }
  const f = fftOf(sub);
  const w = twiddlesOf(size);
  const twisted = new Float64Array(2 * sub);
  const part = new Float64Array(2 * sub);
  for (let r = 0; r < parts; r++) {
    if (r === 0) twisted.set(input);
    else
      for (let i = 0, t = 0; i < n; i++, t = (t + r) & w.mask)
        w.rotate(input[2 * i]!, input[2 * i + 1]!, t, twisted, 2 * i);
    f.transform(part, twisted);
    for (let m = 0, k = r; m < sub; m++, k += parts) {
      out[2 * k] = part[2 * m]!;
      out[2 * k + 1] = part[2 * m + 1]!;
    }
  }
  return out;
}

/**
 * `fft.js`'s `transform` of an interleaved complex `input` of length 2N that is non-zero only at k ≤ `band` and
 * k ≥ N − `band`: L = N/M transforms of size M = nextPow2(2·band + 1), one per output residue a = j mod L.
 * Every entry of `out` (length 2N) is written.
 */
export function bandLimitedTransform(
  input: Float64Array,
  band: number,
  size: number,
  out = new Float64Array(2 * size),
): Float64Array {
  const sub = nextPow2(2 * band + 1);
  if (sub * 4 > size) {
    fftOf(size).transform(out, input);
    return out;
  }
  const strides = size / sub;
  const f = fftOf(sub);
  const w = twiddlesOf(size);
  const folded = new Float64Array(2 * sub);
  // The outputs of one residue a lie `strides` apart in `out`; written a block of residues at a time, each
  // write fills whole cache lines instead of touching a new one (and a new page) per number.
  const block = Math.min(16, strides);
  const parts = new Float64Array(2 * sub * block);
  for (let a0 = 0; a0 < strides; a0 += block) {
    for (let g = 0; g < block; g++) {
      const a = a0 + g;
      rotateBand(w, input, band, size, sub, a, folded);
      f.transform(parts.subarray(2 * sub * g, 2 * sub * (g + 1)), folded);
    }
    for (let b = 0; b < sub; b++) {
      const at = 2 * (a0 + b * strides);
      for (let g = 0; g < block; g++) {
        out[at + 2 * g] = parts[2 * (sub * g + b)]!;
        out[at + 2 * g + 1] = parts[2 * (sub * g + b) + 1]!;
      }
    }
  }
  return out;
}

/** folded[k mod M] = input[k mod N]·ω^{a·k} for |k| ≤ band (the inner loop of `bandLimitedTransform`). */
function rotateBand(
  w: Twiddles,
  input: Float64Array,
  band: number,
  size: number,
  sub: number,
  a: number,
  folded: Float64Array,
): void {
  const { hi, lo, mask, shift, lowMask } = w;
  for (let k = -band, t = (-band * a) & mask; k <= band; k++, t = (t + a) & mask) {
    const from = 2 * (k < 0 ? size + k : k);
    const to = 2 * (k < 0 ? sub + k : k);
    const h = 2 * (t >>> shift);
    const l = 2 * (t & lowMask);
    const hr = hi[h]!;
    const hm = hi[h + 1]!;
    const lr = lo[l]!;
    const lm = lo[l + 1]!;
    const wr = hr * lr - hm * lm;
    const wi = hr * lm + hm * lr;
    const re = input[from]!;
    const im = input[from + 1]!;
    folded[to] = re * wr - im * wi;
    folded[to + 1] = re * wi + im * wr;
  }
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
