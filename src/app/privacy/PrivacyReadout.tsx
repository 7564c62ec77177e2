/** The privacy panel's readout parts: ε under both accountants side by side, and what the number covers. */
import type { LabConfig } from '../../state/lab-config';
import {
  ACCOUNTANT_DIFFERENCE,
  ACCOUNTANT_LABELS,
  type AccountantName,
} from '../../lib/privacy/accountant-names';
import type { PlannedRun } from '../../../workers/shared/contracts';
import { fmt } from '../shell/format';

/** The same run under RDP and PLD (NaN: not known yet), from the accountant worker's plan. */
export function AccountantComparison(props: {
  planned: PlannedRun | null;
  error: string | undefined;
  /** The worker is still planning. */
  waiting: boolean;
  epsilons: { rdp: number; pld: number };
}) {
  return (
    <>
      <div
        className="epsilon-pld"
        role="status"
        // not announced: "Privacy budget ε" already is, once per change (this said 2 more things per key press)
        aria-live="off"
        aria-label="ε under the PLD accountant"
        aria-busy={props.waiting}
        data-epsilon={props.planned?.pldEpsilon ?? undefined}
        data-rdp-epsilon={Number.isNaN(props.epsilons.rdp) ? undefined : props.epsilons.rdp}
      >
        {props.error
          ? // the worker plans with the chosen accountant: its refusal is the plan's, not PLD's
            `Same run under RDP and PLD: not planned (${props.error})`
          : `Same run: RDP ε = ${Number.isNaN(props.epsilons.rdp) ? '…' : fmt(props.epsilons.rdp, 3)} · PLD ε = ${Number.isNaN(props.epsilons.pld) ? '…' : fmt(props.epsilons.pld, 3)}`}
      </div>
      <p className="note">{ACCOUNTANT_DIFFERENCE}</p>
    </>
  );
}

/** What ε of the next run is: the mode, the accountant, N, q and T; warnings when the number is loose or void. */
export function PrivacyStatement(props: {
  privacyMode: LabConfig['privacyMode'];
  accountant: AccountantName;
  datasetSize: number;
  datasetLabel: string;
  orderAtEdge: boolean;
  deltaTooBig: boolean;
}) {
  return (
    <>
      <p className="note">
        ε of one run, in the mode chosen in step 3 (
        {props.privacyMode === 'target-epsilon'
          ? 'target ε: σ solved before training'
          : props.privacyMode === 'budget'
            ? 'budget: σ from the slider, training stops when the budget is spent'
            : 'fixed σ from the slider'}
        ). Runs on the same data compose: their RDP adds up, shown as the privacy spent on this data (composed
        with RDP whichever accountant ran each). ε of the next run: {ACCOUNTANT_LABELS[props.accountant]}{' '}
        accountant for Poisson-subsampled Gaussian DP-SGD (add-or-remove one example)
        {props.accountant === 'rdp'
          ? ', improved conversion (Balle et al. 2020)'
          : ', both directions, pessimistic discretisation (an upper bound)'}
        . N = {props.datasetSize.toLocaleString('en')} private training images ({props.datasetLabel}); q =
        B/N, T = ⌈epochs·N/B⌉. C does not change ε: it scales both the clipped gradients and the noise.
      </p>
      {props.orderAtEdge && (
        <p className="warning">The optimal order is at the edge of the order grid: ε may be loose.</p>
      )}
      {props.deltaTooBig && (
        <p className="warning" role="alert">
          δ ≥ 1/N: this allows releasing one person&apos;s data outright. Choose δ well below 1/N ={' '}
          {fmt(1 / props.datasetSize, 2)}.
        </p>
      )}
    </>
  );
}
