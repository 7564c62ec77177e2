import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type LabConfig } from './lab-config';
import { NOT_IN_URL, URL_SCHEMA, decodeConfig, encodeConfig, linkSets } from './url-codec';
import { LAB_EPSILON_MAX, LAB_SIGMA_MIN } from '../lib/dp/plan';

describe('URL codec', () => {
  it('round-trips every field of the config', () => {
    const config: LabConfig = {
      ...DEFAULT_CONFIG,
      noiseMultiplier: 1.2345678901234,
      clipNorm: 0.5,
      expectedBatchSize: 512,
      epochs: 7,
      deltaExp: -9,
      encoder: 'random',
      optimizer: 'adam',
      learningRate: 0.05,
      seed: 42,
      privateSubset: 2000,
      featureDims: 64,
      privacyMode: 'budget',
      targetEpsilon: 0.8,
      sweepEpsilons: '0.5, 1, 8',
      sweepSeeds: 3,
    };
    expect(decodeConfig(encodeConfig(config))).toEqual({ ...config, seed: DEFAULT_CONFIG.seed });
    expect(decodeConfig(encodeConfig(DEFAULT_CONFIG))).toEqual(DEFAULT_CONFIG);
  });

  it('covers every LabConfig field exactly once, except the seed', () => {
    const fields = URL_SCHEMA.map((f) => f.field).sort();
    expect(NOT_IN_URL).toEqual(['seed']);
    expect(fields).toEqual(
      Object.keys(DEFAULT_CONFIG)
        .filter((k) => k !== 'seed')
        .sort(),
    );
    expect(new Set(URL_SCHEMA.map((f) => f.key)).size).toBe(URL_SCHEMA.length);
  });

  it('ignores unknown keys and invalid values, keeping the defaults', () => {
    const c = decodeConfig('#sigma=abc&C=-1&opt=rmsprop&seed=1.5&delta=-6&whatever=1&subset=');
    expect(c.noiseMultiplier).toBe(DEFAULT_CONFIG.noiseMultiplier);
    expect(c.clipNorm).toBe(DEFAULT_CONFIG.clipNorm);
    expect(c.optimizer).toBe(DEFAULT_CONFIG.optimizer);
    expect(c.seed).toBe(DEFAULT_CONFIG.seed);
    expect(c.privateSubset).toBeNull();
    expect(c.deltaExp).toBe(-6);
  });

  it('keeps the contrast setting as 1 or 0 (anything else: the default, on)', () => {
    expect(
      new URLSearchParams(encodeConfig({ ...DEFAULT_CONFIG, contrast: false }).slice(1)).get('contrast'),
    ).toBe('0');
    expect(decodeConfig('#contrast=0').contrast).toBe(false);
    expect(decodeConfig('#contrast=1').contrast).toBe(true);
    expect(decodeConfig('#contrast=no').contrast).toBe(true);
  });

  it('takes σ and a target ε only within what the controls set (a link with σ = 0.01 froze the page)', () => {
    expect(decodeConfig('#sigma=0.01').noiseMultiplier).toBe(DEFAULT_CONFIG.noiseMultiplier);
    expect(decodeConfig(`#sigma=${LAB_SIGMA_MIN}`).noiseMultiplier).toBe(LAB_SIGMA_MIN);
    expect(decodeConfig('#eps=1000000').targetEpsilon).toBe(DEFAULT_CONFIG.targetEpsilon);
    expect(decodeConfig(`#eps=${LAB_EPSILON_MAX}`).targetEpsilon).toBe(LAB_EPSILON_MAX);
  });

  it('leaves out the fields asked (δ at its default for the data), and says which fields a link sets', () => {
    const hash = encodeConfig({ ...DEFAULT_CONFIG, deltaExp: -5 }, ['deltaExp']);
    expect(new URLSearchParams(hash.slice(1)).has('delta')).toBe(false);
    expect(linkSets(hash, 'deltaExp')).toBe(false);
    expect(linkSets(encodeConfig({ ...DEFAULT_CONFIG, deltaExp: -5 }), 'deltaExp')).toBe(true);
    expect(linkSets('#delta=-8', 'deltaExp')).toBe(true);
    expect(linkSets('#delta=abc', 'deltaExp')).toBe(true); // set, though not valid (decodeConfig ignores it)
    expect(linkSets('#epochs=3', 'epochs')).toBe(true);
  });

  it('never writes the seed into a link, and ignores a seed in an old link', () => {
    const hash = encodeConfig({ ...DEFAULT_CONFIG, seed: 918273645 });
    expect(hash).not.toContain('918273645');
    expect(new URLSearchParams(hash.slice(1)).has('seed')).toBe(false);
    expect(decodeConfig('#seed=42&epochs=3')).toEqual({ ...DEFAULT_CONFIG, epochs: 3, seed: null });
  });
});
