/** Which runs can be attacked on this page (pure: the panel and its tests use it). */
import type { RunRecord } from '../probe/run-record';

/**
 * Why a run cannot be attacked now, or null if it can: the audit trains shadow probes on the run's own
 * embeddings, which only the page that trained it (this page load) holds.
 */
export function notAuditable(
  run: RunRecord,
  training: { prepared: Readonly<Record<string, unknown>> },
): string | null {
  if (!run.embeddingsKey || !run.probeConfig) return 'it was saved before the audit existed';
  if (!training.prepared[run.embeddingsKey])
    return 'it was trained in an earlier session or in another tab, whose embeddings this page does not hold: train it again here to attack it';
  return null;
}
