import { describe, expect, it } from 'vitest';
import { featureDimsFor, learningRateForEpsilon, recipeBatchSize } from './recipe';
import { dpSgdSchedule } from '../privacy/accountant';

describe('the probe recipe', () => {
  it('takes the learning rate of the band ε falls in, lower at small ε', () => {
    expect(learningRateForEpsilon(0.5)).toBe(1);
    expect(learningRateForEpsilon(0.999)).toBe(1);
    expect(learningRateForEpsilon(1)).toBe(2);
    expect(learningRateForEpsilon(2)).toBe(2);
    expect(learningRateForEpsilon(3)).toBe(4);
    expect(learningRateForEpsilon(Infinity)).toBe(4);
    expect(() => learningRateForEpsilon(0)).toThrow(/ε must be > 0/);
  });

  it('keeps q near 1/6 on small data and B = 8,192 on Fashion-MNIST (q = 8192/49946)', () => {
    expect(recipeBatchSize(49_946)).toBe(8192);
    expect(recipeBatchSize(6_000)).toBe(1000);
    expect(recipeBatchSize(30)).toBe(16);
    // 40 epochs at B = 8,192 on the built-in private split: ⌈40·49,946/8,192⌉ = 244 steps
    expect(dpSgdSchedule({ datasetSize: 49_946, batchSize: 8192, epochs: 40 }).steps).toBe(244);
  });

  it('keeps one whitened component per 64 private images, a power of two from 16 to 512', () => {
    expect([500, 1000, 2000, 4000, 8000, 49_946].map(featureDimsFor)).toEqual([16, 16, 32, 64, 128, 512]);
    // rounded in log2: the boundary between 32 and 64 is N = 64 · 2^5.5 ≈ 2,896
    expect(featureDimsFor(2890)).toBe(32);
    expect(featureDimsFor(2900)).toBe(64);
    expect(featureDimsFor(3000)).toBe(64);
    expect(featureDimsFor(10)).toBe(16);
    expect(featureDimsFor(0)).toBe(16);
  });
});
