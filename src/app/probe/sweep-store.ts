/**
 * Finished sweeps (accuracy versus target ε, the mean and spread over repeats) kept in IndexedDB (idb-keyval),
 * so the plot still shows them after a reload: their runs were charged to the privacy ledger, and hiding their
 * results would not give that back. Records that are not valid sweeps are reported and skipped.
 */
import { type UseStore, createStore, get, set } from 'idb-keyval';
import type { SweepPoint } from '../../lib/dp/sweep';
import { type AccountantName, isAccountantName } from '../../lib/privacy/accountant-names';

export interface SweepRecord {
  encoder: string;
  /** The private dataset's ledger key, the δ of every point's ε and the accountant behind it (absent in sweeps
   * kept before they were recorded). */
  dataset?: string;
  delta?: number;
  accountant?: AccountantName;
  points: SweepPoint[];
}

let opened: UseStore | null = null;
const store = () => (opened ??= createStore('epsilon-lab-sweeps', 'sweeps'));

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why a stored value is not a sweep, or null. */
export function sweepProblem(value: unknown): string | null {
  const s = value as Partial<SweepRecord> | null;
  if (typeof s !== 'object' || s === null) return 'not a record';
  if (typeof s.encoder !== 'string') return 'no encoder';
  if (!Array.isArray(s.points)) return 'no points';
  if (s.dataset !== undefined && typeof s.dataset !== 'string') return 'a bad dataset key';
  if (s.delta !== undefined && !(finite(s.delta) && s.delta > 0 && s.delta < 1)) return 'a bad δ';
  if (s.accountant !== undefined && !isAccountantName(s.accountant)) return 'an unknown accountant';
  for (const p of s.points as unknown[]) {
    const q = p as Partial<SweepPoint> | null;
    if (
      !q ||
      !['value', 'noiseMultiplier', 'epsilon', 'accuracy', 'accuracyStd'].every((k) =>
        finite((q as Record<string, unknown>)[k]),
      ) ||
      !Array.isArray(q.accuracies) ||
      !q.accuracies.every(finite)
    )
      return 'a point is not numbers';
  }
  return null;
}

export async function loadSweeps(onProblem?: (message: string) => void): Promise<SweepRecord[]> {
  const stored = await get<unknown>('sweeps', store());
  if (stored === undefined) return [];
  if (!Array.isArray(stored)) {
    onProblem?.('The saved sweeps could not be restored (not a list).');
    return [];
  }
  const problems: string[] = [];
  const sweeps = stored.filter((s, i) => {
    const why = sweepProblem(s);
    if (why) problems.push(`stored sweep ${i + 1} was skipped: ${why}`);
    return why === null;
  }) as SweepRecord[];
  if (problems.length) onProblem?.(`Some saved sweeps could not be restored (${problems.join('; ')}).`);
  return sweeps;
}

export async function storeSweeps(sweeps: SweepRecord[]): Promise<void> {
  await set('sweeps', sweeps, store());
}
