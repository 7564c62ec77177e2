import { describe, expect, it } from 'vitest';
import { RdpAccountant, dpSgdEpsilon } from '../../lib/privacy/accountant';
import { startSpendNote } from './start-spend';

describe('what one start spends', () => {
  // the lab default on all the private images: q = 1024/49,946, σ = 1, 490 steps, δ = 1e-6
  const q = 1024 / 49_946;
  const run = { sampleRate: q, noiseMultiplier: 1, steps: 490, delta: 1e-6 };
  const one = dpSgdEpsilon(run).epsilon;

  it('composes the run and its contrast as two runs in the dataset ledger would (RDP)', () => {
    const two = new RdpAccountant().record(q, 1, 490).record(q, 1, 490).getEpsilon(1e-6).epsilon;
    expect(two).toBeGreaterThan(one * 1.2);
    const note = startSpendNote({ dp: 2, nonPrivate: false }, { ...run, epsilon: one })!;
    expect(note).toContain(`together about ε = ${two.toPrecision(3)}`);
    expect(note).toContain(`one run alone: RDP ε = ${one.toPrecision(3)}`);
  });

  it('says ∞ with the non-private baseline, and nothing for one run or no plan', () => {
    expect(startSpendNote({ dp: 2, nonPrivate: true }, { ...run, epsilon: one })).toContain('together ε = ∞');
    expect(startSpendNote({ dp: 1, nonPrivate: false }, { ...run, epsilon: one })).toBeNull();
    expect(startSpendNote({ dp: 2, nonPrivate: false }, { ...run, steps: NaN, epsilon: NaN })).toBeNull();
  });
});
