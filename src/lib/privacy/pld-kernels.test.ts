/**
 * The PLD's numerical kernels against slow independent references: Φ against stdlib's correctly rounded erfc,
 * the FFT shortcuts against `fft.js`'s full transform and the DFT's definition, the ternary-searched Chernoff
 * bounds against trying every order.
 */
import erfcReference from '@stdlib/math-base-special-erfc';
import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf } from './normal-cdf';
import { selfCompose, selfConvolveBounds } from './pld-compose';
import { bandLimitedTransform, offsetIn, paddedTransform, type Decimated } from './pld-fft';
import { GaussianPrivacyLoss, connectTheDotsPair, connectTheDotsPmf } from './pld-loss';

/** A deterministic pseudo-random stream (mulberry32). */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const maxRelErr = (f: (x: number) => number, g: (x: number) => number, from: number, to: number) => {
  let worst = 0;
  for (let x = from; x < to; x += 0.000913) worst = Math.max(worst, Math.abs(f(x) / g(x) - 1));
  return worst;
};

describe('normalCdf (Cephes ndtr)', () => {
  it('matches a correctly rounded erfc to Cephes’s quoted accuracy over the range the PLD meets', () => {
    const reference = (z: number) => 0.5 * erfcReference(-z * Math.SQRT1_2);
    // Cephes: erfc peak relative error 5.7e-14 on [0, 26.6]; Φ(z) for z down to −37 is erfc up to 26.2
    expect(maxRelErr(normalCdf, reference, -37, 8)).toBeLessThan(1e-13);
    expect(maxRelErr(erfc, erfcReference, -5, 26)).toBeLessThan(1e-13);
  });

  it('has the published values and the symmetry Φ(z) + Φ(−z) = 1', () => {
    expect(normalCdf(0)).toBe(0.5);
    // Φ(−1.96) and Φ(−10) to 15 digits (Abramowitz & Stegun 26.2; Φ(−10) = 7.6198530241605e−24)
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951482204, 15);
    expect(normalCdf(-10) / 7.6198530241605e-24 - 1).toBeLessThan(1e-12);
    for (const z of [0.3, 0.7071, 1, 2.5, 6]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
    expect(normalCdf(-40)).toBe(0);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });
});

/** The DFT by its definition, X[k] = Σ x_j e^{−2πijk/N} (slow). */
function dft(input: Float64Array, size: number): Float64Array {
  const out = new Float64Array(2 * size);
  for (let k = 0; k < size; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < input.length / 2; j++) {
      const angle = (-2 * Math.PI * ((j * k) % size)) / size;
      re += input[2 * j]! * Math.cos(angle) - input[2 * j + 1]! * Math.sin(angle);
      im += input[2 * j]! * Math.sin(angle) + input[2 * j + 1]! * Math.cos(angle);
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function fullTransform(input: Float64Array, size: number): Float64Array {
  const padded = new Float64Array(2 * size);
  padded.set(input);
  const out = new Float64Array(2 * size);
  new FFT(size).transform(out, padded);
  return out;
}

/** A decimated sequence back in natural order. */
function natural(d: Decimated): Float64Array {
  const at = offsetIn(d);
  const out = new Float64Array(2 * d.size);
  for (let i = 0; i < d.size; i++) {
    out[2 * i] = d.data[at(i)]!;
    out[2 * i + 1] = d.data[at(i) + 1]!;
  }
  return out;
}

const maxAbsDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('PLD transforms', () => {
  it('paddedTransform is the FFT of the zero-padded input, for every split', () => {
    const random = stream(1);
    // [n, N, transforms of N/D the split should use]
    for (const [n, size, parts] of [
      [13, 64, 4],
      [16, 64, 4],
      [17, 64, 2],
      [40, 64, 1],
      [64, 64, 1],
      [300, 4096, 8],
      [1500, 4096, 2],
    ] as const) {
      const input = Float64Array.from({ length: 2 * n }, random);
      const want = size <= 64 ? dft(input, size) : fullTransform(input, size);
      const got = paddedTransform(input, size);
      expect(got.parts).toBe(parts);
      expect(maxAbsDiff(natural(got), want)).toBeLessThan(1e-12 * n);
    }
  });

  it('bandLimitedTransform is the FFT of an input that vanishes outside |k| ≤ band', () => {
    const random = stream(2);
    // [K, N, transforms of M the split should use (1: too wide, one full transform)]
    for (const [band, size, parts] of [
      [0, 64, 16],
      [3, 64, 8],
      [7, 64, 4],
      [20, 64, 1],
      [40, 4096, 32],
      [200, 4096, 8],
      [1500, 4096, 1],
    ] as const) {
      const values = Float64Array.from({ length: 2 * (2 * band + 1) }, () => random() - 0.5);
      const input = new Float64Array(2 * size); // the same spectrum in natural order: c_k at k mod N
      for (let k = -band; k <= band; k++) {
        const at = k < 0 ? size + k : k;
        input[2 * at] = values[2 * (k + band)]!;
        input[2 * at + 1] = values[2 * (k + band) + 1]!;
      }
      const want = size <= 64 ? dft(input, size) : fullTransform(input, size);
      const got = bandLimitedTransform(values, size);
      expect(got.parts).toBe(parts);
      expect(maxAbsDiff(natural(got), want)).toBeLessThan(1e-12 * (2 * band + 1));
    }
  });
});

describe('selfConvolveBounds', () => {
  /** dp_accounting's `compute_self_convolve_bounds`: every order ±k/n, k = 1..20, in log space. */
  function allOrders(probs: Float64Array, times: number, tail: number): [number, number] {
    const n = probs.length;
    let upper = (n - 1) * times;
    let lower = 0;
    for (let k = -20; k <= 20; k++) {
      if (k === 0) continue;
      const order = k / n;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) if (probs[i]! > 0) hi = Math.max(hi, Math.log(probs[i]!) + i * order);
      let sum = 0;
      for (let i = 0; i < n; i++) if (probs[i]! > 0) sum += Math.exp(Math.log(probs[i]!) + i * order - hi);
      const bound = (times * (hi + Math.log(sum)) + Math.log(2 / tail)) / order;
      if (order > 0) upper = Math.min(upper, Math.ceil(bound));
      else lower = Math.max(lower, Math.floor(bound));
    }
    return [lower, upper];
  }

  it('finds the same range as trying all forty orders', () => {
    const random = stream(3);
    const cases: Float64Array[] = [
      connectTheDotsPmf(new GaussianPrivacyLoss(1.1, 256 / 60000, 'remove'), 1e-3).probs,
      connectTheDotsPmf(new GaussianPrivacyLoss(1.1, 256 / 60000, 'add'), 1e-3).probs,
      connectTheDotsPmf(new GaussianPrivacyLoss(0.7, 0.1, 'add'), 1e-3).probs,
      connectTheDotsPmf(new GaussianPrivacyLoss(4, 0.01, 'remove'), 1e-4).probs,
      Float64Array.from({ length: 500 }, random),
    ];
    for (const probs of cases) {
      const total = probs.reduce((s, p) => s + p, 0);
      const pmf = probs.map((p) => p / total);
      for (const times of [2, 10, 1000, 14063]) {
        const [lo, hi] = selfConvolveBounds(pmf, times, 1e-15);
        const [wantLo, wantHi] = allOrders(pmf, times, 1e-15);
        // the log-space reference and the running product may round a bound on either side of an integer
        expect(Math.abs(lo - wantLo)).toBeLessThanOrEqual(1);
        expect(Math.abs(hi - wantHi)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('selfCompose with no window', () => {
  it('counts everything as infinite loss when no index range holds all but the tail (+∞ mass 0.251, T = 1e5)', () => {
    // the bounds cross (lower > upper): this used to throw on a negative array length
    const pmf = { interval: 1e-3, lower: 0, probs: Float64Array.of(0.25, 0.25, 0.249), infinityMass: 0.251 };
    expect(selfCompose(pmf, 100000).infinityMass).toBe(1);
  });
});

describe('connectTheDotsPair', () => {
  it('gives both directions as the one-direction discretisation does (mirrored grid, Φ(−z) = 1 − Φ(z))', () => {
    for (const [sigma, q, interval] of [
      [1.1, 256 / 60000, 1e-4],
      [0.7, 0.1, 1e-3],
      [4, 0.01, 1e-4],
      [2, 1, 1e-3],
      // q = 1 with a small σ: ADD's grid reaches ε ≈ −60, where 1 + expm1(ε) has no digits left (review finding)
      [0.2, 1, 1e-3],
    ] as const) {
      const pair = connectTheDotsPair(sigma, q, interval);
      (['remove', 'add'] as const).forEach((direction, k) => {
        const one = connectTheDotsPmf(new GaussianPrivacyLoss(sigma, q, direction), interval);
        const got = pair[k]!;
        expect(got.lower).toBe(one.lower);
        expect(got.probs.length).toBe(one.probs.length);
        // δ agrees to an ulp; the masses are its second differences over e^d − 1, so ulps / d
        expect(maxAbsDiff(got.probs, one.probs)).toBeLessThan((4e-16 / interval) * 4);
        // (the top grid point: δ ≈ 1e-24 there, a difference of two terms ~100× larger)
        expect(Math.abs(got.infinityMass - one.infinityMass)).toBeLessThanOrEqual(1e-12 * one.infinityMass);
        // a PMF: its masses and the +∞ mass sum to 1 (up to the discretisation's pessimism, ~1e-7 here)
        expect(Math.abs(got.probs.reduce((t, p) => t + p, 0) + got.infinityMass - 1)).toBeLessThan(1e-6);
      });
    }
  });
});
