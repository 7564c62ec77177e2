/**
 * A projection fitted on public data only: standardise every feature, then PCA-whiten to k dimensions,
 *   y = diag(1/s)·(x − μ) projected on the top-k eigenvectors u_i of the standardised covariance, each ÷ √(λ_i + ρ),
 * folded into one affine map y = x·W + b (W = diag(1/s)·U·diag((λ + ρ)^−½), b = −μ·W), i.e. a dense layer.
 * Fitted on public images (no labels), it costs no privacy: the private data only ever passes through it. It
 * is the idea of DP-FC (a feature covariance as preconditioner) with a public covariance: DP-SGD on whitened
 * features sees a well-conditioned problem, and dropping the low-variance directions drops dimensions whose
 * noise would cost accuracy (Tramèr & Boneh 2021 normalise ScatterNet features for the same reason).
 *
 * Top-k eigenvectors by subspace iteration with Cholesky–QR re-orthonormalisation on the tfjs backend (the
 * d × d products are the cost), then Rayleigh–Ritz with a small symmetric eigendecomposition (ml-matrix).
 */
import * as tf from '@tensorflow/tfjs';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';
import { createRng } from '../rng.ts';

export interface Projection {
  /** d × k, row-major. */
  kernel: Float32Array;
  /** k */
  bias: Float32Array;
  inputDim: number;
  outputDim: number;
  /** The k eigenvalues kept (of the standardised covariance), largest first. */
  eigenvalues: Float64Array;
  /** Fraction of the standardised variance the k directions keep. */
  explainedVariance: number;
}

export interface FitProjectionOptions {
  /** n × d features, row-major. */
  features: Float32Array;
  dim: number;
  components: number;
  /** Whitening regulariser ρ as a fraction of the mean eigenvalue (0: exact whitening). */
  ridge?: number;
  iterations?: number;
  seed?: number;
}

/** Mean and standard deviation per column (float64 sums). */
function columnMoments(x: Float32Array, dim: number): { mean: Float64Array; std: Float64Array } {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let j = 0; j < dim; j++) mean[j]! += x[row + j]!;
  }
  for (let j = 0; j < dim; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = x[row + j]! - mean[j]!;
      sq[j]! += v * v;
    }
  }
  const std = new Float64Array(dim);
  let meanStd = 0;
  for (let j = 0; j < dim; j++) {
    std[j] = Math.sqrt(sq[j]! / Math.max(1, n - 1));
    meanStd += std[j]! / dim;
  }
  // a constant feature (e.g. a border map) must not be blown up: floor at 1e-3 of the typical scale
  for (let j = 0; j < dim; j++) std[j] = Math.max(std[j]!, 1e-3 * meanStd, 1e-12);
  return { mean, std };
}

/**
 * Q·(Lᵀ)⁻¹ with L·Lᵀ = QᵀQ + s·I (shifted Cholesky–QR, three passes: Fukaya et al. 2020, "Shifted Cholesky QR
 * for computing the QR factorization of ill-conditioned matrices"): orthonormal columns in float32.
 */
function orthonormalise(q: tf.Tensor2D): tf.Tensor2D {
  let out = q;
  for (let pass = 0; pass < 3; pass++) {
    const gram = new Matrix(out.transpose().matMul(out).arraySync() as number[][]);
    // the shift keeps a numerically rank-deficient float32 Gram matrix positive definite; where 1e-5 of its
    // largest diagonal is not enough (many components of a wide spectrum), a larger shift still gives
    // orthonormal columns after the later passes
    const top = Math.max(...gram.diag());
    let chol: CholeskyDecomposition | undefined;
    for (let power = -5; power <= 0 && !chol?.isPositiveDefinite(); power++)
      chol = new CholeskyDecomposition(gram.add(Matrix.eye(gram.rows).mul(10 ** power * top)));
    if (!chol?.isPositiveDefinite())
      throw new Error('fitProjection: the subspace lost rank (features with NaN?)');
    const l = chol.lowerTriangularMatrix;
    const rInv = tf.tensor2d(inverse(l.transpose()).to2DArray());
    const next = tf.tidy(() => out.matMul(rInv)) as tf.Tensor2D;
    rInv.dispose();
    if (out !== q) out.dispose();
    out = next;
  }
  return out;
}

export function fitProjection(options: FitProjectionOptions): Projection {
  const { features, dim, components: k } = options;
  const n = features.length / dim;
  if (!Number.isInteger(n) || n < 2) throw new Error(`fitProjection needs ≥ 2 rows of ${dim} features`);
  if (!(k >= 1 && k <= dim)) throw new Error(`components must be in [1, ${dim}], got ${k}`);
  const { mean, std } = columnMoments(features, dim);
  // standardised covariance, accumulated over row chunks (Zᵀ·Z with Zᵀ made explicitly: transposeA is slow on wasm)
  const chunk = 2048;
  let cov = tf.zeros<tf.Rank.R2>([dim, dim]);
  const mu = tf.tensor1d(Float32Array.from(mean));
  const inv = tf.tensor1d(Float32Array.from(std, (s) => 1 / s));
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const next = tf.tidy<tf.Tensor2D>(() => {
      const z = tf
        .tensor2d(features.subarray(start * dim, (start + rows) * dim), [rows, dim])
        .sub(mu)
        .mul(inv);
      return cov.add(z.transpose().matMul(z));
    });
    cov.dispose();
    cov = next;
  }
  const c = tf.tidy(() => cov.div<tf.Tensor2D>(n - 1));
  cov.dispose();
  mu.dispose();
  inv.dispose();

  // subspace iteration on k + p directions
  const p = Math.min(dim - k, Math.max(16, Math.ceil(k / 8)));
  const width = k + p;
  const rng = createRng(options.seed ?? 1);
  const start = new Float32Array(dim * width);
  rng.fillNormal(start);
  let q = orthonormalise(tf.tensor2d(start, [dim, width]));
  const iterations = options.iterations ?? 12;
  for (let it = 0; it < iterations; it++) {
    const y = tf.tidy(() => c.matMul(q)) as tf.Tensor2D;
    q.dispose();
    q = orthonormalise(y);
    y.dispose();
  }
  // Rayleigh–Ritz: B = Qᵀ·C·Q, B = V·Λ·Vᵀ, eigenvectors Q·V
  const b = tf.tidy(() => q.transpose().matMul(c.matMul(q))) as tf.Tensor2D;
  const bm = new Matrix(b.arraySync());
  b.dispose();
  const sym = bm.add(bm.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((i, j) => values[j]! - values[i]!);
  const vecs = evd.eigenvectorMatrix;
  const vk = new Float32Array(width * k);
  for (let col = 0; col < k; col++)
    for (let r = 0; r < width; r++) vk[r * k + col] = vecs.get(r, order[col]!);
  const u = tf.tidy(() => q.matMul(tf.tensor2d(vk, [width, k]))) as tf.Tensor2D;
  const uData = u.dataSync() as Float32Array;
  u.dispose();
  q.dispose();
  let total = 0;
  const diag = c.dataSync();
  for (let j = 0; j < dim; j++) total += diag[j * dim + j]!;
  c.dispose();

  const eigenvalues = Float64Array.from(order.slice(0, k), (i) => Math.max(values[i]!, 0));
  const meanEig = total / dim;
  const rho = (options.ridge ?? 0) * meanEig;
  const kernel = new Float32Array(dim * k);
  const bias = new Float64Array(k);
  for (let j = 0; j < dim; j++) {
    for (let col = 0; col < k; col++) {
      const w = uData[j * k + col]! / std[j]! / Math.sqrt(eigenvalues[col]! + rho + 1e-12);
      kernel[j * k + col] = w;
      bias[col]! -= mean[j]! * w;
    }
  }
  const kept = eigenvalues.reduce((a, v) => a + v, 0);
  return {
    kernel,
    bias: Float32Array.from(bias),
    inputDim: dim,
    outputDim: k,
    eigenvalues,
    explainedVariance: total > 0 ? kept / total : 0,
  };
}

/** x·W + b for n × d features (plain JS; for tests and small inputs — models apply it as a dense layer). */
export function applyProjection(p: Projection, x: Float32Array): Float32Array {
  const n = x.length / p.inputDim;
  const out = new Float32Array(n * p.outputDim);
  for (let i = 0; i < n; i++) {
    for (let col = 0; col < p.outputDim; col++) {
      let s = p.bias[col]!;
      for (let j = 0; j < p.inputDim; j++) s += x[i * p.inputDim + j]! * p.kernel[j * p.outputDim + col]!;
      out[i * p.outputDim + col] = s;
    }
  }
  return out;
}
