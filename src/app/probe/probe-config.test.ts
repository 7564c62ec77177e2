import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../state/lab-config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODER_URLS } from '../shell/files';
import { ORDERED_FEATURES, cappedBatch, featureDimsOf, probeConfigOf, startedRuns } from './probe-config';

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

describe('the features a probe keeps', () => {
  it('cuts only an encoder whose features are public PCA components: auto by N, or the setting', () => {
    const config = { ...DEFAULT_CONFIG, featureDims: null };
    expect(probeConfigOf(config, 1e-5, 2000).featureDims).toBe(32);
    expect(probeConfigOf(config, 1e-6, 49_946).featureDims).toBe(512);
    expect(probeConfigOf({ ...config, featureDims: 128 }, 1e-5, 2000).featureDims).toBe(128);
    // the random contrast, raw pixels, SimCLR: all their features
    for (const encoder of ['random', 'pixels', 'simclr-v1', 'this session'])
      expect(probeConfigOf(config, 1e-5, 2000, encoder)).not.toHaveProperty('featureDims');
    expect(featureDimsOf(config, 'scatter', 4000)).toBe(64);
  });
});

describe('the encoders whose features may be cut', () => {
  it('are exactly those whose shipped model ends in the public PCA projection (components largest first)', () => {
    const endsInProjection = (url: string) => {
      const m = JSON.parse(readFileSync(join('public', url.replace(/^\//, '')), 'utf8')) as {
        modelTopology: { config: { output_layers?: unknown } };
      };
      return JSON.stringify(m.modelTopology.config.output_layers) === '[["public_projection",0,0]]';
    };
    for (const [choice, url] of Object.entries(ENCODER_URLS))
      expect([choice, endsInProjection(url)]).toEqual([choice, ORDERED_FEATURES.has(choice)]);
  });
  it('takes a prefix the select offers; any other value (a hand-edited link) means auto', () => {
    expect(featureDimsOf({ featureDims: 7 }, 'shipped', 2000)).toBe(32);
    expect(featureDimsOf({ featureDims: 1000 }, 'shipped', 2000)).toBe(32);
    expect(featureDimsOf({ featureDims: 256 }, 'shipped', 2000)).toBe(256);
  });
});
