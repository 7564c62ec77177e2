/**
 * NT-Xent, the normalised-temperature cross-entropy of SimCLR (Chen et al. 2020, eq. 1):
 *   ℓ(i, j) = −log( exp(sim(z_i, z_j)/τ) / Σ_{k ≠ i} exp(sim(z_i, z_k)/τ) ),
 * averaged over all 2N anchors, where rows i and i+N of `z` are the two views of image i.
 * Stable: the log-sum-exp is computed by tf.logSumExp (max-shifted), self-similarity is masked with a large
 * negative number rather than −∞, and rows are normalised as z/√(Σz² + 1e-12) because tf.norm's gradient
 * is NaN at an all-zero row (a dark crop after ReLUs).
 */
import * as tf from '@tensorflow/tfjs';

export function l2NormalizeRows(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => z.div<tf.Tensor2D>(z.square().sum(1, true).add(1e-12).sqrt()));
}

export function ntXentLoss(z: tf.Tensor2D, temperature: number): tf.Scalar {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
  return tf.tidy(() => {
    const rows = z.shape[0];
    if (rows % 2 !== 0 || rows < 2)
      throw new Error(`NT-Xent needs 2N rows (two views per image), got ${rows}`);
    const n = rows / 2;
    const zn = l2NormalizeRows(z);
    const logits = zn.matMul(zn, false, true).div(temperature);
    const masked = logits.sub(tf.eye(rows).mul(1e9));
    // positive partner of row i is (i + n) mod 2n
    const partner = tf.concat([tf.range(n, rows, 1, 'int32'), tf.range(0, n, 1, 'int32')]);
    const positives = masked.mul(tf.oneHot(partner, rows)).sum(1);
    return tf.logSumExp(masked, 1).sub(positives).mean<tf.Scalar>();
  });
}

/** The same loss by its definition, with plain loops in float64 (a slow truth for tests). */
export function ntXentLossSlow(z: number[][], temperature: number): number {
  const rows = z.length;
  const n = rows / 2;
  const unit = z.map((r) => {
    const norm = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
    return r.map((v) => v / norm);
  });
  const sim = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const j = (i + n) % rows;
    let denom = 0;
    for (let k = 0; k < rows; k++) if (k !== i) denom += Math.exp(sim(unit[i]!, unit[k]!) / temperature);
    total += -Math.log(Math.exp(sim(unit[i]!, unit[j]!) / temperature) / denom);
  }
  return total / rows;
}
