/** Step 3: private fine-tuning of a linear probe with DP-SGD, its live curves, baselines and runs. */
import { fmt as epsText, mib, pct } from '../shell/format';
import { COMPARED_ENCODERS, ENCODER_LABELS, ENCODER_SHORT, encoderFitsAnyImage } from '../../state/encoders';
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Plot } from '../charts/Plot';
import { download } from '../shell/files';
import { etaText } from '../shell/eta';
import type { LabConfig } from '../../state/lab-config';
import { RunDetails } from './RunDetails';
import { privacyStatement, runsToCsv, runsToJson } from './run-store';

import { ProgressBar } from '../shell/progress';
import { SelectField } from '../shell/fields';
import { OPTIMIZER_LEARNING_RATE } from '../../lib/dp/recipe';
import { type RunRecord, type usePrivateTraining } from './use-private-training';
import { NON_PRIVATE_NOTE, testSubset } from './probe-config';

type Training = ReturnType<typeof usePrivateTraining>;

/** One series per encoder: "better features make DP cheap" in one view. */
function accuracyVsEpsilon(runs: RunRecord[]): Partial<Data>[] {
  const dp = runs.filter((r) => r.kind !== 'non-private' && r.visible && Number.isFinite(r.epsilon));
  const nonPrivate = runs.filter((r) => r.kind === 'non-private' && r.visible);
  const xs = dp.map((r) => r.epsilon);
  const lo = xs.length ? Math.min(...xs) / 2 : 0.1;
  const hi = xs.length ? Math.max(...xs) * 2 : 10;
  const line = (y: number, name: string, dash: 'dash' | 'dot'): Partial<Data> => ({
    x: [lo, hi],
    y: [y, y],
    mode: 'lines',
    name,
    line: { dash, width: 2 },
  });
  const byEncoder = new Map<string, RunRecord[]>();
  for (const r of dp) byEncoder.set(r.encoder, [...(byEncoder.get(r.encoder) ?? []), r]);
  const symbols = ['circle', 'x', 'diamond', 'square', 'triangle-up', 'star'];
  const traces: Partial<Data>[] = [...byEncoder.entries()].map(([encoder, rs], i) => ({
    x: rs.map((r) => r.epsilon),
    y: rs.map((r) => r.testAccuracy),
    mode: 'markers',
    name: `DP probe, ${ENCODER_SHORT[encoder] ?? encoder}`,
    marker: { size: 11, symbol: symbols[i % symbols.length]! },
    text: rs.map((r) => r.label),
  }));
  if (nonPrivate.length)
    traces.push(
      line(
        Math.max(...nonPrivate.map((r) => r.testAccuracy)),
        `non-private probe (${NON_PRIVATE_NOTE})`,
        'dash',
      ),
    );
  return traces;
}

const ENCODER_OPTIONS = ['shipped', 'scatter', 'simclr-v1', 'pixels', 'random'] as const;

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
}) {
  const { training, config, update, deltaTooBig } = props;
  const { status, progress, live, liveEpsilon, runs } = training;
  const busy = status !== 'idle';
  const curveTraces = useMemo<Partial<Data>[]>(() => {
    const traces: Partial<Data>[] = [];
    for (const r of runs.filter((x) => x.visible && x.kind === 'dp')) {
      traces.push({
        x: r.curve.map((m) => m.epoch + 1),
        y: r.curve.map((m) => m.testAccuracy),
        name: `${r.label} (run ${r.id})`,
        mode: 'lines+markers',
      });
    }
    if (live) {
      traces.push({
        x: live.curve.map((m) => m.epoch + 1),
        y: live.curve.map((m) => m.testAccuracy),
        name: `${live.label} (live)`,
        mode: 'lines+markers',
        line: { width: 3 },
      });
      // (a non-private run has ε = ∞ at every epoch: nothing to draw)
      const finite = live.curve.filter((m) => Number.isFinite(m.epsilon));
      if (finite.length)
        traces.push({
          x: finite.map((m) => m.epoch + 1),
          y: finite.map((m) => m.epsilon),
          name: 'ε spent (live)',
          yaxis: 'y2',
          mode: 'lines',
          line: { dash: 'dot' },
        });
    }
    return traces;
  }, [runs, live]);
  const vsTraces = useMemo(() => {
    const t = accuracyVsEpsilon(runs);
    training.sweeps.forEach((sw, i) => {
      t.push({
        x: sw.points.map((p) => p.epsilon),
        y: sw.points.map((p) => p.accuracy),
        error_y: { type: 'data', array: sw.points.map((p) => p.accuracyStd), visible: true },
        mode: 'lines+markers',
        name: `sweep ${i + 1} (${ENCODER_SHORT[sw.encoder] ?? sw.encoder})`,
      });
    });
    if (props.majority !== null && t.length) {
      const xs = runs.filter((r) => Number.isFinite(r.epsilon)).map((r) => r.epsilon);
      const lo = xs.length ? Math.min(...xs) / 2 : 0.1;
      const hi = xs.length ? Math.max(...xs) * 2 : 10;
      t.push({
        x: [lo, hi],
        y: [props.majority, props.majority],
        mode: 'lines',
        name: 'majority class (of the private training split, scored on the test split)',
        line: { dash: 'dot', width: 2 },
      });
    }
    return t;
  }, [runs, props.majority, training.sweeps]);
  const last = live?.curve[live.curve.length - 1];
  const lastPrepared = training.lastPrepared;
  const lastDp = [...runs].reverse().find((r) => r.kind === 'dp') ?? null;

  return (
    <div className="probe">
      <div className="probe-controls">
        <SelectField
          label="Encoder"
          name="Encoder"
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
          label="Optimizer"
          name="Optimizer"
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
        <label>
          <span>Learning rate</span>
          <input
            aria-label="Learning rate"
            type="number"
            min={0.0001}
            step="any"
            value={config.learningRate}
            disabled={busy}
            onChange={(e) => Number(e.target.value) > 0 && update({ learningRate: Number(e.target.value) })}
          />
        </label>
        {props.sourceLabel === null && (
          <SelectField
            label="Private training images"
            name="Private training images"
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
        <label>
          <span>
            Seed <small className="hint">(empty: fresh cryptographic randomness)</small>
          </span>
          <input
            aria-label="Seed"
            inputMode="numeric"
            value={config.seed ?? ''}
            disabled={busy}
            onChange={(e) =>
              update({ seed: e.target.value.trim() === '' ? null : Math.trunc(Number(e.target.value)) || 0 })
            }
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={training.withNonPrivate}
            disabled={busy}
            onChange={(e) => training.setWithNonPrivate(e.target.checked)}
          />
          <span>Also train a non-private baseline ({NON_PRIVATE_NOTE})</span>
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
        <label>
          <span>Privacy mode</span>
          <select
            aria-label="Privacy mode"
            value={config.privacyMode}
            disabled={busy}
            onChange={(e) => update({ privacyMode: e.target.value as LabConfig['privacyMode'] })}
          >
            <option value="fixed-sigma">Fixed σ (the slider's)</option>
            <option value="target-epsilon">Target ε: solve σ before training</option>
            <option value="budget">Fixed σ, stop when the ε budget is spent</option>
          </select>
        </label>
        {config.privacyMode !== 'fixed-sigma' && (
          <label>
            <span>{config.privacyMode === 'budget' ? 'ε budget' : 'Target ε for training'}</span>
            <input
              aria-label={config.privacyMode === 'budget' ? 'ε budget' : 'Target ε for training'}
              type="number"
              min={0.01}
              step="any"
              value={config.targetEpsilon}
              disabled={busy}
              onChange={(e) =>
                Number(e.target.value) > 0 && update({ targetEpsilon: Number(e.target.value) })
              }
            />
          </label>
        )}
      </div>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || deltaTooBig || !!props.blocked}
          onClick={() => void training.start()}
        >
          Start private training
        </button>
        <button
          type="button"
          disabled={busy || deltaTooBig || !!props.blocked}
          title="The same DP probe, with these settings, on raw pixels, a random network, SimCLR v1 and the default encoder"
          onClick={() =>
            void training.compareEncoders(
              props.encoderLocked ? COMPARED_ENCODERS.filter(encoderFitsAnyImage) : COMPARED_ENCODERS,
            )
          }
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
        {deltaTooBig && <span className="warning inline">δ ≥ 1/N: lower δ before training.</span>}
        {props.blocked && <span className="warning inline">{props.blocked}</span>}
      </div>
      <details className="sweep">
        <summary>Accuracy versus ε sweep</summary>
        <div className="probe-controls">
          <label>
            <span>Target ε values</span>
            <input
              aria-label="Sweep target ε values"
              value={config.sweepEpsilons}
              disabled={busy}
              onChange={(e) => update({ sweepEpsilons: e.target.value })}
            />
          </label>
          <label>
            <span>Seeds per value</span>
            <input
              aria-label="Seeds per value"
              type="number"
              min={1}
              max={10}
              value={config.sweepSeeds}
              disabled={busy}
              onChange={(e) =>
                update({ sweepSeeds: Math.max(1, Math.min(10, Math.trunc(Number(e.target.value)) || 1)) })
              }
            />
          </label>
          <button
            type="button"
            disabled={busy || deltaTooBig || !!props.blocked}
            onClick={() => void training.sweep()}
          >
            Run sweep
          </button>
        </div>
        <p className="note">
          One probe per target ε and seed, with the current encoder, C, batch size, epochs, optimizer and δ (σ
          is calibrated per value). The points appear on the accuracy-versus-ε plot with the spread over
          seeds. Choosing settings by looking at private test accuracy is itself not covered by ε.
        </p>
      </details>
      {progress && <ProgressBar job={progress} />}
      {/* one bar per job: while something is being embedded, the last run's bar steps aside */}
      {live && !progress && (
        <>
          <progress
            className="job"
            aria-label="Training progress"
            max={config.epochs}
            value={live.curve.length}
          />

          <p className="live" role="status" aria-label="Training status">
            {live.label}: epoch {live.curve.length} of {config.epochs}
            {last && ` · test accuracy ${pct(last.testAccuracy)}`}
            {live.sigma > 0 && ` · ε spent ${epsText(liveEpsilon)}`}
            {status === 'paused'
              ? ' · paused'
              : last && ` · ${etaText(live.curve.length, config.epochs, live.startedAt)}`}
          </p>
        </>
      )}
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
        {props.sourceLabel === null
          ? `N = ${props.datasetSize.toLocaleString('en')} private training images; evaluated on ${(config.privateSubset ? testSubset(config.privateSubset) : 10_000).toLocaleString('en')} private test images.`
          : `Private data: ${props.sourceLabel}, N = ${props.datasetSize.toLocaleString('en')} training images.`}
        {props.encoderLocked &&
          ' These images are not 28×28 grayscale: the shipped encoders are fitted to Fashion-MNIST, so raw pixels and the random encoder apply to them (or an encoder pretrained in step 2).'}{' '}
        The Gaussian noise comes from the cryptographic generator (crypto.getRandomValues, polar Box–Muller on
        53-bit uniforms); Poisson sampling uses xoroshiro128+ seeded with 128 bits from it, a separate stream.
        A seed you set replaces both with reproducible streams. Embeddings are L2-normalised per example (no
        statistics of private data).
      </p>
      <div className="charts">
        <Plot
          label="Training curves"
          emptyText="Test accuracy and ε spent appear here, epoch by epoch, once a run starts."
          data={curveTraces}
          layout={{
            title: { text: 'Test accuracy per epoch' },
            xaxis: { title: { text: 'epoch' } },
            yaxis: { title: { text: 'test accuracy' }, range: [0, 1] },
            yaxis2: { title: { text: 'ε spent' }, overlaying: 'y', side: 'right', rangemode: 'tozero' },
          }}
        />
        <Plot
          label="Accuracy versus ε"
          emptyText="Every finished run adds its point here: test accuracy at the ε it spent."
          data={vsTraces}
          layout={{
            title: { text: 'Accuracy versus ε' },
            xaxis: { title: { text: 'ε (log scale)' }, type: 'log' },
            yaxis: { title: { text: 'test accuracy' }, range: [0, 1] },
            // below the log axis's two rows of tick labels and its title
            legend: { orientation: 'h', y: -0.36, yanchor: 'top' },
            margin: { l: 56, r: 56, t: 32, b: 120 },
          }}
        />
      </div>
      {runs.length > 0 && (
        <table className="runs" aria-label="Runs">
          <thead>
            <tr>
              <th>show</th>
              <th>run</th>
              <th>encoder</th>
              <th>σ</th>
              <th>C</th>
              <th>B</th>
              <th>steps</th>
              <th>ε (δ)</th>
              <th>test accuracy</th>
              <th>time</th>
              <th>backend</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Show run ${r.id}`}
                    checked={r.visible}
                    onChange={() => training.toggleRun(r.id)}
                  />
                </td>
                <td>
                  {r.id}. {r.label}
                  {r.stopReason === 'aborted' && ' (stopped)'}
                  {r.stopReason === 'diverged' && ' (diverged)'}
                </td>
                <td>{ENCODER_SHORT[r.encoder] ?? r.encoder}</td>
                <td>{r.private ? r.noiseMultiplier.toPrecision(3) : '—'}</td>
                <td>{r.private ? r.clipNorm : '—'}</td>
                <td>{r.expectedBatchSize}</td>
                <td>{r.steps}</td>
                <td>
                  {r.private
                    ? `${epsText(r.epsilon)} (${r.delta.toExponential(0)}${r.accountant === 'pld' ? ', PLD' : ''})`
                    : '∞ (no privacy)'}
                </td>
                <td>{pct(r.testAccuracy)}</td>
                <td>{r.seconds.toFixed(1)} s</td>
                <td>{r.backend}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.length > 0 && (
        <div className="buttons">
          <button type="button" onClick={() => download('epsilon-lab-runs.csv', runsToCsv(runs), 'text/csv')}>
            Export runs (CSV)
          </button>
          <button
            type="button"
            onClick={() => download('epsilon-lab-runs.json', runsToJson(runs), 'application/json')}
          >
            Export runs (JSON)
          </button>
          {lastDp?.weights && (
            <button
              type="button"
              onClick={() =>
                void training.exportProbe(lastDp).then((f) => {
                  download('model.json', f.modelJson, 'application/json');
                  download('weights.bin', f.weights, 'application/octet-stream');
                })
              }
            >
              Export probe of run {lastDp.id} (TensorFlow.js)
            </button>
          )}
          <button type="button" disabled={busy} onClick={training.clearRuns}>
            Clear runs
          </button>
        </div>
      )}
      {lastDp && (
        <details className="statement">
          <summary>Privacy statement for run {lastDp.id}</summary>
          <p aria-label="Privacy statement">
            {privacyStatement(
              lastDp,
              props.sourceLabel ?? 'the Fashion-MNIST private training split',
              training.spent,
            )}
          </p>
        </details>
      )}
      <RunDetails
        run={[...runs].reverse().find((r) => r.kind === 'dp' && r.visible) ?? null}
        classNames={props.classNames}
      />
    </div>
  );
}
