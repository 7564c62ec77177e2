/**
 * The 2-D scattering transform (Mallat 2012; Bruna & Mallat 2013) with J = 2 and L orientations, as a fixed,
 * serialisable tfjs layer: the ScatterNet front end of Tramèr & Boneh (ICLR 2021, "Differentially Private
 * Learning Needs Better Features"), which there is Kymatio's `Scattering2D(J=2, L=8)`. Written by us as
 * convolutions with the Morlet kernels of `morlet.ts` (no FFT), so it runs on every tfjs backend and inside
 * a LayersModel (then a learned network can sit on top of it and be saved with it).
 *
 * For a 28 × 28 image (per input channel), with ⋆ a convolution, |·| the complex modulus and ↓k sampling every
 * k-th pixel (mirror padding at the borders):
 *   order 0:  S0       = (x ⋆ φ)↓4                                            1 map
 *   order 1:  U1_{j,θ} = |x ⋆ ψ_{j,θ}|↓2^j,  S1 = (U1 ⋆ φ)↓4                  2·L maps
 *   order 2:  U2       = ||x ⋆ ψ_{0,θ1}| ⋆ ψ_{1,θ2}|↓2,  S2 = (U2 ⋆ φ)↓4       L² maps
 * → 1 + 2L + L² = 81 maps of 7 × 7 for L = 8 (Kymatio's count for J = 2: 1 + JL + L²J(J−1)/2), channels last:
 * [S0, S1 (j = 0, θ…), S1 (j = 1, θ…), S2 (θ1, θ2)…]. Output [N, ⌈H/4⌉, ⌈W/4⌉, 81·C]. No trainable weights.
 * With J = 1 (finer, less invariant): S0 = (x ⋆ φ₁)↓2 and S1 = (|x ⋆ ψ_{0,θ}| ⋆ φ₁)↓2, 1 + L = 9 maps of
 * 14 × 14, output [N, ⌈H/2⌉, ⌈W/2⌉, 9·C].
 * The stride-2 ψ₁ convolutions (orders 1 and 2) and every low-pass run as matrix products with the
 * convolution written out as a matrix (`convolutionMatrix`, mirror borders folded in) when the image is small
 * (28 × 28: 1.98 → 1.41 ms per image on wasm in Node); large images take the convolution path (same values).
 */
import * as tf from '@tensorflow/tfjs';
import { type Kernel, gaussianKernel, morletKernel } from './morlet.ts';
// registered with the scattering layer: every place that can load a scattering encoder can load its log
import './log-compression.ts';

export const SCATTER_J = 2;

/** Maps per input channel: 1 + J·L + L²·J(J−1)/2 (81 for J = 2, L = 8; 9 for J = 1, L = 8). */
export function scatterChannels(L: number, J: 1 | 2 = SCATTER_J): number {
  return J === 1 ? 1 + L : 1 + 2 * L + L * L;
}

export interface ScatteringArgs {
  /** Orientations (Kymatio's L); 8 by default. */
  L?: number;
  /**
   * Scales: 2 (the default, Tramèr & Boneh's front end: 81 maps at H/4 × W/4) or 1 (orders 0 and 1 only, at
   * twice the resolution: 1 + L maps at H/2 × W/2, Kymatio's `Scattering2D(J=1)`; order 2 needs two scales).
   */
  J?: 1 | 2;
  name?: string;
}

/** [size, size, 1, 2K]: the real parts of K kernels, then their imaginary parts. */
function complexBank(kernels: Kernel[]): tf.Tensor4D {
  const size = kernels[0]!.size;
  const k = kernels.length;
  const data = new Float32Array(size * size * 2 * k);
  kernels.forEach((ker, c) => {
    for (let p = 0; p < size * size; p++) {
      data[p * 2 * k + c] = ker.re[p]!;
      data[p * 2 * k + k + c] = ker.im[p]!;
    }
  });
  return tf.tensor4d(data, [size, size, 1, 2 * k]);
}

/** [1, 1, 2K, K]: output channel c = input channel c + input channel K + c (a 1 × 1 convolution). */
function pairSum(k: number): tf.Tensor4D {
  const data = new Float32Array(2 * k * k);
  for (let c = 0; c < k; c++) {
    data[c * k + c] = 1;
    data[(k + c) * k + c] = 1;
  }
  return tf.tensor4d(data, [1, 1, 2 * k, k]);
}

/**
 * |z| for z stored as [..., re(K) | im(K)] on the last axis: √(re² + im²), the sum taken as a 1 × 1
 * convolution with `pairSum` (same arithmetic, one add per value; 5× faster on wasm than splitting the tensor).
 */
function modulus(z: tf.Tensor4D, pairs: tf.Tensor4D): tf.Tensor4D {
  return tf.sqrt(tf.conv2d(tf.square(z), pairs, 1, 'valid'));
}

function pad(x: tf.Tensor4D, half: number): tf.Tensor4D {
  return tf.mirrorPad(
    x,
    [
      [0, 0],
      [half, half],
      [half, half],
      [0, 0],
    ],
    'reflect',
  );
}

/**
 * A stride-`stride` convolution with mirror-padded borders ('valid' after reflecting `half` px, as `pad` +
 * `tf.conv2d` do) of an h × w map with K real kernels, as one linear map: [h·w, outputs·K], column o·K + k
 * holding the weight that output pixel o of kernel k gives each input pixel (a pixel reached twice through
 * the reflection gets both taps). Applying it is one matrix product for all maps of all images instead of a
 * MirrorPad and a convolution with a large kernel (slow on wasm): the same sums in another order (float32
 * rounding apart).
 */
export function convolutionMatrix(
  kernels: readonly Float64Array[],
  size: number,
  half: number,
  h: number,
  w: number,
  stride: number,
): Float32Array {
  const oh = Math.ceil(h / stride);
  const ow = Math.ceil(w / stride);
  const k = kernels.length;
  const columns = oh * ow * k;
  const acc = new Float64Array(h * w * columns);
  const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  for (let oy = 0; oy < oh; oy++)
    for (let ox = 0; ox < ow; ox++) {
      const o = (oy * ow + ox) * k;
      for (let a = 0; a < size; a++)
        for (let b = 0; b < size; b++) {
          const row = (reflect(oy * stride + a - half, h) * w + reflect(ox * stride + b - half, w)) * columns;
          for (let c = 0; c < k; c++) acc[row + o + c]! += kernels[c]![a * size + b]!;
        }
    }
  return Float32Array.from(acc);
}

/** The low-pass φ, mirror borders and sampling every `stride` px: [h·w, ⌈h/stride⌉·⌈w/stride⌉]. */
export function lowpassMatrix(k: Kernel, h: number, w: number, stride: number): Float32Array {
  return convolutionMatrix([k.re], k.size, k.half, h, w, stride);
}

/** maps [M, h, w, K] through a low-pass matrix: [M, K, outputs] (channels first). */
function lowpassChannelsFirst(maps: tf.Tensor4D, matrix: tf.Tensor2D): tf.Tensor3D {
  const [m, h, w, k] = maps.shape;
  const flat = maps.transpose([0, 3, 1, 2]).reshape<tf.Tensor2D>([m * k, h * w]);
  return tf.matMul(flat, matrix).reshape<tf.Tensor3D>([m, k, matrix.shape[1]]);
}

/** [N·C, h, w, K] (every input channel scattered on its own) → [N, h, w, C·K], channels of one pixel together. */
function perInputChannel(s: tf.Tensor4D, n: number, c: number): tf.Tensor4D {
  if (c === 1) return s;
  const [, h, w, k] = s.shape;
  return s
    .reshape([n, c, h * w, k])
    .transpose([0, 2, 1, 3])
    .reshape<tf.Tensor4D>([n, h, w, c * k]);
}

export class Scattering2D extends tf.layers.Layer {
  static className = 'Scattering2D';
  /** ψ₁ matrices above this many entries (64 MB) are not built: the convolution path runs instead (large images). */
  static matrixEntriesMax = 16 * 2 ** 20;
  readonly L: number;
  readonly J: 1 | 2;
  private filters: {
    psi0: tf.Tensor4D;
    /** ψ_{1,θ}: J = 2 only */
    psi1: tf.Tensor4D | null;
    pairs: tf.Tensor4D;
    /** φ_J as a convolution kernel, for the convolution path of J = 1 (images too large for the matrix) */
    phi0Kernel: tf.Tensor4D;
    psi1Kernels: Kernel[];
    phi0: Kernel;
    phi1: Kernel;
    half: { psi0: number; psi1: number };
  } | null = null;
  /**
   * Per input size "h×w": the low-pass matrices at full resolution (stride 4) and half resolution (stride 2),
   * and ψ_{1,θ} (stride 2) as a matrix when it is small enough (null: the convolution path).
   */
  private lowpass = new Map<string, { full: tf.Tensor2D; half: tf.Tensor2D; psi1: tf.Tensor2D | null }>();
  /** J = 1, per input size: the low-pass φ₁ at full resolution, stride 2, as a matrix (null: too large). */
  private fine = new Map<string, tf.Tensor2D | null>();

  constructor(args: ScatteringArgs = {}) {
    super({ ...args, trainable: false });
    // saved configs hold the keys in tfjs's snake case ("l", "j"): read both spellings
    const saved = args as ScatteringArgs & { l?: number; j?: 1 | 2 };
    this.L = args.L ?? saved.l ?? 8;
    this.J = args.J ?? saved.j ?? SCATTER_J;
    if (this.J !== 1 && this.J !== 2)
      throw new Error(`Scattering2D supports J = 1 or 2, got ${String(this.J)}`);
    // a model file from a user is untrusted: L orientations make L² maps
    if (!Number.isInteger(this.L) || this.L < 1 || this.L > 16)
      throw new Error(`Scattering2D supports 1 to 16 orientations (L), got ${String(this.L)}`);
  }

  override build(): void {
    const L = this.L;
    const range = Array.from({ length: L }, (_, l) => l);
    const psi0 = range.map((l) => morletKernel(0, l, L, 0));
    const psi1 = range.map((l) => morletKernel(1, l, L, 0));
    const phi0 = gaussianKernel(this.J, 0);
    const phi1 = gaussianKernel(this.J, 1);
    // tf.keep: the layer may first be built inside a caller's tf.tidy, which must not dispose the filters
    this.filters = {
      psi0: tf.keep(complexBank(psi0)),
      psi1: this.J === 2 ? tf.keep(complexBank(psi1)) : null,
      pairs: tf.keep(pairSum(L)),
      phi0Kernel: tf.keep(tf.tensor4d(Float32Array.from(phi0.re), [phi0.size, phi0.size, 1, 1])),
      psi1Kernels: psi1,
      phi0,
      phi1,
      half: { psi0: psi0[0]!.half, psi1: psi1[0]!.half },
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const stride = 2 ** this.J;
    const h = s[1] == null ? null : Math.ceil(s[1] / stride);
    const w = s[2] == null ? null : Math.ceil(s[2] / stride);
    return [s[0] ?? null, h, w, scatterChannels(this.L, this.J) * (s[3] ?? 1)];
  }

  private matricesFor(h: number, w: number) {
    const key = `${h}×${w}`;
    let lp = this.lowpass.get(key);
    if (!lp) {
      const f = this.filters!;
      const h2 = Math.ceil(h / 2);
      const w2 = Math.ceil(w / 2);
      const oh = Math.ceil(h / 4);
      const ow = Math.ceil(w / 4);
      const k = f.psi1Kernels;
      const psi1Columns = h2 * w2 * 2 * k.length;
      lp = {
        full: tf.keep(tf.tensor2d(lowpassMatrix(f.phi0, h, w, 4), [h * w, oh * ow])),
        half: tf.keep(tf.tensor2d(lowpassMatrix(f.phi1, h2, w2, 2), [h2 * w2, oh * ow])),
        psi1:
          h * w * psi1Columns > Scattering2D.matrixEntriesMax
            ? null
            : tf.keep(
                tf.tensor2d(
                  convolutionMatrix(
                    [...k.map((c) => c.re), ...k.map((c) => c.im)],
                    k[0]!.size,
                    k[0]!.half,
                    h,
                    w,
                    2,
                  ),
                  [h * w, psi1Columns],
                ),
              ),
      };
      this.lowpass.set(key, lp);
    }
    return lp;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!this.filters) this.build();
    const f = this.filters!;
    const L = this.L;
    return tf.tidy(() => {
      const x4 = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [n, h, w, c] = x4.shape;
      // every input channel on its own: [N·C, H, W, 1]
      const x = c === 1 ? x4 : x4.transpose([0, 3, 1, 2]).reshape<tf.Tensor4D>([n * c, h, w, 1]);
      const u10 = modulus(tf.conv2d(pad(x, f.half.psi0), f.psi0, 1, 'valid'), f.pairs); // [m, H, W, L]
      const [m] = u10.shape;
      const h2 = Math.ceil(h / 2);
      const w2 = Math.ceil(w / 2);
      const o2 = h2 * w2;
      if (this.J === 1) {
        // orders 0 and 1 at one scale: [x, U1] low-passed with φ₁, every 2nd pixel, channels first
        const maps = tf.concat<tf.Tensor4D>([x, u10], 3); // [m, H, W, 1 + L]
        const matrix = this.fineLowpass(h, w);
        const first = matrix
          ? lowpassChannelsFirst(maps, matrix)
          : tf
              .conv2d(
                pad(maps.transpose([0, 3, 1, 2]).reshape<tf.Tensor4D>([m * (1 + L), h, w, 1]), f.phi0.half),
                f.phi0Kernel,
                2,
                'valid',
              )
              .reshape<tf.Tensor3D>([m, 1 + L, o2]);
        const s1 = first.transpose([0, 2, 1]).reshape<tf.Tensor4D>([m, h2, w2, 1 + L]);
        return perInputChannel(s1, n, c);
      }
      const mats = this.matricesFor(h, w);
      // the maps ψ_{1,θ} is applied to: the images (order 1, j = 1) and each of the L maps of U1 (j = 0)
      // (order 2, j1 = 0, j2 = 1), channels first: [m + m·L, H·W]
      const u10First = u10.transpose([0, 3, 1, 2]).reshape([m * L, h * w]);
      let u11: tf.Tensor3D; // [m, H/2·W/2, L]
      let z2: tf.Tensor3D; // [m·L, H/2·W/2, L]
      if (mats.psi1) {
        // one matrix product for both orders, then |·| over (re, im) pairs as a product with [2L, L]
        const rows = tf.concat([x.reshape([m, h * w]), u10First], 0) as tf.Tensor2D;
        const z = tf.matMul(rows, mats.psi1).reshape<tf.Tensor2D>([m * (1 + L) * o2, 2 * L]);
        const pairs = f.pairs.reshape<tf.Tensor2D>([2 * L, L]);
        const u = tf.sqrt(tf.matMul(tf.square(z), pairs)).reshape([m * (1 + L), o2, L]);
        [u11, z2] = tf.split(u, [m, m * L], 0) as [tf.Tensor3D, tf.Tensor3D];
      } else {
        const psi1 = f.psi1!;
        u11 = modulus(tf.conv2d(pad(x, f.half.psi1), psi1, 2, 'valid'), f.pairs).reshape([m, o2, L]);
        // each of the L maps of U1 convolved with the 2L real kernels of ψ_{1,θ2}, as one ordinary
        // convolution over [m·L, H, W, 1] (much faster than a depthwise convolution with large kernels on wasm)
        const maps = u10First.reshape<tf.Tensor4D>([m * L, h, w, 1]);
        z2 = modulus(tf.conv2d(pad(maps, f.half.psi1), psi1, 2, 'valid'), f.pairs).reshape([m * L, o2, L]);
      }
      // low-pass and sample to H/4 × W/4, channels first: [S0, S1 (j = 0)] at full resolution, [S1 (j = 1),
      // S2 (θ1, θ2)] at half resolution
      const full = lowpassChannelsFirst(tf.concat<tf.Tensor4D>([x, u10], 3), mats.full); // [m, 1 + L, o]
      const halfMaps = tf.concat(
        [
          u11.transpose([0, 2, 1]),
          z2
            .reshape([m, L, o2, L])
            .transpose([0, 1, 3, 2])
            .reshape([m, L * L, o2]),
        ],
        1,
      ); // [m, L + L², H/2·W/2]
      const halfOut = tf
        .matMul(halfMaps.reshape<tf.Tensor2D>([m * (L + L * L), o2]), mats.half)
        .reshape([m, L + L * L, mats.half.shape[1]]);
      const ho = Math.ceil(h / 4);
      const wo = Math.ceil(w / 4);
      const s = tf
        .concat([full, halfOut], 1) // [m, 81, o]
        .transpose([0, 2, 1])
        .reshape<tf.Tensor4D>([m, ho, wo, scatterChannels(L)]); // [N·C, H/4, W/4, 81]
      return perInputChannel(s, n, c);
    });
  }

  private fineLowpass(h: number, w: number): tf.Tensor2D | null {
    const key = `${h}×${w}`;
    if (!this.fine.has(key)) {
      const outputs = Math.ceil(h / 2) * Math.ceil(w / 2);
      this.fine.set(
        key,
        h * w * outputs > Scattering2D.matrixEntriesMax
          ? null
          : tf.keep(tf.tensor2d(lowpassMatrix(this.filters!.phi0, h, w, 2), [h * w, outputs])),
      );
    }
    return this.fine.get(key)!;
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    if (this.filters) {
      const { psi0, psi1, pairs, phi0Kernel } = this.filters;
      [psi0, psi1, pairs, phi0Kernel].forEach((t) => t?.dispose());
      this.filters = null;
    }
    for (const lp of this.lowpass.values()) {
      lp.full.dispose();
      lp.half.dispose();
      lp.psi1?.dispose();
    }
    this.lowpass.clear();
    for (const m of this.fine.values()) m?.dispose();
    this.fine.clear();
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), L: this.L, J: this.J };
  }
}

tf.serialization.registerClass(Scattering2D);
