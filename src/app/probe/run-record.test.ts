import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_CONFIG } from '../../lib/dp/plan';
import type { ProbeResult } from '../../lib/dp/train-probe';
import { toRunRecord } from './run-record';

const result = (patch: Partial<ProbeResult>): ProbeResult & { backend: string } => ({
  private: true,
  noiseMultiplier: 1.3,
  sampleRate: 0.02,
  plannedSteps: 500,
  steps: 312,
  stopReason: 'budget',
  delta: 1e-6,
  epsilon: 2.5,
  ledger: { accountant: 'pld', ledger: [{ q: 0.02, sigma: 1.3, steps: 312 }] },
  seed: null,
  seedSource: 'crypto',
  metrics: [],
  testAccuracy: 0.88,
  perClassAccuracy: [],
  confusion: [],
  gradientNormHistogram: { edges: [0, 1], counts: [1], examples: 1 },
  weights: new Float32Array(2),
  bias: new Float32Array(1),
  seconds: 1,
  backend: 'wasm',
  ...patch,
});
const run = {
  id: 4,
  label: 'DP-SGD',
  kind: 'dp' as const,
  dataset: 'builtin:fashion-mnist',
  encoder: 'shipped',
  embeddingsKey: 'k',
  probeConfig: { ...DEFAULT_PROBE_CONFIG, clipNorm: 0.5, epochs: 7 },
};

describe('toRunRecord', () => {
  it('keeps what ran (steps, σ, q, the δ used, ε and the accountant of the ledger), never the settings', () => {
    const r = toRunRecord(result({}), run);
    expect([r.steps, r.noiseMultiplier, r.sampleRate, r.delta, r.epsilon]).toEqual([
      312, 1.3, 0.02, 1e-6, 2.5,
    ]);
    expect(r.accountant).toBe('pld');
    expect(r.stopReason).toBe('budget');
    expect([r.clipNorm, r.epochs, r.id, r.visible]).toEqual([0.5, 7, 4, true]);
  });
  it('a run without privacy has ε = ∞ whatever the worker reported', () => {
    const r = toRunRecord(result({ private: false, epsilon: 0 }), { ...run, kind: 'non-private' });
    expect(r.private).toBe(false);
    expect(r.epsilon).toBe(Infinity);
  });
});
