/**
 * The privacy budget, live: every control change recomputes ε of the next run (use-next-run.ts), with the
 * accountants side by side and what the number covers (PrivacyReadout.tsx).
 */
import { fmt } from '../shell/format';
import { useState } from 'react';
import { ACCOUNTANT_LABELS } from '../../lib/privacy/accountant-names';
import { startSpendNote } from './start-spend';
import { CapControl } from './CapControl';
import { capLabel, usedText } from './cap-note';
import { calibrateNoiseMultiplier, type CalibrationResult } from '../../lib/privacy/calibrate';
import type { DatasetSpent } from '../../lib/dp/dataset-ledger';
import { LAB_SIGMA_MIN, LAB_TARGET_EPSILON_MIN, deltaOfExponent, labCalibration } from '../../lib/dp/plan';
import { targetEpsilonProblem } from './target-epsilon';
import { CLIP_SCALE, SIGMA_SCALE, clipText } from './log-slider';
import type { LabConfig } from '../../state/lab-config';
import { Field, SelectField, Slider, type SliderProps } from '../shell/fields';
import { PrivacyExplainer, type SpentMark } from './PrivacyExplainer';
import { AccountantComparison, PrivacyStatement } from './PrivacyReadout';
import type { NextRun } from './use-next-run';

const { min: SIGMA_MIN, max: SIGMA_MAX } = SIGMA_SCALE;

export function PrivacyPanel(props: {
  config: LabConfig;
  update: (patch: Partial<LabConfig>) => void;
  /** N: the private training set's size. */
  datasetSize: number;
  datasetLabel: string;
  spent?: SpentMark | null;
  /** Every run on this private dataset together (the session ledger). */
  datasetSpent: DatasetSpent;
  /** The next run, planned once in `App` (step 3 starts what this shows). */
  nextRun: NextRun;
  /** Why step 3 cannot start (e.g. "Your images" selected but not loaded): the plan shown is not that data's. */
  blocked?: string | null;
  /** What one start of step 3 trains: its DP runs (yours, and the random-encoder contrast) and the baseline. */
  startRuns?: { dp: number; nonPrivate: boolean };
  /** Sets (or removes: null) this data's cap on its total ε; absent: no cap control. */
  setCap?: (epsilon: number | null) => void;
}) {
  const { config, update, datasetSize: PRIVATE_N } = props;
  const sigma = config.noiseMultiplier;
  const clip = config.clipNorm;
  const batch = props.nextRun.batch;
  const epochs = config.epochs;
  const deltaExp = config.deltaExp;
  const setSigma = (v: number) => update({ noiseMultiplier: v });
  const setClip = (v: number) => update({ clipNorm: v });
  const setBatch = (v: number) => update({ expectedBatchSize: v });
  const setEpochs = (v: number) => update({ epochs: v });
  const setDeltaExp = (v: number) => update({ deltaExp: v });
  const [target, setTarget] = useState('');
  // Solve for σ's message, and whether it says what is wrong with the typed target (or why solving failed)
  // rather than what it set
  const [targetNote, setTargetNote] = useState<{ text: string; invalid: boolean } | null>(null);
  const say = (text: string | null, invalid = false) =>
    setTargetNote(text === null ? null : { text, invalid });
  const targetMessage = targetNote?.text ?? null;
  const targetInvalid = targetNote?.invalid ?? false;
  const delta = deltaOfExponent(deltaExp);
  // A solved-for-σ note describes the settings it was solved for: any later change makes it stale.
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      say(null);
    };
  const { deltaTooBig } = props.nextRun;

  const { probe, result, planned, pending, bothEpsilons, worker, fewSteps } = props.nextRun;
  const { privacyMode, targetEpsilon, accountant } = config;
  const planSigma = result.noiseMultiplier;

  const solve = async () => {
    // the σ it sets is step 3's too (fixed-σ mode trains with it): the same smallest target as step 3's field
    const problem = targetEpsilonProblem(target, 'a target ε', LAB_TARGET_EPSILON_MIN);
    if (problem) {
      say(problem, true);
      return;
    }
    const t = Number(target.trim());
    try {
      // never below the lab's smallest σ: a target that needs less noise gets σ = LAB_SIGMA_MIN and its own ε
      const options = labCalibration({
        targetEpsilon: t,
        sampleRate: result.sampleRate,
        steps: result.steps,
        delta,
      });
      let r: CalibrationResult;
      if (accountant === 'pld') {
        say('Solving for σ with the PLD accountant…');
        r = await worker.bridge.run((w) => w.calibrate({ ...options, accountant: 'pld' }));
      } else {
        r = calibrateNoiseMultiplier(options);
      }
      const sigmaSet = r.noiseMultiplier;
      // in fixed-σ mode the target is also step 3's, so switching step 3 to target-ε mode keeps it (it jumped
      // to another target); in budget mode that field is the budget, which a what-if solve must not move
      update({
        noiseMultiplier: sigmaSet,
        ...(privacyMode === 'fixed-sigma' ? { targetEpsilon: t } : {}),
      });
      const reaches = `ε = ${fmt(r.epsilon, 4)} ≤ ${t} (${accountant.toUpperCase()})`;
      say(
        sigmaSet <= LAB_SIGMA_MIN && r.epsilon < t
          ? `σ = ${fmt(sigmaSet, 4)}, the lab's smallest, already gives ${reaches}: the target allows less noise than the lab uses.`
          : sigmaSet >= SIGMA_MIN && sigmaSet <= SIGMA_MAX
            ? `σ = ${fmt(sigmaSet, 4)} reaches ${reaches}.`
            : `σ is set to ${fmt(sigmaSet, 4)}, beyond the slider's range (${SIGMA_MIN}–${SIGMA_MAX}, which shows its end): ${reaches}.`,
      );
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  // with a target ε, σ is what the accountant calibrates, not a setting: the slider shows it and does not move
  const calibrated = privacyMode === 'target-epsilon';
  const shownSigma = calibrated ? planSigma : sigma;
  // while the PLD accountant calibrates σ in its worker, the σ at hand is RDP's: not shown as the run's; with no
  // plan (refused, or δ ≥ 1/N) nothing was calibrated, and the σ setting is not shown as if it had been
  const uncalibrated = calibrated && (!!props.nextRun.refused || deltaTooBig);
  const sigmaText = (digits: number, x = shownSigma) =>
    calibrated && pending ? '…' : uncalibrated ? '—' : fmt(x, digits);
  const sliders: SliderProps[] = [
    {
      label: 'Noise multiplier σ',
      // 4 significant digits: one arrow-key step (×1.0042) always changes what is shown
      shown: sigmaText(4),
      valueText: `σ = ${sigmaText(4)}`,
      min: 0,
      max: SIGMA_SCALE.positions,
      value: SIGMA_SCALE.toPosition(shownSigma),
      onChange: (v) => change(setSigma)(SIGMA_SCALE.fromPosition(v)),
      ...(calibrated
        ? {
            setBy: uncalibrated
              ? `not calibrated: no run is planned (below)`
              : `calibrated for target ε = ${targetEpsilon}`,
          }
        : {}),
    },
    {
      label: 'Clipping norm C',
      // log scale, 0.01–10 (a link may set C beyond it: shown as set, the slider at its end); one arrow-key
      // step (×1.0116) always changes the 3 significant digits shown
      shown: clipText(clip),
      valueText: `C = ${clipText(clip)}`,
      min: 0,
      max: CLIP_SCALE.positions,
      value: CLIP_SCALE.toPosition(clip),
      onChange: (v) => setClip(CLIP_SCALE.fromPosition(v)),
    },
    {
      label: 'Expected batch size',
      // a preset's or a link's B above N is capped at N: said, so q = 1 is not a surprise
      shown:
        batch < config.expectedBatchSize
          ? `${batch.toLocaleString('en')} (all N; ${config.expectedBatchSize.toLocaleString('en')} set)`
          : String(batch),
      min: 16,
      // B is at most N: above it an arrow key would move the range but not the B shown (and used)
      max: Math.max(16, Math.min(8192, PRIVATE_N)),
      step: 16,
      value: batch,
      onChange: change(setBatch),
    },
    { label: 'Epochs', shown: String(epochs), min: 1, max: 100, value: epochs, onChange: change(setEpochs) },
    {
      label: 'δ (delta)',
      shown: `1e${deltaExp}`,
      valueText: `δ = 1e${deltaExp}`,
      min: -12,
      max: -3,
      value: deltaExp,
      onChange: change(setDeltaExp),
    },
  ];

  const refused = !!props.nextRun.refused;
  const startTotal =
    deltaTooBig || refused || pending
      ? null
      : // "not …": one run's RDP ε, as the two composed (under PLD the headline is lower for other reasons)
        startSpendNote(props.startRuns ?? { dp: 1, nonPrivate: false }, {
          ...result,
          delta,
          epsilon: bothEpsilons.rdp,
        });
  return (
    <div className="privacy">
      <div className="controls">
        {sliders.map((props) => (
          <Slider key={props.label} {...props} />
        ))}
        {calibrated ? (
          // in target-ε mode σ is the accountant's, calibrated before each run: a second target here would
          // only set a σ the run does not use
          <p className="note">
            Target-ε mode: σ is calibrated for step 3&apos;s target ε = {targetEpsilon} before each run. The σ
            solver is for the fixed-σ modes.
          </p>
        ) : (
          <form
            className="target"
            onSubmit={(e) => {
              e.preventDefault();
              void solve();
            }}
          >
            <Field
              label={
                <>
                  Target ε <small className="hint">(a number &gt; 0, e.g. 1)</small>
                </>
              }
              name="Target ε"
              inputMode="decimal"
              value={target}
              onChange={setTarget}
              invalid={targetInvalid}
              describedBy={
                targetMessage ? (targetInvalid ? 'solve-sigma-problem' : 'solve-sigma-result') : undefined
              }
            />
            <button type="submit">Solve for σ</button>
            {/* the result in a status region present before it is filled (one inserted with its text is often
                not read); what is wrong with the target in an alert */}
            <p id="solve-sigma-result" className="note" role="status">
              {!targetInvalid && targetMessage}
            </p>
            {targetInvalid && (
              <p id="solve-sigma-problem" className="note" role="alert">
                {targetMessage}
              </p>
            )}
          </form>
        )}
        <SelectField
          label="Accountant for target ε and budget stops"
          value={accountant}
          onChange={(choice) => {
            update({ accountant: choice });
            say(null);
          }}
          options={[
            { value: 'rdp', text: ACCOUNTANT_LABELS.rdp },
            { value: 'pld', text: ACCOUNTANT_LABELS.pld },
          ]}
        />
        {props.setCap && (
          <CapControl
            cap={props.datasetSpent.cap}
            setCap={props.setCap}
            reading={!!props.datasetSpent.reading}
            charged={props.datasetSpent.dpRuns > 0 || props.datasetSpent.reason !== null}
          />
        )}
      </div>
      <div className="readout">
        {props.blocked && (
          <p className="warning" role="note" aria-label="Plan shown for other data">
            {props.blocked} Until then, the numbers here are for the built-in data ({props.datasetLabel}).
          </p>
        )}
        <div className="per-run">ε of the next run ({accountant.toUpperCase()})</div>
        <div
          className={`epsilon${deltaTooBig ? ' invalid' : refused ? ' none' : ''}`}
          role="status"
          aria-label="Privacy budget ε"
          aria-busy={pending}
          data-epsilon={pending || refused ? undefined : result.epsilon}
          data-accountant={accountant}
        >
          ε = {pending ? '…' : refused ? '—' : fmt(result.epsilon, 3)}
        </div>
        <div
          className={`spent${props.datasetSpent.epsilon === Infinity ? ' infinite' : ''}`}
          role="status"
          aria-label="Privacy spent on this data"
          aria-busy={props.datasetSpent.reading}
          data-epsilon={props.datasetSpent.reading ? undefined : String(props.datasetSpent.epsilon)}
        >
          {props.datasetSpent.reading ? (
            'Privacy spent on this data: reading the stored ledger…'
          ) : (
            <>
              Privacy spent on this data: ε {props.datasetSpent.unread ? '≥' : '='}{' '}
              {fmt(props.datasetSpent.epsilon, 4)}
              {props.datasetSpent.reason
                ? // a dash, not parentheses: the reason names a run whose label has its own; then what the DP
                  // runs alone compose to (a lecturer who showed a baseline keeps the running total in view)
                  ` — ${props.datasetSpent.reason}` +
                  (props.datasetSpent.dpRuns > 0 && props.datasetSpent.dpEpsilon !== undefined
                    ? `; its ${props.datasetSpent.dpRuns} DP run${props.datasetSpent.dpRuns === 1 ? '' : 's'} alone compose to ε = ${fmt(props.datasetSpent.dpEpsilon, 4)} at δ = 1e${deltaExp} (RDP)`
                    : '')
                : ` at δ = 1e${deltaExp}, ${props.datasetSpent.dpRuns} DP run${props.datasetSpent.dpRuns === 1 ? '' : 's'} composed (RDP${props.datasetSpent.sweepRuns > 0 ? `; ${props.datasetSpent.sweepRuns} of them in sweeps` : ''})`}
              {props.datasetSpent.inProgress > 0 &&
                `; ${props.datasetSpent.inProgress} in progress, charged in full as planned until ${props.datasetSpent.inProgress === 1 ? 'it reports' : 'they report'}`}
              {props.datasetSpent.interrupted > 0 &&
                `; ${props.datasetSpent.interrupted} unfinished (running in another tab, or interrupted): charged in full`}
              {props.datasetSpent.unread && `; a lower bound: ${props.datasetSpent.unread}`}
              {capText(props.datasetSpent.cap)}
            </>
          )}
        </div>
        <AccountantComparison
          planned={planned}
          // δ ≥ 1/N plans no run (step 3 refuses it): said here too, not "PLD ε = …" for ever
          error={deltaTooBig ? 'δ ≥ 1/N: lower δ' : worker.error}
          waiting={!planned && !worker.error && !!probe}
          epsilons={bothEpsilons}
        />
        {startTotal && (
          <p className="note" aria-label="What one start spends">
            {startTotal}
          </p>
        )}
        <dl>
          <dt>δ</dt>
          <dd>1e{deltaExp}</dd>
          <dt>sampling rate q</dt>
          <dd>{fmt(result.sampleRate, 3)}</dd>
          <dt>steps T</dt>
          <dd>
            {refused
              ? 'none: the plan was refused (below)'
              : `${result.steps.toLocaleString('en')}${
                  result.steps < result.plannedSteps
                    ? ` (capped by the ε budget; ${result.plannedSteps.toLocaleString('en')} planned)`
                    : ''
                }`}
          </dd>
          {privacyMode === 'target-epsilon' && (
            <>
              <dt>σ calibrated for target ε = {targetEpsilon}</dt>
              <dd>{sigmaText(4)}</dd>
            </>
          )}
          {accountant === 'rdp' && (
            <>
              <dt>optimal RDP order</dt>
              <dd>{Number.isNaN(result.order) ? '—' : result.order}</dd>
            </>
          )}
          <dt>noise std σ·C</dt>
          <dd>{sigmaText(3, planSigma * clip)}</dd>
        </dl>
        {result.planError && <p className="warning">{result.planError}</p>}
        {fewSteps && <p className="note">{fewSteps}</p>}
        <PrivacyStatement
          privacyMode={privacyMode}
          accountant={accountant}
          datasetSize={PRIVATE_N}
          datasetLabel={props.datasetLabel}
          orderAtEdge={result.orderAtEdge}
          deltaTooBig={deltaTooBig}
        />
      </div>
      <PrivacyExplainer
        sigma={planSigma}
        clip={clip}
        batch={batch}
        epochs={epochs}
        delta={delta}
        datasetSize={PRIVATE_N}
        datasetLabel={props.datasetLabel}
        spent={props.spent ?? null}
        accountant={accountant}
        refused={refused}
        runEpsilon={
          config.privacyMode === 'fixed-sigma'
            ? null
            : { epsilon: config.targetEpsilon, mode: config.privacyMode }
        }
      />
    </div>
  );
}

/** The footer's words on this data's cap, after what it spent ("" with no cap). */
function capText(cap: DatasetSpent['cap']): string {
  if (!cap || cap === 'reading') return '';
  if (cap === 'unreadable') return " · this data's cap cannot be read: no run starts";
  // the cap's δ may differ from the δ the footer's ε is at: then the data's ε at the cap's δ too
  const atCapDelta = cap.atCapDelta === null ? '' : `ε = ${fmt(cap.atCapDelta, 4)} at that δ; `;
  return (
    ` · cap ${capLabel(cap)}: ${atCapDelta}${usedText(cap.used)} of its budget used` +
    (cap.limit === null ? '' : ' (a limit, not a guarantee)')
  );
}
