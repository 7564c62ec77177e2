/**
 * Finished sweeps (accuracy versus target ε, the mean and spread over repeats) kept in IndexedDB (idb-keyval),
 * one record per sweep, so the plot still shows them after a reload: their runs were charged to the privacy
 * ledger, and hiding their results would not give that back. Records that are not valid sweeps are reported and
 * skipped.
 */
import * as records from './record-store';
import type { SweepPoint } from '../../lib/dp/sweep';
import { type AccountantName, isAccountantName } from '../../lib/privacy/accountant-names';

export interface SweepRecord {
  /** Its record key, unique across tabs. */
  id: string;
  /** When it started (ms since the epoch): the order of the list. */
  startedAt: number;
  encoder: string;
  /** The private dataset's ledger key, the δ of every point's ε and the accountant behind it (absent in sweeps
   * kept before they were recorded). */
  dataset?: string;
  delta?: number;
  accountant?: AccountantName;
  points: SweepPoint[];
}

const SWEEPS = records.recordStore('epsilon-lab-sweeps', 'sweeps', 'sweep:');
/** The sweeps as one list, as stored before one record per sweep. */
const LEGACY_KEY = 'sweeps';

/** A new sweep's record key, unique across tabs. */
export function newSweepId(): string {
  const random =
    typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `${SWEEPS.prefix}${random}`;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why a stored value is not a sweep, or null. */
export function sweepProblem(value: unknown): string | null {
  const s = value as Partial<SweepRecord> | null;
  if (typeof s !== 'object' || s === null) return 'not a record';
  if (typeof s.id !== 'string' || !finite(s.startedAt)) return 'no id';
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

/**
 * The sweeps saved in this browser, oldest first; records that are not sweeps are reported and skipped. Sweeps
 * stored the old way (one list) are moved to one record each first (what cannot be read stays, reported).
 */
export async function loadSweeps(onProblem?: (message: string) => void): Promise<SweepRecord[]> {
  const problems: string[] = [];
  await records.migrateLegacy(SWEEPS, LEGACY_KEY, (legacy) => {
    if (!Array.isArray(legacy)) return { records: [], rest: legacy }; // not a list: kept, and reported
    const at = Date.now();
    const good = legacy.filter((s) => sweepProblem({ id: 'sweep:legacy', startedAt: at, ...s }) === null);
    const left = legacy.filter((s) => !good.includes(s));
    return {
      records: good.map((s, i) => {
        const id = newSweepId();
        return [id, { ...(s as object), id, startedAt: at + i }];
      }),
      rest: left.length ? left : undefined,
    };
  });
  const rest = await records.legacyRest(SWEEPS, LEGACY_KEY);
  if (rest !== undefined)
    problems.push(
      Array.isArray(rest) ? `${rest.length} sweep(s) stored the old way are not valid sweeps` : 'not a list',
    );
  const sweeps: SweepRecord[] = [];
  for (const [key, value] of await records.loadRecords(SWEEPS)) {
    const why = sweepProblem(value) ?? ((value as SweepRecord).id !== key ? 'a mismatched key' : null);
    if (why) problems.push(`${key} was skipped: ${why}`);
    else sweeps.push(value as SweepRecord);
  }
  if (problems.length) onProblem?.(`Some saved sweeps could not be restored (${problems.join('; ')}).`);
  return sweeps.sort((a, b) => a.startedAt - b.startedAt);
}

/** Writes these sweeps (one record each) and deletes those record keys. */
export async function writeSweeps(put: SweepRecord[], remove: string[]): Promise<void> {
  await records.writeRecords(
    SWEEPS,
    put.map((s) => [s.id, s]),
    remove,
  );
}

export const sweepKey = (s: SweepRecord) => s.id;
export const onSweepsChanged = (onChange: () => void) => records.onOtherTabChange(SWEEPS, onChange);
/** Deletes every stored sweep (and a list stored the old way), in every tab. */
export const clearStoredSweeps = () => records.clearRecords(SWEEPS, LEGACY_KEY);
