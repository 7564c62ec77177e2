import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type LabConfig } from './lab-config';
import { PRESETS, matchingPreset, patchFor } from './presets';

// on all the built-in private images (N = 49,946: the default δ is 1e-6)
const N = 49_946;
const preset = (id: string, n = N) =>
  patchFor(
    PRESETS.find((p) => p.id === id)!,
    n,
  );
const apply = (config: LabConfig, ...ids: string[]) =>
  ids.reduce((c, id) => ({ ...c, ...preset(id) }), config);

describe('presets', () => {
  it('mean the same whichever preset came before: each sets every training and privacy setting', () => {
    // (data and encoder are left as they are, except by the presets that need their own: the recipe's default
    // encoder, the leaky probe's raw pixels on 2,000 images)
    const { encoder: _e, privateSubset: _s, ...rest } = DEFAULT_CONFIG;
    const training = (c: LabConfig) =>
      Object.fromEntries(Object.keys(rest).map((k) => [k, c[k as keyof LabConfig]]));
    for (const p of PRESETS)
      for (const q of PRESETS)
        expect(training(apply(DEFAULT_CONFIG, q.id, p.id))).toEqual(training(apply(DEFAULT_CONFIG, p.id)));
    expect(apply(DEFAULT_CONFIG, 'leaky')).toMatchObject({ encoder: 'pixels', privateSubset: 2000 });
    expect(apply(DEFAULT_CONFIG, 'leaky', 'noise')).toMatchObject({ encoder: 'pixels', privateSubset: 2000 });
  });

  it('change one thing from the lab default: "Tiny clipping norm" is the default with C = 0.01', () => {
    const c = apply(DEFAULT_CONFIG, 'noise', 'clip');
    expect(c.clipNorm).toBe(0.01);
    expect(c.noiseMultiplier).toBe(DEFAULT_CONFIG.noiseMultiplier);
    expect(c.expectedBatchSize).toBe(DEFAULT_CONFIG.expectedBatchSize);
    expect(apply(DEFAULT_CONFIG, 'strong', 'little').privacyMode).toBe('fixed-sigma');
    expect(apply(DEFAULT_CONFIG, 'strong', 'little').deltaExp).toBe(DEFAULT_CONFIG.deltaExp);
  });

  it('the preset select shows the preset the settings still match, and none once one setting departs', () => {
    expect(matchingPreset(DEFAULT_CONFIG, N)?.id).toBe('default');
    for (const p of PRESETS) expect(matchingPreset(apply(DEFAULT_CONFIG, p.id), N)?.id).toBe(p.id);
    const strong = apply(DEFAULT_CONFIG, 'strong');
    expect(matchingPreset({ ...strong, epochs: strong.epochs + 1 }, N)).toBeUndefined();
    // settings no preset sets (data, seed) do not matter
    expect(matchingPreset({ ...strong, seed: 42 }, N)?.id).toBe('strong');
  });

  it("set δ to the default for the data's N unless they choose one (a 2,000-image subset: 1e-5)", () => {
    expect(preset('default', 2000).deltaExp).toBe(-5);
    expect(preset('noise', 2000).deltaExp).toBe(-5);
    expect(preset('strong', 2000).deltaExp).toBe(-9);
    expect(preset('abadi2016', 2000).deltaExp).toBe(-5);
    expect(preset('default').deltaExp).toBe(-6);
    const onSubset = { ...DEFAULT_CONFIG, privateSubset: 2000, deltaExp: -5 };
    expect(matchingPreset(onSubset, 2000)?.id).toBe('default');
    expect(matchingPreset(onSubset, N)).toBeUndefined();
  });
});
