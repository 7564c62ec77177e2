import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { calibrateRow, computeAffinities } from './affinities';
import { Tsne, klDivergence, mapKnnAccuracy } from './tsne';

function clusters(perCluster: number, k: number, dim: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const n = perCluster * k;
  const x = new Float32Array(n * dim);
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) x[i * dim + d] = spread * rng.normal() + (d === labels[i] ? 10 : 0);
  return { x, labels, n };
}

describe('perplexity calibration', () => {
  it('reaches entropy log(perplexity) for every row', () => {
    const rng = createRng(3);
    for (const perplexity of [5, 30, 50]) {
      const d = Float64Array.from({ length: 3 * perplexity }, () => rng.float() * 20);
      const { p, entropy } = calibrateRow(d, perplexity);
      expect(entropy).toBeCloseTo(Math.log(perplexity), 4);
      const h = -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
      expect(h).toBeCloseTo(Math.log(perplexity), 4); // the returned p has that entropy
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it('symmetric joint affinities summing to 1', () => {
    const { x, n } = clusters(20, 3, 5, 1, 1);
    const P = computeAffinities(x, n, 5, 10);
    const total = P.vals.reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(1, 10);
    const at = (i: number, j: number) => {
      for (let e = P.rowStart[i]!; e < P.rowStart[i + 1]!; e++) if (P.cols[e] === j) return P.vals[e]!;
      return 0;
    };
    for (let i = 0; i < n; i += 7)
      for (let e = P.rowStart[i]!; e < P.rowStart[i + 1]!; e++)
        expect(at(P.cols[e]!, i)).toBeCloseTo(P.vals[e]!, 15);
  });
});

describe('Barnes-Hut t-SNE', () => {
  it('keeps well-separated clusters separated, lowers KL after exaggeration, and is deterministic', () => {
    const { x, labels, n } = clusters(40, 5, 10, 1, 2);
    const run = () => {
      const t = new Tsne(x, n, 10, { perplexity: 15, seed: 4 });
      const kls: number[] = [];
      for (let it = 0; it < 500; it++) {
        t.step();
        if (it === 260 || it === 499) kls.push(klDivergence(t.p, t.y));
      }
      return { y: t.y, kls };
    };
    const a = run();
    expect(mapKnnAccuracy(a.y, labels)).toBeGreaterThan(0.99);
    expect(a.kls[1]!).toBeLessThan(a.kls[0]!);
    const b = run();
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });
});
