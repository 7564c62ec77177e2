/**
 * The DP-SGD gradient of a linear softmax probe, vectorised without per-example gradient tensors.
 *
 * For example i with embedding x_i ∈ R^d, one-hot label y_i and p_i = softmax(Wᵀx_i + b), the gradient of
 * the cross-entropy is g_i = (x_i e_iᵀ, e_i) with e_i = p_i − y_i, so its squared L2 norm over (W, b) is
 *   ‖g_i‖² = ‖x_i‖²·‖e_i‖² + ‖e_i‖² = (‖x_i‖² + 1)·‖e_i‖²     (‖x eᵀ‖_F = ‖x‖·‖e‖).
 * Clipping scales g_i by c_i = min(1, C/‖g_i‖), and the clipped sum is Σ c_i g_i = (Xᵀ(c ⊙ E), Σ c_i e_i):
 * one [d × B]·[B × k] product, the same cost as the non-private gradient. Never materialises B × d × k.
 * Noise N(0, σ²C²) is added to every coordinate of the sum, which is then divided by the *expected* batch
 * size qN (Abadi et al. 2016, Algorithm 1), so an empty or small Poisson batch needs no special case.
 */
import * as tf from '@tensorflow/tfjs';

export interface ProbeParams {
  weights: tf.Variable; // [d, k]
  bias: tf.Variable; // [k]
}

export interface ClippedSum {
  /** Σ c_i x_i e_iᵀ, [d, k] */
  weights: tf.Tensor2D;
  /** Σ c_i e_i, [k] */
  bias: tf.Tensor1D;
  /** ‖g_i‖ before clipping, [B] */
  norms: tf.Tensor1D;
  /** mean cross-entropy over the batch (0 for an empty batch) */
  loss: tf.Scalar;
}

export function createProbe(dim: number, numClasses: number): ProbeParams {
  // Zero initialisation: the recommended start for DP fine-tuning of the last layer (Google Research 2022).
  // (inside tidy: tf.variable keeps its own reference, and the initial zeros are freed)
  return tf.tidy(() => ({
    weights: tf.variable(tf.zeros([dim, numClasses])),
    bias: tf.variable(tf.zeros([numClasses])),
  }));
}

export function logits(params: ProbeParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => x.matMul(params.weights).add<tf.Tensor2D>(params.bias));
}

/**
 * Per-example-clipped gradient sum (clipNorm = Infinity: the plain sum). `x` [B, d], `labels` int32 [B].
 */
export function clippedGradientSum(
  params: ProbeParams,
  x: tf.Tensor2D,
  labels: tf.Tensor1D,
  clipNorm: number,
): ClippedSum {
  return tf.tidy(() => {
    const k = params.bias.shape[0];
    const z = logits(params, x);
    const p = tf.softmax(z);
    const y = tf.oneHot(labels, k).toFloat();
    const e = p.sub(y); // [B, k]
    const norms = x.square().sum(1).add(1).mul(e.square().sum(1)).sqrt() as tf.Tensor1D;
    const scale = Number.isFinite(clipNorm)
      ? tf.minimum(1, tf.scalar(clipNorm).div(norms.add(1e-12)))
      : tf.onesLike(norms);
    const scaled = e.mul(scale.expandDims(1));
    const loss = x.shape[0] === 0 ? tf.scalar(0) : tf.losses.softmaxCrossEntropy(y, z);
    return {
      weights: x.matMul(scaled, true, false) as tf.Tensor2D,
      bias: scaled.sum<tf.Tensor1D>(0),
      norms,
      loss: loss as tf.Scalar,
    };
  });
}

/**
 * The privatised gradient: (clipped sum + N(0, σ²C²)) / expectedBatchSize. `noise` holds d·k + k standard
 * normal values drawn by the caller (from a seeded or crypto-seeded Rng), weights first.
 */
export function privatise(
  sum: Pick<ClippedSum, 'weights' | 'bias'>,
  noise: Float32Array,
  noiseStd: number,
  expectedBatchSize: number,
): { weights: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const [d, k] = sum.weights.shape;
    const nw = tf.tensor2d(noise.subarray(0, d * k), [d, k]);
    const nb = tf.tensor1d(noise.subarray(d * k, d * k + k));
    return {
      weights: sum.weights.add(nw.mul(noiseStd)).div<tf.Tensor2D>(expectedBatchSize),
      bias: sum.bias.add(nb.mul(noiseStd)).div<tf.Tensor1D>(expectedBatchSize),
    };
  });
}
