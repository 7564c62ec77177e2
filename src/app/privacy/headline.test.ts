import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_CONFIG, type ProbeConfig, planProbe } from '../../lib/dp/plan';
import { calibrateNoiseMultiplier, dpSgdEpsilon, dpSgdSchedule } from '../../lib/privacy';
import { headlineEpsilon } from './headline';

const N = 2000;
const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, expectedBatchSize: 100, epochs: 10, delta: 1e-5 };
const { sampleRate: q, steps: T } = dpSgdSchedule({ datasetSize: N, batchSize: 100, epochs: 10 }); // 0.05, 200

describe('the headline ε follows the privacy mode (the plan the worker runs)', () => {
  it('fixed σ: the slider σ for all planned steps', () => {
    const h = headlineEpsilon({ ...base, privacy: { kind: 'fixed-sigma', noiseMultiplier: 1.3 } }, N);
    expect(h.epsilon).toBe(
      dpSgdEpsilon({ sampleRate: q, noiseMultiplier: 1.3, steps: T, delta: 1e-5 }).epsilon,
    );
  });

  it('target ε: the calibrated σ’s ε (≤ the target), not the slider’s', () => {
    const h = headlineEpsilon({ ...base, privacy: { kind: 'target-epsilon', targetEpsilon: 2 } }, N);
    const { noiseMultiplier } = calibrateNoiseMultiplier({
      targetEpsilon: 2,
      sampleRate: q,
      steps: T,
      delta: 1e-5,
    });
    expect(h.noiseMultiplier).toBe(noiseMultiplier);
    expect(h.epsilon).toBeLessThanOrEqual(2);
    expect(h.epsilon).toBeGreaterThan(1.99);
  });

  it('budget: the capped steps, and the same numbers as planProbe', () => {
    const config: ProbeConfig = {
      ...base,
      // ε = 3: some of the 200 steps fit (at ε = 1 not one does at σ = 1, q = 0.05: refused)
      privacy: { kind: 'budget', noiseMultiplier: 1, budgetEpsilon: 3 },
    };
    const h = headlineEpsilon(config, N);
    const plan = planProbe(config, N);
    expect(h.steps).toBe(plan.steps);
    expect(h.steps).toBeGreaterThan(0);
    expect(h.steps).toBeLessThan(T);
    expect(h.plannedSteps).toBe(T);
    expect(h.epsilon).toBeLessThanOrEqual(3);
    expect(h.epsilon).toBe(
      dpSgdEpsilon({ sampleRate: q, noiseMultiplier: 1, steps: plan.steps, delta: 1e-5 }).epsilon,
    );
  });
});
