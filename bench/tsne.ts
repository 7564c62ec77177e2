/**
 * t-SNE speed and quality against an existing JavaScript t-SNE (@keckelt/tsne, a TypeScript port of Karpathy's
 * tsnejs: exact O(N²) gradient), side by side in one run, same data, perplexity 30, 1,000 iterations.
 * Both final maps are scored by the exact KL(P ‖ Q) against the same P (ours, the sparse kNN affinities), so
 * the comparison uses one yardstick. Data: 64-D, 10 overlapping Gaussian clusters (like encoder embeddings).
 */
import { TSNE } from '@keckelt/tsne';
import { createRng } from '../src/lib/rng';
import { Tsne, klDivergence, mapKnnAccuracy } from '../src/lib/tsne/tsne';

function data(n: number, dim: number) {
  const rng = createRng(7);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 10);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) x[i * dim + d] = rng.normal() + (d % 10 === labels[i] ? 3 : 0);
  return { x, labels };
}

export function benchTsne(): Record<string, unknown> {
  const sizes = (process.env['TSNE_SIZES'] ?? '2000,5000').split(',').map(Number);
  const iterations = Number(process.env['TSNE_ITERATIONS'] ?? 1000);
  const dim = 64;
  const results: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const { x, labels } = data(n, dim);
    let t = performance.now();
    const ours = new Tsne(x, n, dim, { perplexity: 30, seed: 1 });
    for (let i = 0; i < iterations; i++) ours.step();
    const oursSeconds = (performance.now() - t) / 1000;
    const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * dim, (i + 1) * dim)));
    t = performance.now();
    const ref = new TSNE({ perplexity: 30, dim: 2, epsilon: 10 });
    ref.initDataRaw(rows);
    for (let i = 0; i < iterations; i++) ref.step();
    const refSeconds = (performance.now() - t) / 1000;
    const refY = Float64Array.from(ref.getSolution().flat());
    results.push({
      n,
      seconds: +oursSeconds.toFixed(2),
      reference_seconds: +refSeconds.toFixed(2),
      speedup: +(refSeconds / oursSeconds).toFixed(1),
      kl: +klDivergence(ours.p, ours.y).toFixed(4),
      reference_kl: +klDivergence(ours.p, refY).toFixed(4),
      knn_accuracy_2d: +mapKnnAccuracy(ours.y, labels).toFixed(3),
      reference_knn_accuracy_2d: +mapKnnAccuracy(refY, labels).toFixed(3),
    });
  }
  const last = results.at(-1);
  if (!last) throw new Error('TSNE_SIZES names no size');
  return {
    speedup_vs_reference: last['speedup'],
    kl: last['kl'],
    reference_kl: last['reference_kl'],
    reference: '@keckelt/tsne 1.0.2 (exact tsnejs port)',
    iterations,
    dim,
    perplexity: 30,
    sizes: results,
  };
}
