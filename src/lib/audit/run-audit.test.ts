import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import { type ProbeConfig, DEFAULT_PROBE_CONFIG, trainProbe } from '../dp/train-probe';
import { membershipData, runAudit, shadowConfigOf } from './run-audit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random points with random labels: a probe can only fit them by memorising. */
function noise(n: number, dim: number, classes: number, seed: number) {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: n * dim }, () => rng.normal()),
    y: Int32Array.from({ length: n }, () => rng.int(classes)),
  };
}

const dim = 64;
const classes = 4;
const n = 50;
const data = membershipData({
  members: noise(n, dim, classes, 1),
  nonMembers: noise(n, dim, classes, 2),
  dim,
  numClasses: classes,
});
// Full batch, no privacy, many epochs: the probe memorises its 40 examples.
const memorise: ProbeConfig = {
  ...DEFAULT_PROBE_CONFIG,
  privacy: null,
  expectedBatchSize: n,
  epochs: 150,
  learningRate: 1,
  seed: 5,
};

/** The audit of `target` on the data above: 8 shadows trained like the memorising probe, every example. */
const audit = (
  target: { weights: Float32Array; bias: Float32Array },
  extra: Partial<Parameters<typeof runAudit>[0]> = {},
) =>
  runAudit({
    data,
    target,
    shadowConfig: memorise,
    delta: 1e-5,
    shadows: 8,
    auditSize: n,
    seed: 3,
    ...extra,
  });

describe('membership-inference audit', () => {
  it('separates members from non-members of a memorising probe', async () => {
    const target = await trainProbe({ data, config: memorise });
    const before = tf.memory().numTensors;
    const steps: string[] = [];
    const r = await audit(target, { onProgress: (p) => steps.push(p.phase) });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.members).toBe(n);
    expect(r.shadowsTrained).toBe(8);
    expect(r.shadowTrainingSize).toBe(n); // half of the pool of 2n
    expect(steps).toContain('shadows');
    const byName = Object.fromEntries(r.attacks.map((a) => [a.attack, a]));
    // (a random-label non-member still gets its label predicted 1 time in 4, so the loss attack tops out lower)
    expect(byName['loss']!.auc).toBeGreaterThan(0.8);
    expect(byName['lira-online']!.auc).toBeGreaterThan(0.9);
    expect(byName['lira-offline']!.auc).toBeGreaterThan(0.85);
    // 25 + 25 examples in the counting half: even a perfect split proves only ε ≥ ln(0.863/0.137) = 1.84 at 95%.
    expect(byName['lira-online']!.bound.epsilon).toBeGreaterThan(0.8);
    expect(r.primary).toBe('lira-online');
    for (const a of r.attacks) expect(a.roc.fpr.length).toBeGreaterThan(0);
  });

  it('does not separate them for a probe that never saw the members', async () => {
    const other = noise(n, dim, classes, 9);
    const target = await trainProbe({
      data: { ...data, trainX: other.x, trainY: other.y },
      config: memorise,
    });
    const r = await audit(target);
    for (const a of r.attacks) {
      expect(Math.abs(a.auc - 0.5)).toBeLessThan(0.2);
      expect(a.bound.epsilon).toBeLessThan(0.5);
    }
  });

  it('stops between shadows and keeps what it has; shadows of a target-ε run reuse its σ', async () => {
    const controller = new AbortController();
    const target = await trainProbe({ data, config: memorise });
    const r = await audit(target, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'shadows' && p.done === 3) controller.abort();
      },
    });
    expect(r.stopped).toBe(true);
    expect(r.shadowsTrained).toBe(3);
    expect(r.attacks.map((a) => a.attack)).toEqual(['loss', 'lira-online', 'lira-offline']);
    const dp: ProbeConfig = {
      ...memorise,
      privacy: { kind: 'target-epsilon', targetEpsilon: 2 },
    };
    expect(shadowConfigOf(dp, 1.7).privacy).toEqual({ kind: 'fixed-sigma', noiseMultiplier: 1.7 });
    // a budget run: the shadows add its σ, for the fraction of its epochs it ran (not re-budgeted on their N)
    const budget: ProbeConfig = {
      ...memorise,
      expectedBatchSize: 100,
      epochs: 10,
      privacy: { kind: 'budget', noiseMultiplier: 1.2, budgetEpsilon: 2 },
    };
    const shadow = shadowConfigOf(budget, 1.2, { steps: 25, datasetSize: 1000 }); // 25 of 100 planned
    expect(shadow.privacy).toEqual({ kind: 'fixed-sigma', noiseMultiplier: 1.2 });
    expect(shadow.epochs).toBe(2.5);
    // a run that ran its plan: its epochs; a fixed-σ run is not changed at all
    expect(shadowConfigOf(budget, 1.2, { steps: 100, datasetSize: 1000 }).epochs).toBe(10);
    const fixed: ProbeConfig = { ...budget, privacy: { kind: 'fixed-sigma', noiseMultiplier: 1 } };
    expect(shadowConfigOf(fixed, 1)).toBe(fixed);
    await expect(audit(target, { shadows: 0, auditSize: 1 })).rejects.toThrow(
      'the audit needs at least 2 members and 2 non-members',
    );
  });
});
