import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../state/lab-config';
import { cappedBatch, probeConfigOf, startedRuns } from './probe-config';

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

describe('the expected batch a run uses', () => {
  it('is the setting, capped at N: the lab default on a 500-image upload is one step per epoch', () => {
    expect(cappedBatch({ expectedBatchSize: 1024 }, 49_946)).toBe(1024);
    expect(cappedBatch({ expectedBatchSize: 1024 }, 500)).toBe(500);
    const config = { ...DEFAULT_CONFIG, expectedBatchSize: 1024 };
    expect(probeConfigOf(config, 1e-5, 500).expectedBatchSize).toBe(500);
  });
});
