import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type LabConfig } from './lab-config';
import { PRESETS, matchingPreset } from './presets';

const preset = (id: string) => PRESETS.find((p) => p.id === id)!.patch;
const apply = (config: LabConfig, ...ids: string[]) =>
  ids.reduce((c, id) => ({ ...c, ...preset(id) }), config);

describe('presets', () => {
  it('mean the same whichever preset came before: each sets every training and privacy setting', () => {
    for (const p of PRESETS)
      for (const q of PRESETS) expect(apply(DEFAULT_CONFIG, q.id, p.id)).toEqual(apply(DEFAULT_CONFIG, p.id));
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
    expect(matchingPreset(DEFAULT_CONFIG)?.id).toBe('default');
    for (const p of PRESETS) expect(matchingPreset(apply(DEFAULT_CONFIG, p.id))?.id).toBe(p.id);
    const strong = apply(DEFAULT_CONFIG, 'strong');
    expect(matchingPreset({ ...strong, epochs: strong.epochs + 1 })).toBeUndefined();
    // settings no preset sets (data, seed) do not matter
    expect(matchingPreset({ ...strong, seed: 42 })?.id).toBe('strong');
  });
});
