/**
 * A quick, non-private quality signal for pretraining: k-nearest-neighbour accuracy of embeddings (cosine
 * similarity, votes weighted by exp(sim/0.1) as in Wu et al. 2018's kNN monitor). Runs on a small labelled
 * sample of the *public* data, so it costs no privacy.
 */
import * as tf from '@tensorflow/tfjs';

export function knnAccuracy(options: {
  bank: Float32Array;
  bankLabels: ArrayLike<number>;
  query: Float32Array;
  queryLabels: ArrayLike<number>;
  dim: number;
  numClasses: number;
  k?: number;
}): number {
  const { bank, bankLabels, query, queryLabels, dim, numClasses } = options;
  const nb = bankLabels.length;
  const nq = queryLabels.length;
  const k = Math.min(options.k ?? 20, nb);
  const { indices, values } = tf.tidy(() => {
    const norm = (t: tf.Tensor2D) => t.div(t.square().sum(1, true).add(1e-12).sqrt());
    const b = norm(tf.tensor2d(bank, [nb, dim]));
    const q = norm(tf.tensor2d(query, [nq, dim]));
    const top = tf.topk(q.matMul(b, false, true), k);
    return { indices: top.indices.dataSync(), values: top.values.dataSync() };
  });
  let correct = 0;
  const votes = new Float64Array(numClasses);
  for (let i = 0; i < nq; i++) {
    votes.fill(0);
    for (let j = 0; j < k; j++)
      votes[bankLabels[indices[i * k + j]!]!]! += Math.exp(values[i * k + j]! / 0.1);
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (votes[c]! > votes[best]!) best = c;
    if (best === queryLabels[i]) correct++;
  }
  return correct / nq;
}
