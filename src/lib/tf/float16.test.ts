import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { float16Bits } from './float16';

/** The value of half-precision bits, from the definition (independent of tfjs and of the encoder). */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  if (e === 0) return sign * m * 2 ** -24;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

describe('float16Bits', () => {
  it('gives the nearest half-precision value (ties to even) for normal, subnormal and extreme inputs', () => {
    const rng = createRng(7);
    const xs = [
      0,
      -0,
      1,
      -2,
      65504,
      65519,
      65520,
      1e6,
      -1e6,
      6.1e-5,
      5.96e-8,
      2.98e-8,
      2.99e-8,
      1e-9,
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
    ];
    for (let i = 0; i < 3000; i++) xs.push((rng.float() - 0.5) * 10 ** (rng.float() * 12 - 8));
    const input = Float32Array.from(xs);
    const bits = float16Bits(input);
    for (let i = 0; i < input.length; i++) {
      const x = input[i]!;
      const got = halfValue(bits[i]!);
      if (Math.abs(x) >= 65520) {
        expect(got).toBe(Math.sign(x) * Infinity);
        continue;
      }
      // no other half value is nearer: check the neighbours on both sides
      const err = Math.abs(got - x);
      for (const nb of [bits[i]! - 1, bits[i]! + 1]) {
        if ((nb & 0x7fff) > 0x7bff || nb < 0 || (nb & 0x7fff) === 0x7fff) continue;
        const other = halfValue(nb);
        if (Math.sign(other) !== Math.sign(got) && got !== 0) continue;
        expect(err).toBeLessThanOrEqual(Math.abs(other - x));
        if (err === Math.abs(other - x) && err > 0) expect(bits[i]! & 1).toBe(0); // a tie goes to even
      }
    }
    expect(float16Bits(Float32Array.of(1 + 2 ** -11))[0]).toBe(0x3c00); // a tie: down to the even 1
    expect(float16Bits(Float32Array.of(1 + 3 * 2 ** -11))[0]).toBe(0x3c02); // a tie: up to the even neighbour
    expect(float16Bits(Float32Array.of(NaN))[0]! & 0x7c00).toBe(0x7c00);
  });

  it('is what tfjs decodes for a float16-quantised weight', () => {
    const rng = createRng(8);
    const values = Float32Array.from({ length: 257 }, () => (rng.float() - 0.5) * 4);
    const bits = float16Bits(values);
    const decoded = tf.io.decodeWeights(bits.buffer as ArrayBuffer, [
      { name: 'w', shape: [257], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    const got = decoded['w']!.dataSync();
    for (let i = 0; i < values.length; i++) {
      expect(got[i]).toBe(halfValue(bits[i]!));
      expect(Math.abs(got[i]! - values[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) * 2 ** -11 + 1e-9);
    }
    decoded['w']!.dispose();
  });
});
