/**
 * t-SNE input affinities (van der Maaten & Hinton 2008; sparse form of van der Maaten 2014): for every point,
 * the k = ⌊3·perplexity⌋ nearest neighbours, a Gaussian bandwidth found by binary search so that the
 * conditional distribution's entropy is log(perplexity) (nats), then symmetrised P = (P + Pᵀ) / (2N).
 * Exact neighbours (O(N²·D)): fine for the lab's point caps (≤ 10,000) in a worker.
 */

export interface SparseP {
  n: number;
  /** CSR rows: neighbours of i are cols[rowStart[i] … rowStart[i+1]) with weights vals (sum of all = 1). */
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Squared Euclidean distances from point i to all points (row i of the distance matrix). */
function distancesFrom(x: Float32Array, n: number, dim: number, i: number, out: Float64Array): void {
  const base = i * dim;
  for (let j = 0; j < n; j++) {
    let s = 0;
    const bj = j * dim;
    for (let d = 0; d < dim; d++) {
      const t = x[base + d]! - x[bj + d]!;
      s += t * t;
    }
    out[j] = s;
  }
}

/** The k nearest neighbours (excluding i itself) from a row of distances, by partial selection. */
function nearest(dist: Float64Array, i: number, k: number): { idx: Int32Array; d: Float64Array } {
  const n = dist.length;
  const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
  order.sort((a, b) => dist[a]! - dist[b]!);
  const idx = Int32Array.from(order.slice(0, k));
  return { idx, d: Float64Array.from(idx, (j) => dist[j]!) };
}

/**
 * β (= 1/(2σ²)) such that the entropy of p_j ∝ exp(−β·d_j) equals log(perplexity); returns the row p and the
 * entropy reached. Bisection on β in log space with a doubling bracket (monotone: entropy falls as β grows).
 */
export function calibrateRow(
  d: Float64Array,
  perplexity: number,
  tol = 1e-5,
  maxIter = 200,
): { p: Float64Array; beta: number; entropy: number } {
  const target = Math.log(perplexity);
  const p = new Float64Array(d.length);
  const dmin = Math.min(...d);
  const entropyAt = (beta: number) => {
    let sum = 0;
    let sumDP = 0;
    for (let j = 0; j < d.length; j++) {
      // shift by the smallest distance: exp never underflows to all zeros
      const v = Math.exp(-beta * (d[j]! - dmin));
      p[j] = v;
      sum += v;
      sumDP += (d[j]! - dmin) * v;
    }
    // H = log Σ e^{−β d'} + β·E[d'] (nats)
    const h = Math.log(sum) + (beta * sumDP) / sum;
    for (let j = 0; j < d.length; j++) p[j]! /= sum;
    return h;
  };
  let lo = 0;
  let hi = Infinity;
  let beta = 1 / Math.max(1e-12, d.reduce((s, v) => s + v, 0) / d.length);
  let h = entropyAt(beta);
  for (let it = 0; it < maxIter && Math.abs(h - target) > tol; it++) {
    if (h > target) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
    h = entropyAt(beta);
  }
  return { p, beta, entropy: h };
}

/** The perplexity used for n points: at most (n − 1)/3, since each point's neighbourhood is 3·perplexity wide. */
export const usedPerplexity = (perplexity: number, n: number): number =>
  Math.min(perplexity, (n - 1) / 3 || 1);

export function computeAffinities(x: Float32Array, n: number, dim: number, perplexity: number): SparseP {
  if (n < 2) throw new Error('t-SNE needs at least 2 points');
  const k = Math.min(n - 1, Math.max(1, Math.floor(3 * perplexity)));
  const perp = usedPerplexity(perplexity, n);
  const dist = new Float64Array(n);
  // conditional p_{j|i} on the kNN graph
  const rows: { idx: Int32Array; p: Float64Array }[] = [];
  for (let i = 0; i < n; i++) {
    distancesFrom(x, n, dim, i, dist);
    const { idx, d } = nearest(dist, i, k);
    rows.push({ idx, p: calibrateRow(d, perp).p });
  }
  // symmetrise: P_ij = (p_{j|i} + p_{i|j}) / 2N
  const maps = Array.from({ length: n }, () => new Map<number, number>());
  rows.forEach(({ idx, p }, i) => {
    idx.forEach((j, t) => {
      const v = p[t]! / (2 * n);
      maps[i]!.set(j, (maps[i]!.get(j) ?? 0) + v);
      maps[j]!.set(i, (maps[j]!.get(i) ?? 0) + v);
    });
  });
  const rowStart = new Int32Array(n + 1);
  maps.forEach((m, i) => (rowStart[i + 1] = rowStart[i]! + m.size));
  const cols = new Int32Array(rowStart[n]!);
  const vals = new Float64Array(rowStart[n]!);
  maps.forEach((m, i) => {
    let at = rowStart[i]!;
    for (const [j, v] of m) {
      cols[at] = j;
      vals[at++] = v;
    }
  });
  return { n, rowStart, cols, vals };
}
