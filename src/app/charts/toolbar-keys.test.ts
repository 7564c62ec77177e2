import { describe, expect, it } from 'vitest';
import { toolbarMove } from './toolbar-keys';

describe('a chart toolbar’s keys (one Tab stop, arrows within)', () => {
  it('moves right and left with wrapping, Home and End to the ends', () => {
    expect(toolbarMove('ArrowRight', 0, 5)).toBe(1);
    expect(toolbarMove('ArrowRight', 4, 5)).toBe(0);
    expect(toolbarMove('ArrowLeft', 0, 5)).toBe(4);
    expect(toolbarMove('ArrowUp', 3, 5)).toBe(2);
    expect(toolbarMove('ArrowDown', 3, 5)).toBe(4);
    expect(toolbarMove('Home', 3, 5)).toBe(0);
    expect(toolbarMove('End', 1, 5)).toBe(4);
  });
  it('leaves other keys (Tab, Enter, Space) to the browser, and an empty toolbar alone', () => {
    for (const key of ['Tab', 'Enter', ' ', 'Escape', 'a']) expect(toolbarMove(key, 2, 5)).toBeNull();
    expect(toolbarMove('ArrowRight', 0, 0)).toBeNull();
  });
});
