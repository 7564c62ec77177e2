/**
 * Finished audits kept in IndexedDB, one record per run (`audit:<run id>`), so that a reload keeps step 4's
 * results beside the runs they attacked (an audit with shadows takes minutes). A record holds what step 4 shows:
 * AUCs with their intervals, TPRs at low FPR, the ε lower bound and up to 200 ROC points per attack; nothing per
 * example. Records that are old or corrupt are reported and skipped, each on its own.
 */
import type { AuditResult } from '../../lib/audit/run-audit';
import type { PersistentList } from '../probe/use-persistent-state';
import {
  clearRecords,
  isObject,
  loadRecords,
  onOtherTabChange,
  recordStore,
  writeRecords,
} from '../probe/record-store';

/** One finished audit of one run, as step 4 shows it. */
export interface AuditRecord {
  runId: number;
  label: string;
  private: boolean;
  /** The accountant's ε for the run (Infinity without privacy). */
  epsilon: number;
  delta: number;
  result: AuditResult;
}

const AUDITS = recordStore('epsilon-lab-audits', 'audits', 'audit:');
const auditKey = (runId: number) => `${AUDITS.prefix}${runId}`;

/** Bumped whenever AuditRecord changes shape; records of another version are reported and skipped. */
export const AUDITS_SCHEMA = 1;

const ATTACKS = ['loss', 'lira-online', 'lira-offline'];

const rate = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

function attackProblem(x: unknown): string | null {
  if (!isObject(x)) return 'an attack that is not an object';
  if (!ATTACKS.includes(x['attack'] as string)) return `an unknown attack ${String(x['attack'])}`;
  for (const f of ['auc', 'tprAtFpr01', 'tprAtFpr001']) if (!rate(x[f])) return `a bad ${f}`;
  const iv = x['aucInterval'];
  if (!Array.isArray(iv) || iv.length !== 2 || !iv.every(rate)) return 'a bad AUC interval';
  const b = x['bound'];
  if (!isObject(b) || typeof b['epsilon'] !== 'number' || Number.isNaN(b['epsilon']))
    return 'a bad ε lower bound';
  const roc = x['roc'];
  const fpr: unknown = isObject(roc) ? roc['fpr'] : null;
  const tpr: unknown = isObject(roc) ? roc['tpr'] : null;
  if (
    !Array.isArray(fpr) ||
    !Array.isArray(tpr) ||
    fpr.length !== tpr.length ||
    !fpr.every(rate) ||
    !tpr.every(rate)
  )
    return 'a bad ROC curve';
  return null;
}

/** Why a stored value cannot be shown as an audit, or null when it is a valid AuditRecord. */
export function auditProblem(a: unknown): string | null {
  if (!isObject(a)) return 'not an object';
  if (!(Number.isInteger(a['runId']) && (a['runId'] as number) > 0)) return 'a bad run id';
  if (typeof a['label'] !== 'string' || typeof a['private'] !== 'boolean') return 'a bad label';
  if (typeof a['epsilon'] !== 'number' || !(a['epsilon'] >= 0)) return 'a bad ε';
  if (!rate(a['delta'])) return 'a bad δ';
  const r = a['result'];
  if (!isObject(r)) return 'no result';
  if (!Array.isArray(r['attacks']) || r['attacks'].length === 0) return 'no attacks';
  for (const x of r['attacks']) {
    const why = attackProblem(x);
    if (why) return why;
  }
  if (!(r['attacks'] as { attack: string }[]).some((x) => x.attack === r['primary']))
    return 'a headline attack that is not among its attacks';
  for (const f of ['members', 'nonMembers', 'shadowsTrained', 'shadowsPlanned', 'shadowTrainingSize'])
    if (!count(r[f])) return `a bad ${f}`;
  if (typeof r['stopped'] !== 'boolean') return 'a bad stopped flag';
  return null;
}

/** The audits saved in this browser, by run id; a record that cannot be read is reported and skipped. */
export async function loadAudits(onProblem?: (message: string) => void): Promise<AuditRecord[]> {
  const audits: AuditRecord[] = [];
  const problems: string[] = [];
  for (const [key, value] of await loadRecords(AUDITS)) {
    const stored = value as { schema?: unknown; audit?: unknown } | null;
    const why =
      stored?.schema !== AUDITS_SCHEMA
        ? `saved by another version of the lab (schema ${String(stored?.schema)})`
        : auditProblem(stored.audit);
    if (why) problems.push(`${key}: ${why}`);
    else if (auditKey((stored!.audit as AuditRecord).runId) !== key) problems.push(`${key}: another run's`);
    else audits.push(stored!.audit as AuditRecord);
  }
  if (problems.length)
    onProblem?.(`Some saved attack results could not be restored (${problems.join('; ')}).`);
  return audits.sort((x, y) => x.runId - y.runId);
}

/** The saved audits as step 4's list: restored on start, each change written, other tabs' changes read in. */
export const AUDIT_LIST: PersistentList<AuditRecord> = {
  load: loadAudits,
  keyOf: (a) => auditKey(a.runId),
  write: (put, remove) =>
    writeRecords(
      AUDITS,
      put.map((a) => [auditKey(a.runId), { schema: AUDITS_SCHEMA, audit: a }]),
      remove,
    ),
  subscribe: (onChange) => onOtherTabChange(AUDITS, onChange),
};

/** Deletes every saved audit. */
export const clearStoredAudits = () => clearRecords(AUDITS);
