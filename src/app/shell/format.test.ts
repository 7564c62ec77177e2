import { describe, expect, it } from 'vitest';
import { fmt, mib, pct } from './format';

describe('number formats', () => {
  it('fmt: 3 significant digits, whole numbers from 100, ∞ for non-finite, no exponent', () => {
    expect(fmt(3.6612)).toBe('3.66');
    expect(fmt(0.000123456)).toBe('0.000123');
    expect(fmt(1234.5)).toBe('1235');
    expect(fmt(Infinity)).toBe('∞');
    expect(fmt(0)).toBe('0');
    expect(fmt(0.63244, 4)).toBe('0.6324');
  });
  it('pct and mib', () => {
    expect(pct(0.8981)).toBe('89.8%');
    expect(pct(0.006)).toBe('0.60%');
    expect(pct(0)).toBe('0%');
    expect(mib(5.9 * 2 ** 20)).toBe('5.9 MB');
    expect(mib(123 * 2 ** 20)).toBe('123 MB');
  });
});
