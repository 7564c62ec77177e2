import { describe, expect, it } from 'vitest';
import { jsonNumber, jsonSafeCopy, toJson } from './json-numbers';

describe('the JSON number codec', () => {
  it('writes ±∞ as strings and NaN as null, everything else unchanged, at any depth', () => {
    expect(jsonNumber(Infinity)).toBe('Infinity');
    expect(jsonNumber(-Infinity)).toBe('-Infinity');
    expect(jsonNumber(NaN)).toBeNull();
    expect(jsonNumber(1.5)).toBe(1.5);
    expect(toJson({ a: [1, Infinity], b: { c: -Infinity, d: NaN, e: 'x' } })).toBe(
      '{"a":[1,"Infinity"],"b":{"c":"-Infinity","d":null,"e":"x"}}',
    );
    expect(jsonSafeCopy({ epsilon: Infinity })).toEqual({ epsilon: 'Infinity' });
  });
});
