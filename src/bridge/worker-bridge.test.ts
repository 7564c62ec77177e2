import { describe, expect, it } from 'vitest';
import { throttledProgress } from './worker-bridge';

describe('throttledProgress', () => {
  it('delivers only the latest update per frame', () => {
    const frames: (() => void)[] = [];
    const seen: number[] = [];
    const p = throttledProgress<[number]>(
      (n) => seen.push(n),
      (f) => frames.push(f),
    );
    p(1);
    p(2);
    p(3);
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(seen).toEqual([3]);
    p(4);
    frames.shift()!();
    expect(seen).toEqual([3, 4]);
  });
});
