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
});
