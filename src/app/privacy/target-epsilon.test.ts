import { describe, expect, it } from 'vitest';
import { targetEpsilonProblem } from './target-epsilon';
import { LAB_TARGET_EPSILON_MIN } from '../../lib/dp/plan';

describe('targetEpsilonProblem: a typed target ε, in words', () => {
  it('takes (0, 100], or [min, 100]', () => {
    for (const ok of ['1', ' 0.5 ', '100', '3e0', '0.01'])
      expect(targetEpsilonProblem(ok, 'a target ε')).toBeNull();
    expect(targetEpsilonProblem('0.001', 'a target ε')).toBeNull();
    expect(targetEpsilonProblem('0.01', 'a target ε', LAB_TARGET_EPSILON_MIN)).toBeNull();
  });
  it('says what is wrong with the rest', () => {
    const p = (text: string, min = 0) => targetEpsilonProblem(text, 'a target ε', min);
    expect(p('1,5')).toBe('Write a target ε with a decimal point: 1.5, not 1,5.');
    expect(p('abc')).toBe('"abc" is not a number: enter a target ε such as 1 or 0.5.');
    expect(p('')).toBe('Enter a target ε greater than 0.');
    expect(p('0')).toBe('Enter a target ε greater than 0.');
    expect(p('-1')).toBe('Enter a target ε greater than 0.');
    expect(p('150')).toMatch(/^The lab takes a target ε up to 100: /);
    expect(p('Infinity')).toMatch(/is not a number/);
    expect(p('0.001', LAB_TARGET_EPSILON_MIN)).toMatch(/^The lab trains for a target ε of at least 0.01: /);
  });
});
