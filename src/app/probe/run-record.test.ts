import { describe, expect, it } from 'vitest';
import { makeAccountant } from '../../lib/privacy/privacy-accountant';
import type { ProbeConfig, ProbeResult } from '../../lib/dp/train-probe';
import { toRunRecord, type RunFacts } from './run-record';

const result = (epsilon: number, accountant: string): ProbeResult & { backend: string } => ({
  private: true,
  noiseMultiplier: 1.1,
  sampleRate: 0.01,
  plannedSteps: 500,
  steps: 321,
  stopReason: 'budget',
  delta: 1e-5,
  epsilon,
  ledger: makeAccountant(accountant).toJSON(),
  seed: null,
  seedSource: 'crypto',
  metrics: [],
  testAccuracy: 0.81,
  perClassAccuracy: [0.8, 0.82],
  confusion: [
    [8, 2],
    [1, 9],
  ],
  gradientNormHistogram: { edges: [0, 1], counts: [3], examples: 3 },
  weights: new Float32Array(4),
  bias: new Float32Array(2),
  seconds: 2.5,
  backend: 'wasm',
});
const facts = (kind: RunFacts['kind']): RunFacts => ({
  id: 7,
  label: 'DP',
  kind,
  dataset: 'builtin:fashion-mnist',
  encoder: 'default',
  delta: 1e-5,
  clipNorm: 1,
  epochs: 5,
  probeConfig: { expectedBatchSize: 256 } as ProbeConfig,
  embeddingsKey: 'k',
});

describe('toRunRecord', () => {
  it("takes ε, steps and the accountant from the worker's result for a private run", () => {
    const r = toRunRecord(facts('dp'), result(2.75, 'pld'));
    expect(r).toMatchObject({ id: 7, private: true, epsilon: 2.75, steps: 321, accountant: 'pld' });
    expect(r).toMatchObject({ stopReason: 'budget', expectedBatchSize: 256, backend: 'wasm', visible: true });
  });

  it('gives a non-private run ε = ∞ whatever the result says, and a random-encoder run stays private', () => {
    expect(toRunRecord(facts('non-private'), result(3, 'rdp'))).toMatchObject({
      private: false,
      epsilon: Infinity,
      accountant: 'rdp',
    });
    expect(toRunRecord(facts('random-dp'), result(3, 'rdp'))).toMatchObject({ private: true, epsilon: 3 });
  });
});
