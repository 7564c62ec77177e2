import { useState } from 'react';
/** Step 3: private fine-tuning of a linear probe with DP-SGD, its live curves, baselines and runs. */
import { fmt as epsText, mib, pct } from '../shell/format';
import { Announcement, useJobAnnouncement } from '../shell/announce';
import { COMPARED_ENCODERS, ENCODER_LABELS, encoderFitsAnyImage } from '../../state/encoders';
import { etaText } from '../shell/eta';
import type { LabConfig } from '../../state/lab-config';
import { RunDetails } from './RunDetails';

import { ProgressBar } from '../shell/progress';
import { Field, SelectField, type SelectOption } from '../shell/fields';
import { FEATURE_DIMS, OPTIMIZER_LEARNING_RATE } from '../../lib/dp/recipe';
import type { usePrivateTraining } from './use-private-training';
import { ProbeCharts } from './ProbeCharts';
import { RunsTable } from './RunsTable';
import { SweepControls } from './SweepControls';
import {
  NON_PRIVATE_NOTE,
  ORDERED_FEATURES,
  featureDimsOf,
  offeredFeatureDims,
  startedRuns,
  testSubset,
} from './probe-config';
import type { NextRun } from '../privacy/use-next-run';
import { capAdvice, startCharges } from '../privacy/cap-note';
import { LAB_EPSILON_MAX, LAB_TARGET_EPSILON_MIN } from '../../lib/dp/plan';
import { targetEpsilonProblem } from '../privacy/target-epsilon';

type Training = ReturnType<typeof usePrivateTraining>;

const PRIVACY_MODES: SelectOption<LabConfig['privacyMode']>[] = [
  { value: 'fixed-sigma', text: 'Fixed σ (the slider in step 5)' },
  { value: 'target-epsilon', text: 'Target ε: solve σ before training' },
  { value: 'budget', text: 'Fixed σ, stop when the ε budget is spent' },
];
const ENCODER_OPTIONS = ['shipped', 'scatter', 'simclr-v1', 'pixels', 'random'] as const;

/** How a run ended, as step 3's announcement says it (by `stopReason`). */
const HOW_RUNS_END: Record<string, string> = {
  done: 'finished',
  budget: 'stopped at its ε budget',
  aborted: 'stopped',
  diverged: 'diverged',
};

export function ProbePanel(props: {
  training: Training;
  config: LabConfig;
  update: (patch: Partial<LabConfig>) => void;
  datasetSize: number;
  classNames: string[];
  /** The encoder pretrained in this session or loaded from files/IndexedDB, if any. */
  customEncoderLabel: string | null;
  /** Name of the uploaded private dataset, or null for the built-in one. */
  sourceLabel: string | null;
  /** The data does not fit the pretrained encoder (28×28 grayscale): only the random encoder applies. */
  encoderLocked: boolean;
  majority: number | null;
  deltaTooBig: boolean;
  /** Why training cannot start (e.g. "Your images" is selected but not usable); never falls back silently. */
  blocked?: string | null;
  /** The next run as step 5 plans it: a refused plan (a budget that covers no step) and the few-steps note. */
  plan: Pick<NextRun, 'refused' | 'fewSteps' | 'pending' | 'result'>;
  /** An attack (step 4) is running on the probe worker: nothing starts here until it ends. */
  auditing?: boolean;
  /** Step 3's "Clear runs": the runs, the sweeps and the runs' attack results. */
  clearRuns: () => void;
}) {
  const { training, config, update, deltaTooBig } = props;
  const { status, progress, live, liveEpsilon, runs } = training;
  const busy = status !== 'idle';
  // what starts a job: held while this step's job or an attack runs (both use the probe worker)
  const startBusy = busy || !!props.auditing;
  const last = live?.curve[live.curve.length - 1];
  const lastPrepared = training.lastPrepared;
  const lastDp = [...runs].reverse().find((r) => r.kind === 'dp') ?? null;
  // for a screen reader: that training started, and the runs (or sweep) it ended with
  const announcement = useJobAnnouncement(
    busy,
    () => ({ lastId: Math.max(0, ...runs.map((r) => r.id)), sweeps: training.sweeps.length }),
    'Training started.',
    ({ lastId, sweeps }) => {
      const sweep = training.sweeps.length > sweeps ? training.sweeps[training.sweeps.length - 1] : undefined;
      if (sweep) return `Sweep finished: ${sweep.points.length} target ε values, drawn on accuracy versus ε.`;
      const made = runs.filter((r) => r.id > lastId);
      if (!made.length) return 'Training stopped: no run finished.';
      const each = made.map(
        (r) =>
          `run ${r.id}, ${r.label} (${HOW_RUNS_END[r.stopReason] ?? r.stopReason}): test accuracy ${pct(r.testAccuracy)}, ε = ${r.private ? epsText(r.epsilon) : '∞'}`,
      );
      return `Training ended. ${each.join('; ')}.`;
    },
  );
  // step 5's plan, beside the button that starts it: a refused plan disables Start and says why
  const refused = props.blocked ? null : props.plan.refused;
  const fewSteps = props.blocked ? null : props.plan.fewSteps;
  const compared = props.encoderLocked ? COMPARED_ENCODERS.filter(encoderFitsAnyImage) : COMPARED_ENCODERS;
  const withContrast = config.encoder !== 'random' && config.contrast;
  const budgetMode = config.privacyMode === 'budget';
  const targetName = budgetMode ? 'ε budget' : 'Target ε for training';
  // The target as typed: a value the lab does not train for stays in the field, is said, and holds Start
  // (it used to be dropped in silence, the field showing the old target again). `value` is the target the text
  // was typed over: a preset or a link that sets another shows that one instead.
  const [typedTarget, setTypedTarget] = useState<{ text: string; value: number } | null>(null);
  const targetText =
    typedTarget && typedTarget.value === config.targetEpsilon
      ? typedTarget.text
      : String(config.targetEpsilon);
  const targetMin = budgetMode ? 0 : LAB_TARGET_EPSILON_MIN;
  const problemOf = (text: string) =>
    targetEpsilonProblem(text, budgetMode ? 'an ε budget' : 'a target ε', targetMin);
  const targetProblem = config.privacyMode === 'fixed-sigma' ? null : problemOf(targetText);
  // the cap on this data's ε (step 5): a start, or Compare's runs, that would take it past the cap
  const planned = !deltaTooBig && !props.blocked && !refused && !props.plan.pending;
  const capRefused = (dp: number, nonPrivate: boolean) =>
    planned ? training.capRefusal(startCharges(props.plan.result, { dp, nonPrivate })) : null;
  const startCapped = capRefused(1 + (withContrast ? 1 : 0), training.withNonPrivate);
  const compareCapped = startCapped ?? capRefused(compared.length, false);
  // (while the accountant worker is still planning a PLD run, it may yet refuse it)
  const canStart = planned && !startCapped && !targetProblem;
  // the default encoder's features are public PCA components, largest first: fewer of them on small data
  const ordered = ORDERED_FEATURES.has(config.encoder);
  const autoDims = featureDimsOf({ featureDims: null }, config.encoder, props.datasetSize);
  const dims = featureDimsOf(config, config.encoder, props.datasetSize) ?? 512;
  const n = props.datasetSize.toLocaleString('en');
  // the select's value: an offered prefix, else auto (0), which is also what a run then uses
  const dimsChoice = offeredFeatureDims(config) ?? 0;

  return (
    <div className="probe">
      <div className="probe-controls">
        <SelectField
          label="Encoder"
          value={config.encoder}
          disabled={busy}
          onChange={(encoder) => update({ encoder })}
          options={[
            ...ENCODER_OPTIONS.map((choice) => ({
              value: choice,
              text: ENCODER_LABELS[choice],
              disabled: props.encoderLocked && !encoderFitsAnyImage(choice),
            })),
            !!props.customEncoderLabel && {
              value: 'session' as const,
              text: `Chosen in step 2: ${props.customEncoderLabel}`,
            },
          ]}
        />
        <SelectField
          label="Feature dimensions"
          value={ordered ? dimsChoice : 0}
          disabled={busy || !ordered}
          onChange={(n) => update({ featureDims: n || null })}
          options={[
            {
              value: 0,
              // (no N while "Your images" is selected but blocked: the built-in data's would mislead)
              text: !ordered
                ? "all (this encoder's features have no order to cut)"
                : props.blocked
                  ? 'auto (one per 64 private images)'
                  : `auto: ${autoDims} for N = ${props.datasetSize.toLocaleString('en')}`,
            },
            ...FEATURE_DIMS.map((n) => ({ value: n, text: `first ${n}` })),
          ]}
        />
        <SelectField
          label="Optimizer"
          value={config.optimizer === 'sgd' && config.momentum === 0 ? 'sgd0' : config.optimizer}
          disabled={busy}
          onChange={(v) =>
            update(
              v === 'adam'
                ? { optimizer: 'adam', learningRate: OPTIMIZER_LEARNING_RATE.adam }
                : {
                    optimizer: 'sgd',
                    momentum: v === 'sgd0' ? 0 : 0.9,
                    learningRate: OPTIMIZER_LEARNING_RATE[v],
                  },
            )
          }
          options={[
            { value: 'sgd', text: 'DP-SGD (momentum 0.9)' },
            { value: 'sgd0', text: 'DP-SGD (no momentum)' },
            { value: 'adam', text: 'DP-Adam' },
          ]}
        />
        <Field
          label="Learning rate"
          type="number"
          min={0.0001}
          step="any"
          value={config.learningRate}
          disabled={busy}
          onChange={(text) => Number(text) > 0 && update({ learningRate: Number(text) })}
        />
        {props.sourceLabel === null && !props.blocked && (
          <SelectField
            label="Private training images"
            value={config.privateSubset ?? 0}
            disabled={busy}
            onChange={(n) => update({ privateSubset: n || null })}
            options={[
              { value: 0, text: 'all' },
              { value: 10000, text: 'first 10,000' },
              { value: 2000, text: 'first 2,000' },
            ]}
          />
        )}
        <Field
          label={
            <>
              Seed <small className="hint">(empty: fresh cryptographic randomness)</small>
            </>
          }
          name="Seed"
          inputMode="numeric"
          value={config.seed ?? ''}
          disabled={busy}
          onChange={(text) => update({ seed: text.trim() === '' ? null : Math.trunc(Number(text)) || 0 })}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={training.withNonPrivate}
            disabled={busy}
            onChange={(e) => training.setWithNonPrivate(e.target.checked)}
          />
          <span>Also train a non-private baseline ({NON_PRIVATE_NOTE})</span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={withContrast}
            disabled={busy || config.encoder === 'random'}
            onChange={(e) => update({ contrast: e.target.checked })}
          />
          <span>Also train the same DP run on a random encoder (the contrast; charged too)</span>
        </label>
      </div>
      {config.seed !== null && (
        <p className="warning" role="note" aria-label="Seed warning">
          With a seed you chose, the noise and the sampling are reproducible, and the privacy guarantee does
          not hold against anyone who knows the seed. The seed is never written into the address or a shared
          link.
        </p>
      )}
      {training.withNonPrivate && (
        <p className="warning" role="note">
          The non-private baseline has no privacy guarantee: once it is trained, the privacy spent on this
          data is ∞.
        </p>
      )}
      <div className="probe-controls">
        <SelectField
          label="Privacy mode"
          value={config.privacyMode}
          disabled={busy}
          onChange={(privacyMode) => update({ privacyMode })}
          options={PRIVACY_MODES}
        />
        {config.privacyMode !== 'fixed-sigma' && (
          <Field
            label={
              <>
                {targetName} <small className="hint">(at most {LAB_EPSILON_MAX})</small>
              </>
            }
            name={targetName}
            type="number"
            min={targetMin}
            max={LAB_EPSILON_MAX}
            step="any"
            value={targetText}
            disabled={busy}
            invalid={!!targetProblem}
            onChange={(text) => {
              const ok = problemOf(text) === null;
              const value = ok ? Number(text) : config.targetEpsilon;
              setTypedTarget({ text, value });
              if (ok) update({ targetEpsilon: value });
            }}
          />
        )}
      </div>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={startBusy || !canStart}
          onClick={() => void training.start()}
        >
          Start private training
        </button>
        <button
          type="button"
          disabled={startBusy || !planned || !!compareCapped || !!targetProblem}
          title="The same DP probe, with these settings, on raw pixels, a random network, SimCLR v1 and the default encoder"
          onClick={() => void training.compareEncoders(compared)}
        >
          Compare encoders
        </button>
        {status === 'paused' ? (
          <button type="button" onClick={training.resume}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            disabled={status !== 'running' && status !== 'baselines'}
            onClick={training.pause}
          >
            Pause
          </button>
        )}
        <button type="button" disabled={!busy} onClick={training.stop}>
          Stop
        </button>
        {props.auditing && !busy && (
          <span className="note inline-note" role="note">
            An attack is running in step 4: training can start when it ends.
          </span>
        )}
        {deltaTooBig && <span className="warning inline">δ ≥ 1/N: lower δ before training.</span>}
        {targetProblem && (
          <span className="warning inline" role="alert" aria-label={`Why the ${targetName} is not used`}>
            {targetProblem}
          </span>
        )}
        {props.blocked && <span className="warning inline">{props.blocked}</span>}
        {(refused ?? startCapped) && (
          <span className="warning inline" role="note" aria-label="Why training cannot start">
            {refused ?? `${startCapped}${capAdvice(startCapped ?? '', withContrast)}`}
          </span>
        )}
        {!startCapped && compareCapped && (
          <span className="warning inline" role="note" aria-label="Why Compare encoders cannot start">
            Compare encoders ({compared.length} runs): {compareCapped}
          </span>
        )}
      </div>
      <p className="note" aria-label="What a start trains">
        {startedRuns(withContrast, training.withNonPrivate)} Compare encoders trains {compared.length} DP runs
        (one per encoder, these settings), each charged too.
      </p>
      {ordered && (dims < 512 || dimsChoice !== 0) && (
        <p className="note" aria-label="Feature dimensions note">
          {dimsChoice === 0
            ? `The probe keeps the first ${dims} of the default encoder's 512 features: principal components of public images, largest first (no privacy cost). DP-SGD adds the same noise to every weight, so on ${n} images fewer dimensions keep more of the signal (auto: one per 64 images, chosen on public data).`
            : `The probe keeps the first ${dims} of the default encoder's 512 features (your choice; auto keeps ${autoDims} for N = ${n}: one per 64 images, chosen on public data, since DP-SGD's noise grows with the dimensions and the signal with N).`}{' '}
          Only the default encoder is cut: its features are ordered by public variance. Raw pixels, SimCLR and
          the random encoder keep all theirs (the runs table gives each run&apos;s count).
        </p>
      )}
      {config.privacyMode === 'budget' && (
        <p className="note" aria-label="Budget note">
          The ε budget caps each run (yours, and the contrast), not the data: every run adds to &quot;Privacy
          spent on this data&quot;. To cap the data, tick &quot;Cap this data&apos;s total ε at&quot; in step
          5.
        </p>
      )}
      {fewSteps && <p className="note">{fewSteps}</p>}
      <SweepControls
        config={config}
        update={update}
        busy={startBusy}
        canRun={!deltaTooBig && !props.blocked}
        onRun={() => void training.sweep()}
      />
      {progress && <ProgressBar job={progress} />}
      {/* one bar per job: while something is being embedded, the last run's bar steps aside */}
      {live && !progress && (
        <>
          {/* the run's own epochs: the Epochs slider may have moved since it started */}
          <progress
            className="job"
            aria-label="Training progress"
            max={live.epochs}
            value={live.curve.length}
          />

          {/* not a live region: it changes every epoch; the announcement below says start and end */}
          <p className="live" role="status" aria-live="off" aria-label="Training status">
            {[
              `${live.label}: epoch ${live.curve.length} of ${live.epochs}`,
              last && `test accuracy ${pct(last.testAccuracy)}`,
              live.sigma > 0 && `ε spent ${epsText(liveEpsilon)}`,
              status === 'paused'
                ? 'paused'
                : last && etaText(live.curve.length, live.epochs, live.startedAt),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </>
      )}
      <Announcement text={announcement} label="Training announcements" />
      {(training.cacheUsage || lastPrepared) && (
        <p className="note" role="status" aria-label="Embeddings cache">
          {lastPrepared &&
            (lastPrepared.cached === 'indexeddb'
              ? `Embeddings of the ${lastPrepared.train.toLocaleString('en')} + ${lastPrepared.test.toLocaleString('en')} images came from this browser's cache. `
              : lastPrepared.cached === 'shipped'
                ? `Embeddings of the ${lastPrepared.train.toLocaleString('en')} + ${lastPrepared.test.toLocaleString('en')} images came with the lab (made by npm install from the same encoder files; checked against them). `
                : lastPrepared.imagesPerSecond
                  ? `Embedded ${(lastPrepared.train + lastPrepared.test).toLocaleString('en')} images at ${Math.round(lastPrepared.imagesPerSecond).toLocaleString('en')} images/s. `
                  : '')}
          {training.cacheUsage &&
            `Cached embeddings in this browser (IndexedDB): ${training.cacheUsage.entries} set${training.cacheUsage.entries === 1 ? '' : 's'}, ${mib(training.cacheUsage.bytes)} of at most ${mib(training.cacheUsage.capBytes)} (the least recently used go first). `}
          <button type="button" disabled={busy} onClick={() => void training.forgetCache()}>
            Forget cached embeddings
          </button>
        </p>
      )}
      <p className="note">
        {props.blocked
          ? // "Your images" selected but not usable: no N of the built-in data, which will not be trained on
            'No private data to train on yet (see the reason beside the start button).'
          : props.sourceLabel === null
            ? `N = ${props.datasetSize.toLocaleString('en')} private training images; evaluated on ${(config.privateSubset ? testSubset(config.privateSubset) : 10_000).toLocaleString('en')} private test images.`
            : `Private data: ${props.sourceLabel}, N = ${props.datasetSize.toLocaleString('en')} training images.`}
        {props.encoderLocked &&
          ' These images are not 28×28 grayscale: the shipped encoders are fitted to Fashion-MNIST, so raw pixels and the random encoder apply to them (or an encoder pretrained in step 2).'}{' '}
        The Gaussian noise comes from the cryptographic generator (crypto.getRandomValues, polar Box–Muller on
        53-bit uniforms); Poisson sampling uses xoroshiro128+ seeded with 128 bits from it, a separate stream.
        A seed you set replaces both with reproducible streams. Embeddings are L2-normalised per example (no
        statistics of private data).
      </p>
      <ProbeCharts runs={runs} live={live} sweeps={training.sweeps} majority={props.majority} />
      {runs.some((r) => r.visible && r.encoder === 'simclr-v1') && (
        <p className="note" aria-label="About SimCLR v1">
          SimCLR v1, the lab&apos;s first SimCLR encoder (a small ResNet pretrained on the 10,000 public
          images), scores below raw pixels on the full built-in data (75.4% against 82.5% at ε = 3, README
          &ldquo;Features&rdquo;): contrastive pretraining on so little public data did not learn better
          features than the pixels, while the fixed scattering transform did. The lab keeps this result in
          view on purpose (step 2 says how SimCLR fared over the scattering front end).
        </p>
      )}
      <RunsTable
        {...{ training, busy, lastDp }}
        sourceLabel={props.sourceLabel}
        clearRuns={props.clearRuns}
      />
      <RunDetails
        run={[...runs].reverse().find((r) => r.kind === 'dp' && r.visible) ?? null}
        classNames={props.classNames}
      />
    </div>
  );
}
