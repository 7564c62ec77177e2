import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../rng';
import { DEFAULT_ENCODER, buildEncoder } from '../simclr/encoder';
import {
  buildPixelsEncoder,
  buildScatterEncoder,
  encoderMetadata,
  scatterAndLearnedReadout,
  withProjection,
} from './kinds';
import { gaussianKernel, kernelPowerSpectrum, morletKernel } from './morlet';
import { applyProjection, fitProjection } from './projection';
import { Scattering2D, convolutionMatrix, scatterChannels } from './scatter';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

/** A smooth random 28 × 28 "garment": a few Gaussian blobs, values in [0, 1]. */
function blobImage(seed: number, size = 28): Float32Array {
  const rng = createRng(seed);
  const img = new Float32Array(size * size);
  for (let b = 0; b < 4; b++) {
    const cy = 6 + rng.float() * 16;
    const cx = 6 + rng.float() * 16;
    const s = 2 + rng.float() * 3;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        img[y * size + x]! += Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * s * s));
  }
  const max = Math.max(...img);
  return img.map((v) => v / max);
}

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

describe('Scattering2D (J = 2, L = 8)', () => {
  const apply = (images: Float32Array, n: number, size = 28, channels = 1) => {
    const layer = new Scattering2D();
    const x = tf.tensor4d(images, [n, size, size, channels]);
    const y = layer.apply(x) as tf.Tensor4D;
    const out = { shape: y.shape, data: y.dataSync() as Float32Array };
    tf.dispose([x, y]);
    layer.dispose();
    return out;
  };

  it('maps 28 × 28 × 1 to 7 × 7 × 81 (and 28 × 28 × 3 to 7 × 7 × 243), leaking no tensor', () => {
    expect(scatterChannels(8)).toBe(81);
    const before = tf.memory().numTensors;
    expect(apply(blobImage(1), 1).shape).toEqual([1, 7, 7, 81]);
    const rgb = new Float32Array(28 * 28 * 3).map((_, i) => blobImage(2)[Math.floor(i / 3)]!);
    expect(apply(rgb, 1, 28, 3).shape).toEqual([1, 7, 7, 243]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a constant image c gives S0 = c and no wavelet energy (ψ has zero mean; φ sums to 1)', () => {
    const { data } = apply(new Float32Array(28 * 28).fill(0.6), 1);
    for (let p = 0; p < 49; p++) {
      expect(data[p * 81]!).toBeCloseTo(0.6, 3);
      for (let c = 1; c < 81; c++) expect(Math.abs(data[p * 81 + c]!)).toBeLessThan(1e-4);
    }
  });

  it('a one-pixel shift changes the coefficients little, unlike the pixels themselves', () => {
    // a textured garment: sharp edges and pixel-level texture (what a shift changes most in pixel space)
    const rng = createRng(3);
    const img = blobImage(3).map((v) => (v > 0.35 ? 0.5 + 0.5 * rng.float() : 0));
    const shifted = new Float32Array(28 * 28);
    for (let y = 0; y < 28; y++) for (let x = 1; x < 28; x++) shifted[y * 28 + x] = img[y * 28 + x - 1]!;
    const relative = (a: Float32Array, b: Float32Array) => {
      let d = 0;
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        d += (a[i]! - b[i]!) ** 2;
        s += a[i]! ** 2;
      }
      return Math.sqrt(d / s);
    };
    const both = new Float32Array(2 * 784);
    both.set(img);
    both.set(shifted, 784);
    const { data } = apply(both, 2);
    const sc = relative(data.subarray(0, 3969), data.subarray(3969));
    const px = relative(img, shifted);
    expect(px).toBeGreaterThan(0.5);
    expect(sc).toBeLessThan(px / 2.5);
  });
});

describe('convolutions as matrices (the scattering layer on small images)', () => {
  it('equal mirror padding + tf.conv2d (valid, stride 2) for two complex Morlet kernels, to float32 rounding', () => {
    const ks = [morletKernel(1, 0, 8), morletKernel(1, 3, 8)];
    const [h, w] = [28, 20]; // not square, so rows and columns cannot be swapped by mistake
    const rng = createRng(5);
    const img = Float32Array.from({ length: h * w }, () => rng.float());
    const kernels = [...ks.map((k) => k.re), ...ks.map((k) => k.im)];
    const m = convolutionMatrix(kernels, ks[0]!.size, ks[0]!.half, h, w, 2);
    const outputs = Math.ceil(h / 2) * Math.ceil(w / 2);
    const viaMatrix = tf.tidy(() =>
      tf.matMul(tf.tensor2d(img, [1, h * w]), tf.tensor2d(m, [h * w, outputs * 4])).dataSync(),
    );
    const half = ks[0]!.half;
    const viaConv = tf.tidy(() => {
      const x = tf.tensor4d(img, [1, h, w, 1]);
      const padded = tf.mirrorPad(
        x,
        [
          [0, 0],
          [half, half],
          [half, half],
          [0, 0],
        ],
        'reflect',
      );
      const size = ks[0]!.size;
      const bank = new Float32Array(size * size * 4);
      kernels.forEach((k, c) => k.forEach((v, p) => (bank[p * 4 + c] = v)));
      return tf.conv2d(padded, tf.tensor4d(bank, [size, size, 1, 4]), 2, 'valid').dataSync(); // [1, oh, ow, 4]
    });
    expect(viaMatrix.length).toBe(viaConv.length);
    let worst = 0;
    for (let i = 0; i < viaConv.length; i++) worst = Math.max(worst, Math.abs(viaMatrix[i]! - viaConv[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('the scattering layer gives the same coefficients on its matrix path and its convolution path', () => {
    const x = tf.randomUniform<tf.Rank.R4>([3, 28, 28, 1], 0, 1, 'float32', 11);
    const viaMatrix = new Scattering2D({});
    const a = (viaMatrix.apply(x) as tf.Tensor).dataSync();
    const saved = Scattering2D.matrixEntriesMax;
    Scattering2D.matrixEntriesMax = 0; // a fresh layer builds no ψ₁ matrix
    try {
      const viaConv = new Scattering2D({});
      const b = (viaConv.apply(x) as tf.Tensor).dataSync();
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-5);
      viaConv.dispose();
    } finally {
      Scattering2D.matrixEntriesMax = saved;
      viaMatrix.dispose();
      x.dispose();
    }
  });
});

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

describe('encoder kinds', () => {
  const images = (n: number) => {
    const out = new Float32Array(n * 784);
    for (let i = 0; i < n; i++) out.set(blobImage(10 + i), i * 784);
    return tf.tensor4d(out, [n, 28, 28, 1]);
  };

  it('each kind builds, embeds a few images with its documented size, says its kind, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const x = images(3);
    const cases: [tf.LayersModel, number, string][] = [
      [buildPixelsEncoder(28, 1), 784, 'pixels'],
      [buildScatterEncoder(28, 1), 3969, 'scatter'],
      [buildEncoder({ ...DEFAULT_ENCODER, width: 8, stages: 2, groups: 4 }), 16, 'none'],
    ];
    for (const [model, dim, kind] of cases) {
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([3, dim]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      y.dispose();
      expect(encoderMetadata(model)?.kind ?? 'none').toBe(kind);
      model.dispose();
    }
    // pixels are the image itself
    const px = buildPixelsEncoder(28, 1);
    const flat = px.predict(x) as tf.Tensor;
    expect(Array.from(flat.dataSync().slice(0, 784))).toEqual(Array.from(x.dataSync().slice(0, 784)));
    flat.dispose();
    px.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a projection appended to an encoder gives the same numbers as applying it by hand, and says so', () => {
    const model = buildScatterEncoder(28, 1);
    const x = images(6);
    const feats = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const p = fitProjection({ features: Float32Array.from(feats), dim: 3969, components: 3, iterations: 2 });
    const projected = withProjection(model, p, 'six test images', 0);
    const y = projected.predict(x) as tf.Tensor;
    const want = applyProjection(p, feats);
    const got = y.dataSync();
    for (let i = 0; i < want.length; i++) expect(got[i]!).toBeCloseTo(want[i]!, 2);
    const meta = encoderMetadata(projected)!;
    expect(meta.kind).toBe('scatter');
    expect(meta.projection).toMatchObject({ components: 3, fittedOn: 'six test images' });
    tf.dispose([x, y]);
    projected.dispose();
  });

  it('a SimCLR network over the scattering front end hands down [coefficients, learned embedding]', () => {
    const enc = buildEncoder({ ...DEFAULT_ENCODER, width: 8, stages: 2, groups: 4, frontEnd: 'scatter' });
    const readout = scatterAndLearnedReadout(enc);
    const x = images(2);
    const y = readout.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3969 + 16]);
    tf.dispose([x, y]);
    readout.dispose();
  });
});
