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
 */
import * as tf from '@tensorflow/tfjs';
import { type Kernel, gaussianKernel, morletKernel } from './morlet.ts';

export const SCATTER_J = 2;

export function scatterChannels(L: number): number {
  return 1 + 2 * L + L * L;
}

export interface ScatteringArgs {
  /** Orientations (Kymatio's L); 8 by default. */
  L?: number;
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

function realKernel(k: Kernel): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(k.re), [k.size, k.size, 1, 1]);
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

/** Depthwise convolution of every channel of x with one real kernel (tiled), 'valid' after mirror padding. */
function lowpass(x: tf.Tensor4D, kernel: tf.Tensor4D, half: number, stride: number): tf.Tensor4D {
  const c = x.shape[3];
  const tiled = tf.tile(kernel, [1, 1, c, 1]);
  return tf.depthwiseConv2d(pad(x, half), tiled as tf.Tensor4D, stride, 'valid');
}

export class Scattering2D extends tf.layers.Layer {
  static className = 'Scattering2D';
  readonly L: number;
  private filters: {
    psi0: tf.Tensor4D;
    psi1: tf.Tensor4D;
    phi0: tf.Tensor4D;
    phi1: tf.Tensor4D;
    pairs: tf.Tensor4D;
    half: { psi0: number; psi1: number; phi0: number; phi1: number };
  } | null = null;

  constructor(args: ScatteringArgs = {}) {
    super({ ...args, trainable: false });
    this.L = args.L ?? 8;
  }

  override build(): void {
    const L = this.L;
    const range = Array.from({ length: L }, (_, l) => l);
    const psi0 = range.map((l) => morletKernel(0, l, L, 0));
    const psi1 = range.map((l) => morletKernel(1, l, L, 0));
    const phi0 = gaussianKernel(SCATTER_J, 0);
    const phi1 = gaussianKernel(SCATTER_J, 1);
    // tf.keep: the layer may first be built inside a caller's tf.tidy, which must not dispose the filters
    this.filters = {
      psi0: tf.keep(complexBank(psi0)),
      psi1: tf.keep(complexBank(psi1)),
      phi0: tf.keep(realKernel(phi0)),
      phi1: tf.keep(realKernel(phi1)),
      pairs: tf.keep(pairSum(L)),
      half: { psi0: psi0[0]!.half, psi1: psi1[0]!.half, phi0: phi0.half, phi1: phi1.half },
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const h = s[1] == null ? null : Math.ceil(s[1] / 4);
    const w = s[2] == null ? null : Math.ceil(s[2] / 4);
    return [s[0] ?? null, h, w, scatterChannels(this.L) * (s[3] ?? 1)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!this.filters) this.build();
    const f = this.filters!;
    const L = this.L;
    return tf.tidy(() => {
      const x4 = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [n, h, w, c] = x4.shape;
      // every input channel on its own: [N·C, H, W, 1]
      const x = c === 1 ? x4 : (x4.transpose([0, 3, 1, 2]).reshape([n * c, h, w, 1]) as tf.Tensor4D);
      const s0 = tf.conv2d(pad(x, f.half.phi0), f.phi0, 4, 'valid');
      const u10 = modulus(tf.conv2d(pad(x, f.half.psi0), f.psi0, 1, 'valid'), f.pairs); // [., H, W, L]
      const u11 = modulus(tf.conv2d(pad(x, f.half.psi1), f.psi1, 2, 'valid'), f.pairs); // [., H/2, W/2, L]
      const s10 = lowpass(u10, f.phi0, f.half.phi0, 4);
      const s11 = lowpass(u11, f.phi1, f.half.phi1, 2);
      // order 2 (j1 = 0, j2 = 1): each of the L maps of U1 (j = 0) convolved with the 2L real kernels of
      // ψ_{1,θ2}, as one ordinary convolution over [N·C·L, H, W, 1] (much faster than a depthwise
      // convolution with large kernels on wasm); output channels [θ1][θ2]
      const [m, hh, ww] = u10.shape;
      const maps = u10.transpose([0, 3, 1, 2]).reshape([m * L, hh, ww, 1]) as tf.Tensor4D;
      const z2 = modulus(tf.conv2d(pad(maps, f.half.psi1), f.psi1, 2, 'valid'), f.pairs); // [m·L, H/2, W/2, L]
      const [, h2, w2] = z2.shape;
      const u2 = z2
        .reshape([m, L, h2 * w2, L])
        .transpose([0, 2, 1, 3])
        .reshape([m, h2, w2, L * L]) as tf.Tensor4D;
      const s2 = lowpass(u2, f.phi1, f.half.phi1, 2);
      const s = tf.concat([s0, s10, s11, s2], 3); // [N·C, H/4, W/4, 81]
      if (c === 1) return s;
      const [, ho, wo, k] = s.shape;
      return s
        .reshape([n, c, ho * wo, k])
        .transpose([0, 2, 1, 3])
        .reshape([n, ho, wo, c * k]);
    });
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    if (this.filters) {
      const { half: _half, ...tensors } = this.filters;
      Object.values(tensors).forEach((t) => t.dispose());
      this.filters = null;
    }
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), L: this.L };
  }
}

tf.serialization.registerClass(Scattering2D);
