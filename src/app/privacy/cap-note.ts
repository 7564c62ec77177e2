/**
 * What the cap on a dataset's ε (a privacy filter, src/lib/privacy/filter.ts) says when it refuses a start.
 * Pure (no React): `useLedger` checks every charge with it, and step 3 shows it beside a disabled Start.
 */
import type { CapCheck, LedgerRun } from '../../lib/dp/dataset-ledger';
import type { PrivacyCap } from '../../lib/privacy/filter';
import { pct } from '../shell/format';

/** A cap as it was typed in step 5 ("3", "0.5"; up to 4 significant digits). */
export const capNumber = (epsilon: number) => epsilon.toLocaleString('en', { maximumSignificantDigits: 4 });

/** "ε = 3 at δ = 1e-5": the cap in a sentence, at the δ it was set with. */
export function capLabel(cap: Pick<PrivacyCap, 'epsilon' | 'delta'>): string {
  return `ε = ${capNumber(cap.epsilon)} at δ = ${cap.delta.toExponential(0)}`;
}

/**
 * A fraction of the cap's Rényi budget, as a percentage ("∞" after a non-private run): the share of the RDP at
 * the cap's order that the cap allows (100%: the cap).
 */
export const usedText = (fraction: number) =>
  !Number.isFinite(fraction)
    ? '∞'
    : fraction >= 10
      ? `${Math.round(fraction * 100).toLocaleString('en')}%`
      : pct(fraction);

/** How a refusal that a smaller run would fix ends (what `capAdvice` adds advice to). */
const PAST_THE_CAP = 'past the cap.';

/**
 * Why a start cannot be charged under `cap`, or null when it can. 'unreadable': the stored cap cannot be read;
 * 'reading': not read yet.
 * The stored ledger: `reading` while it is being read, `unread` why part of it could not be read (the total is
 * then a lower bound, so a cap cannot be checked). `check` runs only when the cap and the ledger can be read.
 */
export function capRefusalText<C extends PrivacyCap>(
  cap: C | 'unreadable' | 'reading',
  ledger: { reading: boolean; unread: string | null },
  check: (cap: C) => CapCheck,
): string | null {
  if (cap === 'unreadable')
    return 'The cap stored for this data cannot be read (or whether there is one), so no run starts on it: remove the cap in step 5, or reload.';
  if (cap === 'reading' || ledger.reading)
    return 'The stored privacy ledger and any cap on this data are still being read: a moment.';
  if (ledger.unread)
    return `The cap of ${capLabel(cap)} on this data cannot be checked: ${ledger.unread}. Remove the cap in step 5 to train anyway.`;
  const c = check(cap);
  if (c.allowed) return null;
  if (c.nonPrivate?.charged)
    return `This data's ε is already ∞ (${c.nonPrivate.label} was trained on it without privacy), past its cap of ${capLabel(cap)}: no run can start under the cap. Remove the cap in step 5 to train anyway.`;
  if (c.nonPrivate)
    return `The non-private baseline would make this data's ε ∞, past its cap of ${capLabel(cap)}: untick the non-private baseline.`;
  if (!(cap.rdpBudget > 0))
    return `The cap of ${capLabel(cap)} is too small for any DP step: at that δ, turning Rényi DP into (ε, δ) alone costs more than ε = ${capNumber(cap.epsilon)}. Raise or remove the cap in step 5.`;
  if (c.usedBefore >= 1)
    return `This data is already at its cap of ${capLabel(cap)} (${usedText(c.usedBefore)} of its budget used): no run fits. Raise or remove the cap in step 5 (it is then a limit, not a guarantee).`;
  return (
    `This start would bring this data to ${usedText(c.usedAfter)} of its cap's budget (${capLabel(cap)}; ` +
    `${usedText(c.usedBefore)} used so far), ${PAST_THE_CAP}`
  );
}

/** What to change so that a start fits under the cap, after `capRefusalText`'s "past the cap" (else ""). */
export function capAdvice(refusal: string, contrast: boolean): string {
  if (!refusal.endsWith(PAST_THE_CAP)) return '';
  // a smaller ε per run: more noise, fewer steps or a smaller sampling rate
  return ` ${contrast ? 'Untick the contrast, or spend' : 'Spend'} less per run: raise σ, or fewer epochs or a smaller batch.`;
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
