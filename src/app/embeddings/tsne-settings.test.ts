import { describe, expect, it } from 'vitest';
import { parseTsneSettings } from './tsne-settings';
import { DEFAULT_TSNE } from './use-tsne';

describe('t-SNE settings kept for the tab', () => {
  it('come back as stored', () => {
    const s = {
      split: 'private-test',
      cap: 1000,
      perplexity: 12,
      iterations: 500,
      learningRate: 200,
    } as const;
    expect(parseTsneSettings(JSON.stringify(s), DEFAULT_TSNE)).toEqual(s);
  });
  it('take the default for anything the controls do not offer, or nothing readable', () => {
    const odd = { split: 'x', cap: 7, perplexity: 1.5, iterations: '500', learningRate: -1 };
    expect(parseTsneSettings(JSON.stringify(odd), DEFAULT_TSNE)).toEqual(DEFAULT_TSNE);
    for (const text of [null, '', '{', 'null', '3', '[]'])
      expect(parseTsneSettings(text, DEFAULT_TSNE)).toEqual(DEFAULT_TSNE);
    expect(parseTsneSettings('{"cap":500}', DEFAULT_TSNE)).toEqual({ ...DEFAULT_TSNE, cap: 500 });
  });
});
