import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { morletKernel } from './morlet';
import { Scattering2D, convolutionMatrix, scatterChannels } from './scatter';
import { blobImage } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
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
