import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../../scripts/experiment';

describe('npm run experiment guards δ like the lab', () => {
  it('refuses δ ≥ 1/N before computing any embedding', async () => {
    // limit 100: N = 100, so δ = 0.01 is refused (and no encoder is loaded: the check comes first)
    await expect(runExperiment({ limit: 100, probe: { delta: 0.01 } })).rejects.toThrow(
      /δ = 0.01 is ≥ 1\/N = 0.01 \(N = 100\)/,
    );
    await expect(runExperiment({ probe: { delta: 1e-3 } })).rejects.toThrow(/N = 49946/);
  });

  it('refuses probe settings with the old `private` flag (privacy: null is the non-private run now)', async () => {
    const legacy = { private: false } as Record<string, unknown>;
    await expect(runExperiment({ limit: 100, probe: legacy })).rejects.toThrow(/"privacy": null/);
    await expect(runExperiment({ limit: 100, runs: [legacy] })).rejects.toThrow(/no "private" flag/);
  });
});
