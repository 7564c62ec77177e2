import { fmt } from '../shell/format';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createAccountantBridge } from '../../bridge/accountant';
import {
  ACCOUNTANT_DIFFERENCE,
  ACCOUNTANT_LABELS,
  type AccountantName,
} from '../../lib/privacy/accountant-names';
import { dpSgdEpsilon, dpSgdSchedule } from '../../lib/privacy/accountant';
import { calibrateNoiseMultiplier, type CalibrationResult } from '../../lib/privacy/calibrate';
import type { DatasetSpent } from '../../lib/dp/dataset-ledger';
import { type ProbeConfig, deltaOfExponent } from '../../lib/dp/plan';
import type { PlannedRun } from '../../../workers/shared/contracts';
import { headlineEpsilon } from './headline';
import type { LabConfig } from '../../state/lab-config';
import { probeConfigOf } from '../probe/probe-config';
import { PrivacyExplainer } from './PrivacyExplainer';
const SIGMA_MIN = 0.3;
const SIGMA_MAX = 20;

const toSlider = (sigma: number) =>
  Math.round((1000 * Math.log(sigma / SIGMA_MIN)) / Math.log(SIGMA_MAX / SIGMA_MIN));
const fromSlider = (v: number) => SIGMA_MIN * Math.exp((v / 1000) * Math.log(SIGMA_MAX / SIGMA_MIN));

/** A labelled range input whose accessible name is exactly `label` (tests and scripts rely on it). */
interface SliderProps {
  label: string;
  shown: string;
  valueText?: string;
  min: number;
  max: number;
  step?: number;
  value: number;
  onChange: (value: number) => void;
}

function Slider(props: SliderProps) {
  // The <output> sits outside the <label>: a label around both would name the output "Noise multiplier σ"
  // too (one accessible name per control). It is tied to the range by `htmlFor` instead.
  const id = useId();
  return (
    <div className="slider">
      <span>
        <label htmlFor={id}>{props.label}</label> <output htmlFor={id}>{props.shown}</output>
      </span>
      <input
        id={id}
        type="range"
        aria-label={props.label}
        aria-valuetext={props.valueText}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </div>
  );
}

/**
 * The privacy budget, live: every control change recomputes ε with the RDP accountant on the main thread
 * (≤ 1 ms fresh, microseconds when only epochs change: see bench accountant), and the next run's plan with
 * the chosen accountant plus its ε under both accountants in the accountant worker (PLD: tens of
 * milliseconds, more when it calibrates σ or a budget; a newer request makes an older answer stale).
 */
function usePlannedRun(probe: ProbeConfig | null, datasetSize: number) {
  const bridge = useMemo(() => createAccountantBridge(), []);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const [state, setState] = useState<{ key: string; planned: PlannedRun | null; error?: string }>({
    key: '',
    planned: null,
  });
  const key = probe ? JSON.stringify([probe, datasetSize]) : '';
  const latest = useRef(key);
  useEffect(() => {
    latest.current = key;
    if (!probe) return;
    bridge
      .run((w) => w.plan(probe, datasetSize))
      .then(
        (planned) => latest.current === key && setState({ key, planned }),
        (e: Error) => latest.current === key && setState({ key, planned: null, error: e.message }),
      );
    // the key stands for probe and datasetSize
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, key]);
  return {
    bridge,
    planned: state.key === key ? state.planned : null,
    error: state.key === key ? state.error : undefined,
  };
}

export function PrivacyPanel(props: {
  config: LabConfig;
  update: (patch: Partial<LabConfig>) => void;
  /** N: the private training set's size. */
  datasetSize: number;
  datasetLabel: string;
  spent?: { epochs: number; epsilon: number; accountant: AccountantName } | null;
  /** Every run on this private dataset together (the session ledger). */
  datasetSpent: DatasetSpent;
}) {
  const { config, update, datasetSize: PRIVATE_N } = props;
  const sigma = config.noiseMultiplier;
  const clip = config.clipNorm;
  const batch = Math.min(config.expectedBatchSize, PRIVATE_N);
  const epochs = config.epochs;
  const deltaExp = config.deltaExp;
  const setSigma = (v: number) => update({ noiseMultiplier: v });
  const setClip = (v: number) => update({ clipNorm: v });
  const setBatch = (v: number) => update({ expectedBatchSize: v });
  const setEpochs = (v: number) => update({ epochs: v });
  const setDeltaExp = (v: number) => update({ deltaExp: v });
  const [target, setTarget] = useState('');
  const [targetMessage, setTargetMessage] = useState<string | null>(null);
  const delta = deltaOfExponent(deltaExp);
  // A solved-for-σ note describes the settings it was solved for: any later change makes it stale.
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setTargetMessage(null);
    };
  const deltaTooBig = delta >= 1 / PRIVATE_N;

  // The headline ε is the next run's: from the same plan the worker will run (target ε: the calibrated σ;
  // budget: the steps the budget allows).
  const { privacyMode, targetEpsilon } = config;
  const accountant = config.accountant;
  const probe = useMemo(
    () => (deltaTooBig ? null : probeConfigOf(config, delta, PRIVATE_N)),
    [config, delta, PRIVATE_N, deltaTooBig],
  );
  const rdpResult = useMemo(() => {
    const { sampleRate, steps } = dpSgdSchedule({ datasetSize: PRIVATE_N, batchSize: batch, epochs });
    const slider = {
      sampleRate,
      steps,
      plannedSteps: steps,
      noiseMultiplier: sigma,
      ...dpSgdEpsilon({ sampleRate, noiseMultiplier: sigma, steps, delta }),
    };
    // δ ≥ 1/N: no plan (the worker would refuse it); the slider's ε is shown struck through.
    if (!probe) return { ...slider, planError: null };
    // the RDP plan (a PLD plan comes from the worker below); a fixed σ plans the same under both
    const rdpProbe = { ...probe, accountant: 'rdp' as const };
    try {
      return { ...headlineEpsilon(rdpProbe, PRIVATE_N), planError: null };
    } catch (e) {
      return { ...slider, planError: (e as Error).message };
    }
  }, [probe, sigma, batch, epochs, delta, PRIVATE_N]);
  const worker = usePlannedRun(probe, PRIVATE_N);
  const planned = worker.planned;
  // The headline is the chosen accountant's: RDP at once; PLD when the worker has planned the run.
  const result =
    accountant === 'rdp' || !probe
      ? rdpResult
      : {
          ...rdpResult,
          epsilon: planned?.pldEpsilon ?? NaN,
          order: NaN,
          orderAtEdge: false,
          ...(planned
            ? {
                noiseMultiplier: planned.noiseMultiplier,
                sampleRate: planned.sampleRate,
                steps: planned.steps,
              }
            : {}),
          planError: worker.error ?? null,
        };
  const pending = accountant === 'pld' && !!probe && !planned && !worker.error;
  const planSigma = result.noiseMultiplier;
  const bothEpsilons = planned
    ? { rdp: planned.rdpEpsilon, pld: planned.pldEpsilon }
    : { rdp: accountant === 'rdp' ? rdpResult.epsilon : NaN, pld: NaN };

  const solve = async () => {
    const t = Number(target);
    if (!(t > 0)) {
      setTargetMessage('Enter a target ε greater than 0.');
      return;
    }
    try {
      const options = { targetEpsilon: t, sampleRate: result.sampleRate, steps: result.steps, delta };
      let r: CalibrationResult;
      if (accountant === 'pld') {
        setTargetMessage('Solving for σ with the PLD accountant…');
        r = await worker.bridge.run((w) => w.calibrate({ ...options, accountant: 'pld' }));
      } else {
        r = calibrateNoiseMultiplier(options);
      }
      const s = Math.min(SIGMA_MAX, Math.max(SIGMA_MIN, r.noiseMultiplier));
      setSigma(r.noiseMultiplier);
      setTargetMessage(
        s === r.noiseMultiplier
          ? `σ = ${fmt(r.noiseMultiplier, 4)} reaches ε = ${fmt(r.epsilon, 4)} ≤ ${t} (${accountant.toUpperCase()}).`
          : `σ = ${fmt(r.noiseMultiplier, 4)} is needed, outside the slider's range (${SIGMA_MIN}–${SIGMA_MAX}).`,
      );
    } catch (e) {
      setTargetMessage((e as Error).message);
    }
  };

  const sliders: SliderProps[] = [
    {
      label: 'Noise multiplier σ',
      // 4 significant digits: one arrow-key step (×1.0042) always changes what is shown
      shown: fmt(sigma, 4),
      valueText: `σ = ${fmt(sigma, 4)}`,
      min: 0,
      max: 1000,
      value: toSlider(Math.min(SIGMA_MAX, Math.max(SIGMA_MIN, sigma))),
      onChange: (v) => change(setSigma)(fromSlider(v)),
    },
    {
      label: 'Clipping norm C',
      shown: String(clip),
      min: 0.1,
      max: 10,
      step: 0.1,
      value: clip,
      onChange: setClip,
    },
    {
      label: 'Expected batch size',
      shown: String(batch),
      min: 16,
      max: 8192,
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

  return (
    <div className="privacy">
      <div className="controls">
        {sliders.map((props) => (
          <Slider key={props.label} {...props} />
        ))}
        <form
          className="target"
          onSubmit={(e) => {
            e.preventDefault();
            void solve();
          }}
        >
          <label>
            <span>
              Target ε <small className="hint">(a number &gt; 0, e.g. 1)</small>
            </span>
            <input
              aria-label="Target ε"
              inputMode="decimal"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            />
          </label>
          <button type="submit">Solve for σ</button>
          {targetMessage && <p className="note">{targetMessage}</p>}
        </form>
        <label>
          <span>Accountant for target ε and budget stops</span>
          <select
            aria-label="Accountant for target ε and budget stops"
            value={accountant}
            onChange={(e) => {
              update({ accountant: e.target.value === 'pld' ? 'pld' : 'rdp' });
              setTargetMessage(null);
            }}
          >
            <option value="rdp">{ACCOUNTANT_LABELS.rdp}</option>
            <option value="pld">{ACCOUNTANT_LABELS.pld}</option>
          </select>
        </label>
      </div>
      <div className="readout">
        <div className="per-run">ε of the next run ({accountant.toUpperCase()})</div>
        <div
          className={`epsilon${deltaTooBig ? ' invalid' : ''}`}
          role="status"
          aria-label="Privacy budget ε"
          aria-busy={pending}
          data-epsilon={pending ? undefined : result.epsilon}
          data-accountant={accountant}
        >
          ε = {pending ? '…' : fmt(result.epsilon, 3)}
        </div>
        <div
          className={`spent${props.datasetSpent.epsilon === Infinity ? ' infinite' : ''}`}
          role="status"
          aria-label="Privacy spent on this data"
          data-epsilon={String(props.datasetSpent.epsilon)}
        >
          Privacy spent on this data: ε = {fmt(props.datasetSpent.epsilon, 4)}
          {props.datasetSpent.reason
            ? ` (${props.datasetSpent.reason})`
            : ` at δ = 1e${deltaExp}, ${props.datasetSpent.dpRuns} DP run${props.datasetSpent.dpRuns === 1 ? '' : 's'} composed (RDP)`}
        </div>
        <div
          className="epsilon-pld"
          role="status"
          aria-label="ε under the PLD accountant"
          aria-busy={!planned && !worker.error && !!probe}
          data-epsilon={planned?.pldEpsilon ?? undefined}
          data-rdp-epsilon={Number.isNaN(bothEpsilons.rdp) ? undefined : bothEpsilons.rdp}
        >
          {worker.error
            ? `PLD: ${worker.error}`
            : `Same run: RDP ε = ${Number.isNaN(bothEpsilons.rdp) ? '…' : fmt(bothEpsilons.rdp, 3)} · PLD ε = ${Number.isNaN(bothEpsilons.pld) ? '…' : fmt(bothEpsilons.pld, 3)}`}
        </div>
        <p className="note">{ACCOUNTANT_DIFFERENCE}</p>
        <dl>
          <dt>δ</dt>
          <dd>1e{deltaExp}</dd>
          <dt>sampling rate q</dt>
          <dd>{fmt(result.sampleRate, 3)}</dd>
          <dt>steps T</dt>
          <dd>
            {result.steps.toLocaleString('en')}
            {result.steps < result.plannedSteps &&
              ` (capped by the ε budget; ${result.plannedSteps.toLocaleString('en')} planned)`}
          </dd>
          {privacyMode === 'target-epsilon' && (
            <>
              <dt>σ calibrated for target ε = {targetEpsilon}</dt>
              <dd>{fmt(planSigma, 4)}</dd>
            </>
          )}
          {accountant === 'rdp' && (
            <>
              <dt>optimal RDP order</dt>
              <dd>{Number.isNaN(result.order) ? '—' : result.order}</dd>
            </>
          )}
          <dt>noise std σ·C</dt>
          <dd>{fmt(planSigma * clip, 3)}</dd>
        </dl>
        {result.planError && <p className="warning">{result.planError}</p>}
        <p className="note">
          ε of one run, in the mode chosen in step 3 (
          {privacyMode === 'target-epsilon'
            ? 'target ε: σ solved before training'
            : privacyMode === 'budget'
              ? 'budget: σ from the slider, training stops when the budget is spent'
              : 'fixed σ from the slider'}
          ). Runs on the same data compose: their RDP adds up, shown as the privacy spent on this data
          (composed with RDP whichever accountant ran each). ε of the next run:{' '}
          {ACCOUNTANT_LABELS[accountant]} accountant for Poisson-subsampled Gaussian DP-SGD (add-or-remove one
          example)
          {accountant === 'rdp'
            ? ', improved conversion (Balle et al. 2020)'
            : ', both directions, pessimistic discretisation (an upper bound)'}
          . N = {PRIVATE_N.toLocaleString('en')} private training images ({props.datasetLabel}); q = B/N, T =
          ⌈epochs·N/B⌉. C does not change ε: it scales both the clipped gradients and the noise.
        </p>
        {result.orderAtEdge && (
          <p className="warning">The optimal order is at the edge of the order grid: ε may be loose.</p>
        )}
        {deltaTooBig && (
          <p className="warning" role="alert">
            δ ≥ 1/N: this allows releasing one person&apos;s data outright. Choose δ well below 1/N ={' '}
            {fmt(1 / PRIVATE_N, 2)}.
          </p>
        )}
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
      />
    </div>
  );
}
