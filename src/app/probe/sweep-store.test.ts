import { describe, expect, it } from 'vitest';
import { sweepProblem } from './sweep-store';
import { runsToJson } from './run-store';

const key = { id: 'sweep:1', startedAt: 1 };
const point = {
  value: 1,
  noiseMultiplier: 2.3,
  epsilon: 0.99,
  accuracy: 0.8,
  accuracyStd: 0.01,
  accuracies: [0.79, 0.81],
};

describe('stored sweeps', () => {
  it('are checked before they are drawn: a non-number anywhere skips the record', () => {
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [point] })).toBeNull();
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [] })).toBeNull();
    expect(sweepProblem(null)).toBe('not a record');
    expect(
      sweepProblem({
        ...key,
        encoder: 'shipped',
        points: [],
        dataset: 'builtin:fashion-mnist',
        delta: 1e-5,
        accountant: 'pld',
      }),
    ).toBeNull();
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [], delta: 2 })).toBe('a bad δ');
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [], accountant: 'moments' })).toBe(
      'an unknown accountant',
    );
    expect(sweepProblem({ ...key, points: [point] })).toBe('no encoder');
    expect(sweepProblem({ encoder: 'shipped', points: [point] })).toBe('no id');
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [{ ...point, epsilon: NaN }] })).toBe(
      'a point is not numbers',
    );
    expect(sweepProblem({ ...key, encoder: 'shipped', points: [{ ...point, accuracies: ['0.8'] }] })).toBe(
      'a point is not numbers',
    );
  });

  it('go into the JSON export beside the runs, as aggregate points only', () => {
    const json = JSON.parse(runsToJson([], [{ ...key, encoder: 'shipped', points: [point] }])) as {
      sweeps: { sweep: number; encoder: string; points: (typeof point)[] }[];
    };
    expect(json.sweeps).toEqual([
      { sweep: 1, encoder: 'shipped', dataset: null, delta: null, accountant: null, points: [point] },
    ]);
  });
});
