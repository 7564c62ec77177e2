/**
 * Seeded pseudo-random numbers, always passed explicitly (never a patched Math.random).
 *
 * Uniform bits come from pure-rand's xoroshiro128+ (a well-kept generator library); this module only adds the
 * Gaussian transform and a seed from `crypto.getRandomValues`. xoroshiro128+ is a statistical generator, not a
 * cryptographic one: fine for teaching and experiments, and the UI says so where it draws DP noise.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Fill `out` with N(0, std²) values. */
  fillNormal(out: Float32Array | Float64Array, std?: number): void;
}

/** A 32-bit seed from the platform's cryptographic generator (Web Crypto, also in Node ≥ 19 and workers). */
export function cryptoSeed(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0]! >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const gen = xoroshiro128plus(seed | 0);
  let spare: number | null = null;
  const float = () => uniformFloat64(gen);
  // Marsaglia's polar method: two independent N(0,1) per accepted pair (acceptance π/4).
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * float() - 1;
      const v = 2 * float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * m;
        return u * m;
      }
    }
  };
  return {
    float,
    int: (n) => {
      if (!(n >= 1)) throw new Error(`int(n) needs n ≥ 1, got ${n}`);
      return Math.floor(float() * n);
    },
    normal,
    fillNormal: (out, std = 1) => {
      for (let i = 0; i < out.length; i++) out[i] = std * normal();
    },
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[] | Int32Array | Uint32Array, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}
