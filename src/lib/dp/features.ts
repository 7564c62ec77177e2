/**
 * Feature preprocessing that keeps ε honest: only per-example maps (each embedding on its own), never
 * statistics fitted on the private data (a mean or variance of private features would itself leak, outside ε).
 */
export type FeatureNormalisation = 'l2' | 'none';

/** L2-normalise every row of an N × d matrix in place, then multiply by `scale` (a fixed constant). */
export function l2NormalizeRows(x: Float32Array, dim: number, scale = 1): Float32Array {
  for (let i = 0; i < x.length; i += dim) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += x[i + k]! * x[i + k]!;
    const f = s > 0 ? scale / Math.sqrt(s) : 0;
    for (let k = 0; k < dim; k++) x[i + k]! *= f;
  }
  return x;
}

export function prepareFeatures(
  x: Float32Array,
  dim: number,
  normalisation: FeatureNormalisation,
): Float32Array {
  const copy = Float32Array.from(x);
  return normalisation === 'l2' ? l2NormalizeRows(copy, dim) : copy;
}

/** Accuracy of always predicting the most frequent training class (ties: the smallest class index). */
export function majorityBaseline(
  trainLabels: ArrayLike<number>,
  testLabels: ArrayLike<number>,
  numClasses: number,
): { majorityClass: number; accuracy: number } {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]!]!++;
  let majorityClass = 0;
  for (let c = 1; c < numClasses; c++) if (counts[c]! > counts[majorityClass]!) majorityClass = c;
  let hits = 0;
  for (let i = 0; i < testLabels.length; i++) if (testLabels[i] === majorityClass) hits++;
  return { majorityClass, accuracy: testLabels.length ? hits / testLabels.length : 0 };
}
