import { describe, expect, it } from 'vitest';
import { EmbeddingMemo } from './private-embeddings';

const entry = (dim: number) => ({
  trainX: new Float32Array(2 * dim).fill(2),
  trainY: Int32Array.from([0, 1]),
  testX: new Float32Array(dim).fill(1),
  testY: Int32Array.from([1]),
  dim,
  classNames: ['a', 'b', 'c'],
});

describe('the probe worker’s embeddings in memory', () => {
  it('keeps the most recently used few, and a lookup counts as a use', () => {
    const memo = new EmbeddingMemo(2);
    memo.set('a', entry(1));
    memo.set('b', entry(1));
    expect(memo.get('a')).toBeDefined(); // a is now the most recent: c evicts b
    memo.set('c', entry(1));
    expect(['a', 'b', 'c'].map((k) => memo.has(k))).toEqual([true, false, true]);
    memo.set('d', entry(1), 'data|enc'); // evicts a
    expect(memo.contentKey('d')).toBe('data|enc');
    expect(memo.contentKey('c')).toBe(''); // set without one; the lookup is a use: e evicts d, and its key with it
    memo.set('e', entry(1));
    expect([memo.has('d'), memo.contentKey('d')]).toEqual([false, '']);
    memo.clear();
    expect(memo.has('a')).toBe(false);
  });

  it('gives the probe its data normalised, with the class count from the class names; refuses a missing key', () => {
    const memo = new EmbeddingMemo(3);
    memo.set('k', entry(4));
    const d = memo.probeData('k', 'l2');
    expect(d.numClasses).toBe(3);
    expect(Array.from(d.trainX)).toEqual(new Array<number>(8).fill(0.5));
    expect(Array.from(d.testX)).toEqual(new Array<number>(4).fill(0.5));
    expect(() => memo.probeData('gone', 'l2')).toThrow(/not ready/);
  });
});
