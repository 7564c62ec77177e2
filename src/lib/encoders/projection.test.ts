import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../rng';
import { applyProjection, fitProjection } from './projection';

describe('public-data projection (standardise + PCA whitening)', () => {
  it('whitens the data it was fitted on and finds the top eigenvalues of the standardised covariance', () => {
    const n = 600;
    const d = 12;
    const k = 4;
    const rng = createRng(5);
    // correlated features with very different scales
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const z = Array.from({ length: d }, () => rng.normal());
      for (let j = 0; j < d; j++) x[i * d + j] = (z[j]! + 0.8 * z[(j + 1) % d]! * (j % 3)) * (1 + j * 10) + j;
    }
    const p = fitProjection({ features: x, dim: d, components: k, iterations: 30 });
    // reference: the full eigendecomposition of the standardised covariance
    const cols = Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, i) => x[i * d + j]!));
    const std = cols.map((c) => {
      const m = c.reduce((s, v) => s + v, 0) / n;
      return c.map((v) => v - m).map((v) => v / Math.sqrt(c.reduce((s, w) => s + (w - m) ** 2, 0) / (n - 1)));
    });
    const cov = new Matrix(d, d);
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        cov.set(a, b, std[a]!.reduce((s, v, i) => s + v * std[b]![i]!, 0) / (n - 1));
    const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true }).realEigenvalues.sort(
      (a, b) => b - a,
    );
    for (let i = 0; i < k; i++) expect(p.eigenvalues[i]!).toBeCloseTo(eig[i]!, 3);
    // whitened: mean 0, covariance I on the fitting data
    const y = applyProjection(p, x);
    for (let a = 0; a < k; a++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += y[i * k + a]! / n;
      expect(Math.abs(mean)).toBeLessThan(1e-3);
      for (let b = 0; b < k; b++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += (y[i * k + a]! * y[i * k + b]!) / (n - 1);
        expect(c).toBeCloseTo(a === b ? 1 : 0, 2);
      }
    }
  });

  it('keeps many components of a steep spectrum: finite, ordered eigenvalues and unit variance', () => {
    // features whose standardised covariance spans five orders of magnitude and 90 of 120 directions kept:
    // the subspace iteration's columns are nearly dependent in float32. (The failure this guards against,
    // a float32 Gram matrix too far from positive definite for the 1e-5 shift, needs ~1,000 columns: it
    // happened for 1,024 components of the 3,969 log-scattering coefficients, too slow for a unit test.)
    const n = 400;
    const d = 120;
    const k = 90;
    const rng = createRng(9);
    const x = new Float32Array(n * d);
    const mix = Array.from({ length: d * d }, () => rng.normal() / Math.sqrt(d));
    for (let i = 0; i < n; i++) {
      const z = Array.from({ length: d }, (_, j) => rng.normal() * 10 ** (-5 * (j / d)));
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += mix[a * d + j]! * z[j]!;
        x[i * d + a] = v;
      }
    }
    const p = fitProjection({ features: x, dim: d, components: k });
    expect(
      p.eigenvalues.every((v, i) => Number.isFinite(v) && (i === 0 || v <= p.eigenvalues[i - 1]! * 1.0001)),
    ).toBe(true);
    expect(Array.from(p.kernel).every(Number.isFinite)).toBe(true);
    // the leading whitened coordinates still have unit variance on the fitting data
    const y = applyProjection(p, x);
    for (let a = 0; a < 5; a++) {
      let c = 0;
      for (let i = 0; i < n; i++) c += y[i * k + a]! ** 2 / (n - 1);
      expect(c).toBeCloseTo(1, 1);
    }
  });
});
