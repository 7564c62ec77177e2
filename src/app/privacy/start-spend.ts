/**
 * What one start of step 3 spends on the private data when it trains more than the run step 5 shows: the
 * random-encoder contrast (same q and σ, about the same steps) and the opt-in non-private baseline are charged
 * to the same data, and the dataset's ledger composes them by RDP. Pure (no React).
 */
import { dpSgdEpsilon } from '../../lib/privacy/accountant';
import { fmt } from '../shell/format';

export function startSpendNote(
  start: { dp: number; nonPrivate: boolean },
  /** The run as planned; `epsilon`: its RDP ε (the note compares like with like: RDP, composed or not). */
  run: { sampleRate: number; noiseMultiplier: number; steps: number; delta: number; epsilon: number },
): string | null {
  if ((start.dp <= 1 && !start.nonPrivate) || !(run.steps > 0) || Number.isNaN(run.epsilon)) return null;
  const runs = start.dp > 1 ? `${start.dp} DP runs (yours and the random-encoder contrast)` : 'your DP run';
  if (start.nonPrivate)
    return `One start of step 3 trains ${runs} and a non-private baseline: together ε = ∞ on this data.`;
  // dp copies of the run composed under RDP: the same (q, σ) for dp·T steps
  const together = dpSgdEpsilon({
    sampleRate: run.sampleRate,
    noiseMultiplier: run.noiseMultiplier,
    steps: run.steps * start.dp,
    delta: run.delta,
  }).epsilon;
  return (
    `One start of step 3 trains ${runs}: together about ε = ${fmt(together, 3)} on this data (RDP, ` +
    `composed; one run alone: RDP ε = ${fmt(run.epsilon, 3)}). Untick the contrast in step 3 to spend ` +
    `one run's ε.`
  );
}
