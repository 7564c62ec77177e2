import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { morletKernel } from './morlet';
import { Scattering2D, convolutionMatrix, scatterChannels } from './scatter';
import { blobImage } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The coefficients of N square images through a fresh layer (disposed after), shape and values. */
function scatterOf(
  images: Float32Array,
  n: number,
  opts: { J?: 1 | 2; size?: number; channels?: number } = {},
) {
  const { J = 2, size = 28, channels = 1 } = opts;
  const layer = new Scattering2D({ J });
  const x = tf.tensor4d(images, [n, size, size, channels]);
  const y = layer.apply(x) as tf.Tensor4D;
  const out = { shape: y.shape, data: y.dataSync() as Float32Array };
  tf.dispose([x, y]);
  layer.dispose();
  return out;
}

/** A constant image c: S0 = c at every position and no wavelet energy in the other maps (ψ has zero mean). */
function expectConstantImage(J: 1 | 2, c: number, positions: number, maps: number) {
  const { data } = scatterOf(new Float32Array(28 * 28).fill(c), 1, { J });
  for (let p = 0; p < positions; p++) {
    expect(data[p * maps]!).toBeCloseTo(c, 3);
    for (let m = 1; m < maps; m++) expect(Math.abs(data[p * maps + m]!)).toBeLessThan(1e-4);
  }
}

describe('Scattering2D (J = 2, L = 8)', () => {
  const apply = (images: Float32Array, n: number, size = 28, channels = 1) =>
    scatterOf(images, n, { size, channels });

  it('maps 28 × 28 × 1 to 7 × 7 × 81 (and 28 × 28 × 3 to 7 × 7 × 243), leaking no tensor', () => {
    expect(scatterChannels(8)).toBe(81);
    const before = tf.memory().numTensors;
    expect(apply(blobImage(1), 1).shape).toEqual([1, 7, 7, 81]);
    const rgb = new Float32Array(28 * 28 * 3).map((_, i) => blobImage(2)[Math.floor(i / 3)]!);
    expect(apply(rgb, 1, 28, 3).shape).toEqual([1, 7, 7, 243]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a constant image c gives S0 = c and no wavelet energy (ψ has zero mean; φ sums to 1)', () => {
    expectConstantImage(2, 0.6, 49, 81);
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

describe('Scattering2D with J = 1 (orders 0 and 1 at 14 × 14)', () => {
  const apply = (images: Float32Array, n: number, channels = 1) => scatterOf(images, n, { J: 1, channels });

  it('maps 28 × 28 × 1 to 14 × 14 × 9 (28 × 28 × 3 to 14 × 14 × 27), says so, and leaks no tensor', () => {
    expect(scatterChannels(8, 1)).toBe(9);
    expect(new Scattering2D({ J: 1 }).computeOutputShape([null, 28, 28, 1])).toEqual([null, 14, 14, 9]);
    const before = tf.memory().numTensors;
    expect(apply(blobImage(1), 1).shape).toEqual([1, 14, 14, 9]);
    const rgb = new Float32Array(28 * 28 * 3).map((_, i) => blobImage(2)[Math.floor(i / 3)]!);
    const three = apply(rgb, 1, 3);
    expect(three.shape).toEqual([1, 14, 14, 27]);
    // the same image in every channel: the three channels' 9 maps agree
    for (let p = 0; p < 196; p++)
      for (let k = 0; k < 9; k++) expect(three.data[p * 27 + 18 + k]).toBeCloseTo(three.data[p * 27 + k]!, 5);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new Scattering2D({ J: 3 as 2 })).toThrow(/J = 1 or 2/);
    expect(() => new Scattering2D({ L: 100_000 })).toThrow(/1 to 16 orientations/);
  });

  it('keeps J = 1 through saving and loading (tfjs writes the config keys in snake case)', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const out = new Scattering2D({ J: 1, name: 's' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler((a) => {
        saved = a;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect((loaded.getLayer('s') as Scattering2D).J).toBe(1);
    expect((loaded.getLayer('s') as Scattering2D).L).toBe(8);
    expect(loaded.outputs[0]!.shape).toEqual([null, 14, 14, 9]);
    model.dispose();
    loaded.dispose();
  });

  it('a constant image c gives S0 = c and no wavelet energy', () => {
    expectConstantImage(1, 0.3, 196, 9);
  });

  it('its order-1 maps average the same |x ⋆ ψ_{0,θ}| as the J = 2 layer’s (φ sums to 1): equal means', () => {
    // S1 at J = 1 and at J = 2 low-pass the same |x ⋆ ψ_{0,θ}| (φ sums to 1), so their means over the image agree
    const img = blobImage(4);
    const fine = apply(img, 1).data;
    const c2 = scatterOf(img, 1).data;
    for (let theta = 0; theta < 8; theta++) {
      let a = 0;
      let b = 0;
      for (let p = 0; p < 196; p++) a += fine[p * 9 + 1 + theta]! / 196;
      for (let p = 0; p < 49; p++) b += c2[p * 81 + 1 + theta]! / 49;
      expect(a).toBeCloseTo(b, 2);
    }
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

  it.each([2, 1] as const)(
    'the J = %i layer gives the same coefficients on its matrix and convolution paths, and frees all it built',
    (J) => {
      const x = tf.randomUniform<tf.Rank.R4>([3, 28, 28, 1], 0, 1, 'float32', 11);
      const before = tf.memory().numTensors;
      const viaMatrix = new Scattering2D({ J });
      const outMatrix = viaMatrix.apply(x) as tf.Tensor;
      const a = outMatrix.dataSync();
      const saved = Scattering2D.matrixEntriesMax;
      Scattering2D.matrixEntriesMax = 0; // a fresh layer builds no ψ₁ (J = 2) or φ₁ (J = 1) matrix
      try {
        const viaConv = new Scattering2D({ J });
        const outConv = viaConv.apply(x) as tf.Tensor;
        const b = outConv.dataSync();
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
        expect(worst).toBeLessThan(1e-5);
        tf.dispose([outConv, outMatrix]);
        viaConv.dispose();
        viaMatrix.dispose();
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        Scattering2D.matrixEntriesMax = saved;
        x.dispose();
      }
    },
  );
});
