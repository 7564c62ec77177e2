/** Step 3's runs: the table, the exports (CSV, JSON, the probe) and the last DP run's privacy statement. */
import { useState } from 'react';
import { download } from '../shell/files';
import { fmt as epsText, pct } from '../shell/format';
import { ENCODER_SHORT } from '../../state/encoders';
import { privacyStatement, runsToCsv, runsToJson } from './run-store';
import type { RunRecord, usePrivateTraining } from './use-private-training';
import { ResultsTable } from '../shell/table';

export function RunsTable(props: {
  training: ReturnType<typeof usePrivateTraining>;
  busy: boolean;
  lastDp: RunRecord | null;
  sourceLabel: string | null;
  /** Clears the runs, the sweeps and the runs' attack results. */
  clearRuns: () => void;
}) {
  const { training, busy, lastDp } = props;
  const { runs } = training;
  // "Clear runs" asks first: it clears the list (and the sweeps) in every open tab of the lab
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      {runs.length > 0 && (
        // scrolls sideways inside its card when the columns do not fit (presentation mode at 1,024 px)
        <ResultsTable
          label="Runs"
          columns={[
            'show',
            'run',
            'encoder',
            'σ',
            'C',
            'B',
            'steps',
            'ε (δ)',
            'test accuracy',
            'time',
            'backend',
          ]}
        >
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
              <td>
                {ENCODER_SHORT[r.encoder] ?? r.encoder}
                {/* the probe's input size, from its weights (d × k): a cut one says so */}
                <small className="hint">
                  {r.probeConfig?.featureDims !== undefined
                    ? ` (first ${r.probeConfig.featureDims} features)`
                    : r.bias.length > 0
                      ? ` (${r.weights.length / r.bias.length} features)`
                      : ''}
                </small>
              </td>
              <td>{r.private ? r.noiseMultiplier.toPrecision(3) : '—'}</td>
              <td>{r.private ? r.clipNorm : '—'}</td>
              <td>{r.expectedBatchSize}</td>
              <td>{r.steps}</td>
              <td className="nowrap">
                {r.private
                  ? `${epsText(r.epsilon)} (${r.delta.toExponential(0)}${r.accountant === 'pld' ? ', PLD' : ''})`
                  : '∞ (no privacy)'}
              </td>
              <td>{pct(r.testAccuracy)}</td>
              <td>{r.seconds < 0.05 ? '< 0.1 s' : `${r.seconds.toFixed(1)} s`}</td>
              <td>{r.backend}</td>
            </tr>
          ))}
        </ResultsTable>
      )}
      {runs.length > 0 && (
        <div className="buttons">
          <button type="button" onClick={() => download('epsilon-lab-runs.csv', runsToCsv(runs), 'text/csv')}>
            Export runs (CSV)
          </button>
          <button
            type="button"
            onClick={() =>
              download('epsilon-lab-runs.json', runsToJson(runs, training.sweeps), 'application/json')
            }
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
          {!confirming ? (
            <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
              Clear runs
            </button>
          ) : (
            <span className="confirm" role="group" aria-label="Clear runs?">
              Clear all {runs.length} run{runs.length === 1 ? '' : 's'}, the sweeps and the attack results, in
              every open tab of the lab? The privacy ledger stays: what the runs revealed is not given back
              (to rehearse and then start from zero, rehearse in a private window).{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  props.clearRuns();
                }}
              >
                Yes, clear runs
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep them
              </button>
            </span>
          )}
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
    </>
  );
}
