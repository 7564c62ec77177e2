import { describe, expect, it } from 'vitest';
import { gaussianKernel, kernelPowerSpectrum, morletKernel } from './morlet';

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe('Morlet filter bank (Kymatio conventions)', () => {
  it('every wavelet has zero mean and the low-pass sums to 1 (up to truncation at 3.5σ)', () => {
    for (const j of [0, 1])
      for (let l = 0; l < 8; l++) {
        const k = morletKernel(j, l, 8);
        expect(Math.abs(sum(k.re))).toBeLessThan(1e-12);
        expect(Math.abs(sum(k.im))).toBeLessThan(1e-12);
      }
    expect(sum(gaussianKernel(2).re)).toBeCloseTo(1, 3);
    // at resolution 1 (sampled every 2 pixels, ×4) it still sums to 1
    expect(sum(gaussianKernel(2, 1).re)).toBeCloseTo(1, 3);
  });

  it('wavelets of scale j are 2^j times wider: their peak frequency halves', () => {
    const peak = (j: number) => {
      const n = 32;
      const p = kernelPowerSpectrum(morletKernel(j, 3, 8), n); // θ = 0: frequency along rows
      let best = 0;
      for (let a = 0; a < n / 2; a++) if (p[a * n]! > p[best * n]!) best = a;
      return best / n; // cycles per pixel
    };
    // ξ = 3π/4 · 2^−j rad/pixel = 0.375 · 2^−j cycles/pixel
    expect(peak(0)).toBeCloseTo(0.375, 1);
    expect(peak(1)).toBeCloseTo(0.1875, 1);
  });

  it('Littlewood–Paley: the bank is non-expansive (sum ≤ 1) and covers every frequency up to 3π/4 (sum ≥ 0.5)', () => {
    const n = 32;
    const lp = kernelPowerSpectrum(gaussianKernel(2), n);
    for (const j of [0, 1])
      for (let l = 0; l < 8; l++) {
        const p = kernelPowerSpectrum(morletKernel(j, l, 8), n);
        for (let a = 0; a < n; a++)
          for (let b = 0; b < n; b++) {
            // a real image's energy at ω and −ω is the same: average the two
            const mirror = ((n - a) % n) * n + ((n - b) % n);
            lp[a * n + b]! += 0.5 * (p[a * n + b]! + p[mirror]!);
          }
      }
    let inBandMin = Infinity;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const f = Math.hypot(Math.min(a, n - a) / n, Math.min(b, n - b) / n);
        expect(lp[a * n + b]!).toBeLessThanOrEqual(1 + 1e-3);
        if (f <= 0.375) inBandMin = Math.min(inBandMin, lp[a * n + b]!);
      }
    expect(inBandMin).toBeGreaterThan(0.5);
  });
});
