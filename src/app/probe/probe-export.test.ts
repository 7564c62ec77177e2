import { describe, expect, it } from 'vitest';
import { probeExportMetadata } from './probe-export';
import type { RunRecord } from './run-record';

const run = (overrides: Partial<RunRecord>) =>
  ({
    id: 3,
    label: 'DP-SGD σ=1.00',
    kind: 'dp',
    encoder: 'shipped',
    private: true,
    epsilon: 2.5,
    delta: 1e-5,
    accountant: 'rdp',
    noiseMultiplier: 1,
    sampleRate: 0.512,
    clipNorm: 1,
    steps: 6,
    testAccuracy: 0.8,
    seedSource: 'crypto',
    trainSize: 2000,
    dataset: 'builtin:fashion-mnist',
    ...overrides,
  }) as RunRecord;

describe("an exported probe's metadata", () => {
  it('says what ε covers and that the test accuracy, from the private test split, is outside it', () => {
    const m = probeExportMetadata(run({}));
    expect(m.trainImages).toBe(2000);
    expect(m.covers).toMatch(/^ε covers the probe weights below, trained on the private training split/);
    expect(m.notCovered).toContain('testAccuracy, measured on the private test split without noise');
    expect(m.covers).toContain('trainImages, is treated as public');
    expect(m.covers).toContain('This ε is for this run alone: runs on the same data compose');
    expect(m.notCovered).toContain('choosing settings by looking at private test accuracy');
    expect(m.dataset).toBe('builtin:fashion-mnist');
    // never "the test split is treated as public": step 5 calls it private, but outside ε
    expect(JSON.stringify(m)).not.toMatch(
      /test split (is|are) treated as public|split are treated as public/,
    );
  });

  it('says a non-private probe has no guarantee at all', () => {
    const m = probeExportMetadata(run({ private: false, kind: 'non-private', epsilon: Infinity }));
    expect(m.covers).toMatch(/^Nothing: /);
    expect(m.accountant).toBe('none: trained without privacy');
    expect(m.clipNorm).toBeNull(); // it never clipped
    expect(probeExportMetadata(run({})).clipNorm).toBe(1);
  });
});
