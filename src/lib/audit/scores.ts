/**
 * Per-example attack statistics of a linear probe, in plain arithmetic (a d × k product per example): the
 * cross-entropy loss (Yeom et al. 2018 threshold it) and the logit-scaled confidence
 *   φ = ln(p_y / (1 − p_y)) = z_y − ln Σ_{j≠y} e^{z_j}
 * which LiRA models as Gaussian (Carlini et al. 2022, §4: the logit makes the confidence close to normal).
 * Both are computed from the logits with log-sum-exp, so a confidence of 1 − 1e-20 keeps its digits.
 */

export interface ProbeWeights {
  /** [dim × numClasses], row-major (as tf stores a [d, k] tensor). */
  weights: Float32Array;
  bias: Float32Array;
}

/** ln Σ e^{v_j} over j ≠ skip (skip = −1: over all j). */
function logSumExp(v: Float64Array, skip: number): number {
  let m = -Infinity;
  for (let j = 0; j < v.length; j++) if (j !== skip && v[j]! > m) m = v[j]!;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < v.length; j++) if (j !== skip) s += Math.exp(v[j]! - m);
  return m + Math.log(s);
}

/** Loss and φ of every example in `indices` (rows of x, labels y) under the probe. */
export function probeScores(options: {
  probe: ProbeWeights;
  x: Float32Array;
  y: ArrayLike<number>;
  dim: number;
  indices: ArrayLike<number>;
}): { loss: Float64Array; logitConfidence: Float64Array } {
  const { probe, x, y, dim, indices } = options;
  const k = probe.bias.length;
  if (probe.weights.length !== dim * k)
    throw new Error(`probe weights have ${probe.weights.length} values, expected ${dim} × ${k}`);
  const loss = new Float64Array(indices.length);
  const logitConfidence = new Float64Array(indices.length);
  const z = new Float64Array(k);
  for (let n = 0; n < indices.length; n++) {
    const i = indices[n]!;
    const label = y[i]!;
    if (!(label >= 0 && label < k)) throw new Error(`example ${i} has label ${label}, outside 0…${k - 1}`);
    for (let c = 0; c < k; c++) z[c] = probe.bias[c]!;
    const row = i * dim;
    for (let t = 0; t < dim; t++) {
      const v = x[row + t]!;
      if (v === 0) continue;
      const w = t * k;
      for (let c = 0; c < k; c++) z[c]! += v * probe.weights[w + c]!;
    }
    loss[n] = logSumExp(z, -1) - z[label]!;
    logitConfidence[n] = z[label]! - logSumExp(z, label);
  }
  return { loss, logitConfidence };
}
