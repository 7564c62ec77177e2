import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../lib/rng';
import { DEFAULT_PROBE_CONFIG, trainProbe } from '../../lib/dp/train-probe';
import { membershipData, runAudit } from '../../lib/audit/run-audit';
import { type AuditRecord, auditProblem } from './audit-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const noise = (n: number, dim: number, seed: number) => {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: n * dim }, () => rng.normal()),
    y: Int32Array.from({ length: n }, () => rng.int(3)),
  };
};

/** A real audit (a few shadows on random points), as step 4 keeps it. */
async function realAudit(): Promise<AuditRecord> {
  const data = membershipData({
    members: noise(30, 8, 1),
    nonMembers: noise(30, 8, 2),
    dim: 8,
    numClasses: 3,
  });
  const config = { ...DEFAULT_PROBE_CONFIG, privacy: null, expectedBatchSize: 30, epochs: 5, seed: 1 };
  const target = await trainProbe({ data, config });
  const result = await runAudit({
    data,
    target,
    shadowConfig: config,
    delta: 1e-5,
    shadows: 2,
    auditSize: 30,
    seed: 3,
  });
  return { runId: 4, label: '4. DP-SGD σ=1.00', private: true, epsilon: 2.5, delta: 1e-5, result };
}

describe('auditProblem', () => {
  it('accepts what an audit produces, a non-private run (ε = ∞) and a stopped audit', async () => {
    const a = await realAudit();
    expect(auditProblem(a)).toBeNull();
    expect(auditProblem({ ...a, private: false, epsilon: Infinity })).toBeNull();
    expect(auditProblem(structuredClone({ ...a, result: { ...a.result, stopped: true } }))).toBeNull();
  });

  it('names what is wrong with a record it cannot show', async () => {
    const a = await realAudit();
    const [first, ...rest] = a.result.attacks;
    const withAttack = (patch: object) => ({
      ...a,
      result: { ...a.result, attacks: [{ ...first!, ...patch }, ...rest] },
    });
    const cases: [unknown, string][] = [
      [null, 'not an object'],
      [{ ...a, runId: 0 }, 'a bad run id'],
      [{ ...a, epsilon: Number.NaN }, 'a bad ε'],
      [{ ...a, delta: 2 }, 'a bad δ'],
      [{ ...a, result: { ...a.result, attacks: [] } }, 'no attacks'],
      [withAttack({ attack: 'x' }), 'an unknown attack x'],
      [withAttack({ auc: 1.5 }), 'a bad auc'],
      [withAttack({ aucInterval: [0.4] }), 'a bad AUC interval'],
      [withAttack({ bound: { epsilon: 'x' } }), 'a bad ε lower bound'],
      [withAttack({ roc: { fpr: [0.1, 0.2], tpr: [0.3] } }), 'a bad ROC curve'],
      [{ ...a, result: { ...a.result, primary: 'x' } }, 'a headline attack that is not among its attacks'],
      [{ ...a, result: { ...a.result, members: -1 } }, 'a bad members'],
      [{ ...a, result: { ...a.result, stopped: 'no' } }, 'a bad stopped flag'],
    ];
    for (const [value, why] of cases) expect(auditProblem(value)).toBe(why);
  });
});
