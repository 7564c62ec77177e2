import { describe, expect, it } from 'vitest';
import type { AttackResult } from '../../lib/audit/run-audit';
import type { AuditRecord } from './audit-store';
import { headlineVerdicts } from './headline';

const attack = (name: AttackResult['attack'], interval: [number, number]) =>
  ({ attack: name, auc: (interval[0] + interval[1]) / 2, aucInterval: interval }) as AttackResult;
const audit = (runId: number, headline: [number, number], other: [number, number] = [0.3, 0.4]) =>
  ({
    runId,
    result: {
      primary: 'lira-online',
      attacks: [attack('loss', other), attack('lira-online', headline)],
      members: 100,
      nonMembers: 100,
    },
  }) as AuditRecord;

describe('headlineVerdicts', () => {
  it('reads the headline attack only: guessing when its interval holds 0.5, below chance when it lies under', () => {
    const v = headlineVerdicts([audit(1, [0.45, 0.55]), audit(2, [0.38, 0.48]), audit(3, [0.6, 0.7])]);
    expect(v.guessing.map((h) => h.runId)).toEqual([1]);
    expect(v.belowChance.map((h) => h.runId)).toEqual([2]);
    // the loss attack's interval (0.3–0.4) lies below 0.5 in every audit, and is not the headline
    expect(headlineVerdicts([audit(4, [0.51, 0.6])])).toEqual({ guessing: [], belowChance: [] });
    // an interval that ends at 0.5 holds it
    expect(headlineVerdicts([audit(5, [0.4, 0.5])]).guessing).toHaveLength(1);
  });
});
