import { describe, expect, it } from 'vitest';
import { fmt, fmtUp, mib, pct } from './format';

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

describe('fmtUp', () => {
  it('rounds up to the significant digits asked, never below the value; exact values stay as they are', () => {
    expect(fmtUp(1.2349, 4)).toBe('1.235');
    expect(fmtUp(1.2341, 3)).toBe('1.24');
    expect(fmtUp(3.66, 3)).toBe('3.66');
    expect(fmtUp(2.5, 4)).toBe('2.500');
    expect(fmtUp(0.012341, 4)).toBe('0.01235');
    expect(fmtUp(99.991, 4)).toBe('100');
    expect(fmtUp(150.2, 4)).toBe('151');
    expect(fmtUp(Infinity)).toBe('∞');
    expect(fmtUp(0)).toBe('0');
    for (const x of [0.1234567, 7.77777, 42.4242, 0.0009999])
      expect(Number(fmtUp(x, 4))).toBeGreaterThanOrEqual(x);
  });
});
