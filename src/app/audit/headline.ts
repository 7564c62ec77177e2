/** What step 4 says of each audit's headline attack from its AUC interval (pure). */
import type { AuditRecord } from './audit-store';

export interface HeadlineInterval {
  runId: number;
  interval: readonly [number, number];
  members: number;
  nonMembers: number;
}

/**
 * The audits whose headline attack cannot be told from guessing (its 95% AUC interval holds 0.5), and those
 * whose interval lies wholly below 0.5: scores that rank non-members above members more often than chance,
 * which is not privacy (turned around they separate), and which 1 audit in 40 shows by chance alone.
 */
export function headlineVerdicts(audits: readonly AuditRecord[]): {
  guessing: HeadlineInterval[];
  belowChance: HeadlineInterval[];
} {
  const headlines = audits.flatMap((a) => {
    const x = a.result.attacks.find((t) => t.attack === a.result.primary);
    return x
      ? [
          {
            runId: a.runId,
            interval: x.aucInterval,
            members: a.result.members,
            nonMembers: a.result.nonMembers,
          },
        ]
      : [];
  });
  return {
    guessing: headlines.filter((h) => h.interval[0] <= 0.5 && 0.5 <= h.interval[1]),
    belowChance: headlines.filter((h) => h.interval[1] < 0.5),
  };
}
