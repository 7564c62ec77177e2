import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { knnAccuracy } from './monitor';

describe('kNN monitor', () => {
  it('is 1 on separated clusters and near chance on noise', () => {
    const rng = createRng(8);
    const make = (n: number, separated: boolean) => {
      const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
      const emb = new Float32Array(n * 8);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < 8; k++)
          emb[i * 8 + k] = rng.normal() * 0.1 + (separated && k === labels[i] ? 3 : 0);
      return { emb, labels };
    };
    const a = make(200, true);
    const b = make(100, true);
    expect(
      knnAccuracy({
        bank: a.emb,
        bankLabels: a.labels,
        query: b.emb,
        queryLabels: b.labels,
        dim: 8,
        numClasses: 4,
      }),
    ).toBe(1);
    const c = make(400, false);
    const d = make(400, false);
    const chance = knnAccuracy({
      bank: c.emb,
      bankLabels: c.labels,
      query: d.emb,
      queryLabels: d.labels,
      dim: 8,
      numClasses: 4,
    });
    expect(chance).toBeLessThan(0.4);
  });
});
