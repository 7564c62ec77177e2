import { describe, expect, it } from 'vitest';
import { runEpsRequest } from './cli';

describe('eps command logic', () => {
  it('prints the documented keys for the TF Privacy MNIST setting', () => {
    const out = runEpsRequest({
      N: 60000,
      batch: 256,
      epochs: 60,
      sigma: 1.1,
      delta: 1e-5,
      conversion: 'classic',
    });
    expect(Object.keys(out).slice(0, 8)).toEqual([
      'epsilon',
      'order',
      'q',
      'steps',
      'sigma',
      'delta',
      'accountant',
      'conversion',
    ]);
    expect((out.epsilon as number).toFixed(2)).toBe('3.01');
    expect(out.steps).toBe(14063);
  });
  it('calibrates with target_epsilon and writes Infinity as a string', () => {
    const cal = runEpsRequest({ q: 0.01, steps: 1000, target_epsilon: 2, delta: 1e-5 });
    expect(cal.epsilon as number).toBeLessThanOrEqual(2);
    expect(runEpsRequest({ q: 0.01, steps: 10, sigma: 0, delta: 1e-5 }).epsilon).toBe('Infinity');
  });
  it('names the bad field and value', () => {
    expect(() => runEpsRequest({ q: 0.01, steps: 10, sigma: 'abc', delta: 1e-5 })).toThrow(
      'sigma must be a number, got "abc"',
    );
    expect(() => runEpsRequest({ q: 0.01, steps: 10, sigma: 1, delta: 3 })).toThrow(
      'delta must be in (0, 1), got 3',
    );
    expect(() => runEpsRequest({ q: 0.01, steps: 10, sigma: 1, delta: 1e-5, foo: 1 })).toThrow(
      'unknown field foo',
    );
  });
});
