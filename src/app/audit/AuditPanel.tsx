/** Step 4: attack a trained probe (membership inference) and set the empirical ε beside the accountant's. */
import { fmt, pct } from '../shell/format';
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import { Plot } from '../charts/Plot';
import { NON_PRIVATE_COLOUR, REFERENCE_COLOUR, RUN_DASHES, runLines } from '../charts/colours';
import { titledLayout } from '../charts/layout';
import { ProgressBar } from '../shell/progress';
import { JobButtons, NumberField, SelectField } from '../shell/fields';
import { maxTprUnderDp } from '../../lib/audit/epsilon-bound';
import type { AttackName } from '../../lib/audit/run-audit';
import { LOW_FPR } from '../../lib/audit/roc';
import type { RunRecord, usePrivateTraining } from '../probe/use-private-training';
import type { useAudit } from './use-audit';
import type { AuditRecord } from './audit-store';
import { headlineVerdicts } from './headline';
import { defaultAuditRun, notAuditable } from './auditable';
import { ResultsTable } from '../shell/table';

const ATTACK_NAMES: Record<AttackName, string> = {
  loss: 'loss threshold',
  'lira-online': 'LiRA online',
  'lira-offline': 'LiRA offline',
};
// the accountant's ε as the runs table shows it (`fmt`); an empirical lower bound to two decimals
const eps = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '∞');
/** "0.470–0.592": an AUC's 95% interval. */
const intervalText = ([low, high]: readonly [number, number]) => `${low.toFixed(3)}–${high.toFixed(3)}`;

const ROC_LAYOUT = titledLayout(
  'Membership inference ROC (log–log)',
  // labels at the powers of ten only: Plotly's in-between "2" and "5" read as rates of 2 and 5
  ['false-positive rate', { type: 'log', dtick: 1 }],
  ['true-positive rate', { type: 'log', dtick: 1 }],
);

/**
 * Each audited run's ROC in its step-3 style: a DP run in its encoder's colour and its dash among that encoder's
 * runs (as in step 3's per-epoch chart), the non-private probe black; its bound dotted in the same colour.
 */
function rocTraces(audits: AuditRecord[], runs: readonly RunRecord[]): Partial<Data>[] {
  const lines = runLines(runs);
  const floor = Math.min(1e-3, ...audits.map((a) => 1 / a.result.nonMembers));
  const grid = Array.from({ length: 61 }, (_, i) => floor ** (1 - i / 60));
  const traces: Partial<Data>[] = [
    {
      x: grid,
      y: grid,
      mode: 'lines',
      name: 'random guess',
      line: { color: REFERENCE_COLOUR, dash: 'dot', width: 1 },
    },
  ];
  audits.forEach((a) => {
    const style = lines.get(a.runId) ?? { color: NON_PRIVATE_COLOUR, dash: RUN_DASHES[0] };
    const color = style.color;
    const headline = a.result.attacks.find((x) => x.attack === a.result.primary)!;
    traces.push({
      x: headline.roc.fpr,
      y: headline.roc.tpr,
      mode: 'lines',
      name: `run ${a.runId}: ${ATTACK_NAMES[headline.attack]}`,
      line: { color, width: 2, dash: style.dash },
    });
    if (a.private)
      traces.push({
        x: grid,
        y: grid.map((fpr) => maxTprUnderDp({ fpr, epsilon: a.epsilon, delta: a.delta })),
        mode: 'lines',
        name: `run ${a.runId}: bound at ε = ${fmt(a.epsilon)}`,
        line: { color, width: 1.5, dash: 'dot' },
      });
  });
  return traces;
}

export function AuditPanel(props: {
  training: ReturnType<typeof usePrivateTraining>;
  audit: ReturnType<typeof useAudit>;
}) {
  const { training, audit } = props;
  const { runs } = training;
  const [chosen, setChosen] = useState<number | null>(null);
  const [shadows, setShadows] = useState(16);
  const [auditSize, setAuditSize] = useState(1000);
  const run = runs.find((r) => r.id === chosen) ?? defaultAuditRun(runs, training);
  const reason = run ? notAuditable(run, training) : 'train a probe in step 3 first';
  const busy = audit.status !== 'idle';
  // step 3's jobs use the same probe worker: an attack starts when they end
  const trainingBusy = training.status !== 'idle';
  const traces = useMemo(() => rocTraces(audit.audits, runs), [audit.audits, runs]);
  const { guessing, belowChance } = useMemo(() => headlineVerdicts(audit.audits), [audit.audits]);
  return (
    <div className="audit">
      <p className="note">
        A membership-inference attack asks, for each image, “was it in this probe’s training set?”. Members
        are the private training images the run used; non-members are private test images it never saw (the
        same number of each, drawn at random). The <b>loss threshold</b> attack (Yeom et al. 2018) calls an
        image a member when the probe’s loss on it is low; <b>LiRA</b> (Carlini et al. 2022) trains shadow
        probes with the run’s own settings on random halves of all those images and compares the probe’s
        confidence with its in and out distributions. The audit reads the private data itself: it tests the
        training and is not part of what you release, and its numbers are not covered by ε.
      </p>
      <div className="probe-controls">
        <SelectField
          label="Run to attack"
          value={run?.id ?? 0}
          disabled={busy || runs.length === 0}
          onChange={setChosen}
          options={[
            // a sweep keeps only its accuracy-versus-ε points: no probe to attack
            runs.length === 0 && {
              value: 0,
              text: training.sweeps.length ? 'no runs yet (sweeps keep no probes)' : 'no runs yet',
            },
            ...runs.map((r) => ({
              value: r.id,
              text: `${r.id}. ${r.label} (${r.private ? `ε = ${fmt(r.epsilon)}` : 'no privacy'})`,
            })),
          ]}
        />
        <NumberField
          label="Shadow probes"
          value={shadows}
          min={0}
          max={64}
          disabled={busy}
          onChange={setShadows}
        />
        <NumberField
          label="Members audited"
          value={auditSize}
          min={10}
          max={10_000}
          step={10}
          disabled={busy}
          onChange={setAuditSize}
        />
      </div>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || trainingBusy || !run || reason !== null}
          onClick={() => run && void audit.attack(run, { shadows, auditSize })}
        >
          Attack this model
        </button>
        <JobButtons
          status={audit.status}
          noun="attack"
          onPause={audit.pause}
          onResume={audit.resume}
          onStop={audit.stop}
        />
        {trainingBusy && !busy && (
          <span className="note inline-note" role="note">
            Step 3 is training: an attack can start when it ends.
          </span>
        )}
        {run && reason && (
          // not a fault: why the button is off (a neutral note, not an error box)
          <span className="note inline-note" role="note">
            Run {run.id} cannot be attacked: {reason}.
          </span>
        )}
      </div>
      {audit.progress && <ProgressBar job={audit.progress} />}
      {audit.audits.length > 0 && (
        <>
          {/* (scrolls within the card on a narrow window: it ran over the card's edge in presentation mode) */}
          <ResultsTable
            label="Attack results"
            columns={[
              'run',
              'attack',
              'AUC (95% interval)',
              'TPR at 1% FPR',
              'TPR at 0.1% FPR',
              'ε lower bound (95%)',
              'accountant’s ε',
            ]}
          >
            {audit.audits.flatMap((a) =>
              a.result.attacks.map((x) => (
                <tr
                  key={`${a.runId}-${x.attack}`}
                  className={x.attack === a.result.primary ? 'headline' : ''}
                >
                  <td>
                    {a.runId}. {a.label}
                    {a.result.stopped && ' (stopped)'}
                  </td>
                  <td>
                    {ATTACK_NAMES[x.attack]}
                    {x.attack !== 'loss' && ` (${a.result.shadowsTrained} shadows)`}
                  </td>
                  <td>
                    {x.auc.toFixed(3)} <small className="nowrap">({intervalText(x.aucInterval)})</small>
                  </td>
                  <td>{pct(x.tprAtFpr01)}</td>
                  <td>
                    {/* below 1,000 non-members, 0.1% FPR allows no false positive at all: said, not hidden */}
                    {a.result.nonMembers * LOW_FPR < 1
                      ? `${pct(x.tprAtFpr001)} (at 0 false positives of ${a.result.nonMembers})`
                      : pct(x.tprAtFpr001)}
                  </td>
                  <td>{eps(x.bound.epsilon)}</td>
                  <td>{a.private ? `${fmt(a.epsilon)} (δ = ${a.delta.toExponential(0)})` : 'none (∞)'}</td>
                </tr>
              )),
            )}
          </ResultsTable>
          <p className="note" aria-label="Audit summary">
            The bold row is the attack drawn solid, chosen before the audit ran (LiRA online when shadows are
            trained, else the loss threshold): picking the best of three afterwards would claim more than 95%
            confidence allows. An attacker provably cannot do better than the dashed line; this attack reached
            the solid one. The dashed line is what the accountant’s ε allows (TPR ≤ e^ε·FPR + δ); the ε lower
            bound is what this attack proves with 95% confidence (Clopper–Pearson on its error rates,
            threshold chosen on half of the audited images and counted on the other half). A lower bound far
            below ε means this attack is weak, not that the model is more private than ε says. The AUC&apos;s
            interval (DeLong) is how much it would move on another draw of the audited images: one that holds
            0.5 cannot be told from guessing.
          </p>
          {guessing.length > 0 && (
            <p className="note" role="note" aria-label="Audit size">
              {guessing.map((a) => (
                <span key={a.runId}>
                  Run {a.runId}: the headline attack&apos;s AUC interval ({intervalText(a.interval)}) holds
                  0.5, so with {a.members.toLocaleString('en')} members and{' '}
                  {a.nonMembers.toLocaleString('en')} non-members this attack cannot be told from guessing;
                  more members audited narrow it.{' '}
                </span>
              ))}
            </p>
          )}
          {belowChance.length > 0 && (
            <p className="note" role="note" aria-label="Below chance">
              {belowChance.map((a) => (
                <span key={a.runId}>
                  Run {a.runId}: the headline attack&apos;s AUC interval ({intervalText(a.interval)}) lies
                  below 0.5: it took non-members for members more often than guessing would. That is not
                  privacy: turned around, its scores give an AUC interval of{' '}
                  {intervalText([1 - a.interval[1], 1 - a.interval[0]])}, above 0.5. With 95% intervals, about
                  1 audit in 40 lands wholly below 0.5 by chance alone.{' '}
                </span>
              ))}
            </p>
          )}
        </>
      )}
      <div className="charts">
        <Plot
          label="Membership ROC"
          emptyText="The attacks' ROC curves appear here once an audit has run."
          data={traces}
          layout={ROC_LAYOUT}
        />
      </div>
    </div>
  );
}
