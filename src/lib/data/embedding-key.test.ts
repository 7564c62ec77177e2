import { describe, expect, it } from 'vitest';
import { embeddingKey } from './embedding-key';

describe('embeddingKey', () => {
  it('differs whenever the images, the subsample or the encoder differ, and only then', () => {
    const all = { kind: 'builtin' as const, id: 'fashion-mnist' };
    const keys = [
      embeddingKey(all, 'enc-a'),
      embeddingKey(all, 'enc-b'),
      embeddingKey({ ...all, limitTrain: 2000, limitTest: 1000 }, 'enc-a'),
      embeddingKey(all, 'enc-a', { train: 10_000, test: 2000 }),
      embeddingKey({ kind: 'images', key: 'sha-1' }, 'enc-a'),
      embeddingKey({ kind: 'images', key: 'sha-2' }, 'enc-a'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(embeddingKey(all, 'enc-a')).toBe(embeddingKey({ kind: 'builtin', id: 'fashion-mnist' }, 'enc-a'));
    expect(embeddingKey(all, 'enc-a')).toBe('fashion-mnist:all:all|enc-a');
  });
});
