import { describe, expect, it } from 'vitest';
import { startedRuns } from './probe-config';

describe('what one start trains (said beside the button)', () => {
  it('counts every run charged to the data: the DP run, the opt-in non-private one, the random contrast', () => {
    expect(startedRuns(false, false)).toBe(
      'Start private training trains one run on your private data, charged to "Privacy spent on this data".',
    );
    expect(startedRuns(true, false)).toMatch(
      /^Start private training trains 2 runs .*: your DP run and the same DP run on a random encoder/,
    );
    expect(startedRuns(true, true)).toMatch(
      /trains 3 runs .*: your DP run, the non-private baseline \(ε = ∞\) and the same DP run on a random encoder/,
    );
  });
});
