/**
 * float32 → IEEE 754 half precision (binary16) bits, rounded to nearest, ties to even: the encoding tfjs
 * decodes for weights whose manifest entry says `quantization: { dtype: 'float16' }` (tfjs can read such
 * weights but has no writer outside its Python converter). Used to ship large frozen projections at half
 * the size; values beyond ±65504 become ±∞, NaN stays NaN.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    const mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); // ∞ or NaN
      continue;
    }
    const e = exp - 127 + 15; // the half-precision exponent
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00; // overflow: ∞
      continue;
    }
    if (e <= 0) {
      // subnormal half (or zero): the 24-bit significand shifted right by 14 − e, rounded to nearest even
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      const m = mant | 0x800000;
      const shift = 14 - e;
      const half = m >>> shift;
      const rest = m & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      out[i] = sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
      continue;
    }
    const half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // a carry out of the significand raises the exponent (and may give ∞): the bit layout makes that correct
    out[i] = sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
  }
  return out;
}
