/**
 * What the cap on a dataset's ε (a privacy filter, src/lib/privacy/filter.ts) says when it refuses a start.
 * Pure (no React): `useLedger` checks every charge with it, and step 3 shows it beside a disabled Start.
 */
import type { CapCheck, LedgerRun } from '../../lib/dp/dataset-ledger';
import type { PrivacyCap } from '../../lib/privacy/filter';
import { fmt } from '../shell/format';

/** A cap as it was typed in step 5 ("3", "0.5"; up to 4 significant digits). */
export const capNumber = (epsilon: number) => epsilon.toLocaleString('en', { maximumSignificantDigits: 4 });

/** "ε = 3": the cap in a sentence. */
export function capLabel(cap: PrivacyCap): string {
  return `ε = ${capNumber(cap.epsilon)}`;
}

/**
 * Why a start cannot be charged under `cap`, or null when it can. The stored ledger: `reading` while it is
 * being read, `unread` why part of it could not be read (the total is then a lower bound, so a cap cannot be
 * checked). `check` runs only when the ledger can be checked.
 */
export function capRefusalText(
  cap: PrivacyCap,
  ledger: { reading: boolean; unread: string | null },
  check: () => CapCheck,
): string | null {
  if (ledger.reading)
    return `The stored privacy ledger is still being read, so the cap of ${capLabel(cap)} on this data cannot be checked yet.`;
  if (ledger.unread)
    return `The cap of ${capLabel(cap)} on this data cannot be checked: ${ledger.unread}. Remove the cap in step 5 to train anyway.`;
  const c = check();
  if (c.allowed) return null;
  if (c.nonPrivate?.charged)
    return `This data's ε is already ∞ (${c.nonPrivate.label} was trained on it without privacy), past its cap of ${capLabel(cap)}: no run can start under the cap.`;
  if (c.nonPrivate)
    return `The non-private baseline would make this data's ε ∞, past its cap of ${capLabel(cap)}: untick it in step 3.`;
  return (
    `This would take this data to ε = ${fmt(c.after, 3)} at Rényi order ${cap.order} (the cap's order; spent ` +
    `there so far: ${fmt(c.before, 3)}), past its cap of ${capLabel(cap)} set in step 5.`
  );
}

/**
 * The charges one start makes, as planned: `dp` DP runs of the planned (q, σ, T) (yours, the random-encoder
 * contrast, or Compare's encoders: the same settings) and, if asked for, a non-private baseline.
 */
export function startCharges(
  run: { sampleRate: number; noiseMultiplier: number; steps: number },
  start: { dp: number; nonPrivate: boolean },
): LedgerRun[] {
  const dp: LedgerRun = {
    label: 'this start',
    private: true,
    ledger: {
      accountant: 'rdp',
      ledger: run.steps > 0 ? [{ q: run.sampleRate, sigma: run.noiseMultiplier, steps: run.steps }] : [],
    },
  };
  const np: LedgerRun = {
    label: 'the non-private baseline',
    private: false,
    ledger: { accountant: 'rdp', ledger: [] },
  };
  return [...Array.from({ length: start.dp }, () => dp), ...(start.nonPrivate ? [np] : [])];
}
