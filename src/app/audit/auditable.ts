/** Which runs can be attacked on this page (pure: the panel and its tests use it). */
import type { RunRecord } from '../probe/run-record';
import { reembedding } from '../probe/probe-config';

/**
 * Why a run cannot be attacked now, or null if it can: the audit trains shadow probes on the run's own
 * embeddings, which this page holds, or makes again (`reembedding`: a run on the built-in data with a shipped
 * or seeded encoder, from any page load). An upload's or a session encoder's run only the page that trained it
 * can attack.
 */
export function notAuditable(
  run: RunRecord,
  training: { prepared: Readonly<Record<string, unknown>> },
): string | null {
  if (!run.embeddingsKey || !run.probeConfig) return 'it was saved before the audit existed';
  if (!training.prepared[run.embeddingsKey] && !reembedding(run))
    return 'it was trained on your images or with an encoder from step 2, in an earlier session or in another tab: this page does not hold its embeddings. Train it again here to attack it';
  return null;
}

/**
 * The run the attack panel offers first: the latest the user trained with DP that can be attacked here (not the
 * random-encoder contrast a start also trains, after it), else the latest that can be attacked, else the latest
 * (whose reason is then shown).
 */
export function defaultAuditRun<R extends RunRecord>(
  runs: readonly R[],
  training: { prepared: Readonly<Record<string, unknown>> },
): R | undefined {
  const latest = [...runs].reverse();
  const can = latest.filter((r) => !notAuditable(r, training));
  return can.find((r) => r.kind === 'dp') ?? can[0] ?? latest[0];
}
