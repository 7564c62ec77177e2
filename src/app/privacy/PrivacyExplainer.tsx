/**
 * For lectures: ε over epochs for the current σ (with neighbouring σ faint), the DP-SGD algorithm with the
 * current numbers plugged in, and what ε covers and does not, in plain words.
 */
import { fmt } from '../shell/format';
import { useMemo } from 'react';
import type { Data } from 'plotly.js';
import { dpSgdEpsilon, dpSgdSchedule } from '../../lib/privacy/accountant';
import type { AccountantName } from '../../lib/privacy/accountant-names';
import { Plot } from '../charts/Plot';

/** ε actually spent by the latest DP run (the running one, else the last finished), at its epochs. */
export interface SpentMark {
  epochs: number;
  epsilon: number;
  accountant: AccountantName;
  /** The run's own q and σ: its ε curve, on which the mark sits (the current settings' curves may differ). */
  sampleRate: number;
  noiseMultiplier: number;
  delta: number;
}

export function PrivacyExplainer(props: {
  sigma: number;
  clip: number;
  batch: number;
  epochs: number;
  delta: number;
  datasetSize: number;
  datasetLabel: string;
  /** ε actually spent by the latest DP run, at its epochs: marked on the chart, on the run's own curve. */
  spent: SpentMark | null;
  /** The accountant chosen for runs (the curves are RDP's: instant on this thread). */
  accountant: AccountantName;
  /** The plan was refused (a budget that covers no step): no T to plug in. */
  refused?: boolean;
  /** Step 3's ε per run in budget or target mode (a horizontal line: where a budget stops a run), or null. */
  runEpsilon?: { epsilon: number; mode: 'budget' | 'target-epsilon' } | null;
}) {
  const { sigma, clip, batch, epochs, delta, datasetSize: n } = props;
  const { sampleRate: q, steps } = dpSgdSchedule({ datasetSize: n, batchSize: batch, epochs });
  // budget mode: a run stops where its ε reaches the budget; target mode: σ is calibrated so that the run ends
  // on the line (by the chosen accountant: under PLD the RDP curves here cross it a little later)
  const lineEpsilon = props.runEpsilon?.epsilon ?? NaN;
  const lineMode = props.runEpsilon?.mode;
  const budgetLine = useMemo(
    () =>
      lineEpsilon > 0 && Number.isFinite(lineEpsilon)
        ? {
            epsilon: lineEpsilon,
            text:
              lineMode === 'budget'
                ? `budget per run: ε = ${fmt(lineEpsilon)}`
                : `target: ε = ${fmt(lineEpsilon)}`,
          }
        : null,
    [lineEpsilon, lineMode],
  );
  const { curves, yTop } = useMemo(() => {
    const maxEpochs = Math.max(epochs, 1) * 2;
    const xs = Array.from({ length: 40 }, (_, i) => (maxEpochs * (i + 1)) / 40);
    const curve = (s: number) =>
      xs.map(
        (e) =>
          dpSgdEpsilon({
            sampleRate: q,
            noiseMultiplier: s,
            steps: dpSgdSchedule({ datasetSize: n, batchSize: batch, epochs: e }).steps,
            delta,
          }).epsilon,
      );
    // the neighbours told apart by their dash (the legend shows it), all faint beside the current σ
    const dashes = ['dot', 'dash', 'dashdot', 'longdash'] as const;
    const traces: Partial<Data>[] = [0.5, 0.75, 1.5, 2].map((f, i) => ({
      x: xs,
      y: curve(sigma * f),
      mode: 'lines',
      name: `σ = ${fmt(sigma * f)}`,
      line: { width: 1.5, color: '#7b8794', dash: dashes[i] },
      opacity: 0.8,
      hoverinfo: 'name+y',
    }));
    const current = curve(sigma);
    traces.push({
      x: xs,
      y: current,
      mode: 'lines',
      name: `σ = ${fmt(sigma)} (current)`,
      line: { width: 3, color: '#0072B2' },
    });
    // the y axis is the current curve's (up to twice its end), with the line and the mark when higher: the
    // σ/2 neighbour is often ten times higher and would flatten the current curve to the axis; it leaves the
    // plot at its top instead
    const finite = (v: number) => (Number.isFinite(v) ? v : 0);
    let top = 2 * finite(Math.max(...current));
    if (budgetLine) top = Math.max(top, 1.15 * budgetLine.epsilon);
    // in the legend, not written over the curves
    if (budgetLine)
      traces.push({
        x: [xs[0]!, xs[xs.length - 1]!],
        y: [budgetLine.epsilon, budgetLine.epsilon],
        mode: 'lines',
        name: budgetLine.text,
        line: { width: 1.5, color: '#009E73', dash: 'dash' },
        hoverinfo: 'name',
      });
    const spent = props.spent;
    if (spent) {
      // the run's own ε over its epochs (RDP, its q and σ), so the mark is not read off the current settings'
      // curves when they differ (a run at B = 1,024 shown beside sliders at B = 256)
      const same =
        Math.abs(spent.sampleRate - q) < 1e-12 &&
        Math.abs(spent.noiseMultiplier - sigma) < 1e-9 &&
        spent.delta === delta;
      // (its RDP curve: a PLD mark sits a little below it, and the legend names both accountants)
      const drawn = spent.sampleRate > 0 && spent.sampleRate <= 1;
      if (!same && drawn && spent.noiseMultiplier > 0) {
        const runXs = Array.from({ length: 30 }, (_, i) => (spent.epochs * (i + 1)) / 30);
        traces.push({
          x: runXs,
          y: runXs.map(
            (e) =>
              dpSgdEpsilon({
                sampleRate: spent.sampleRate,
                noiseMultiplier: spent.noiseMultiplier,
                steps: Math.max(1, Math.round(e / spent.sampleRate)),
                delta: spent.delta,
              }).epsilon,
          ),
          mode: 'lines',
          name: `that run (RDP): q = ${fmt(spent.sampleRate)}, σ = ${fmt(spent.noiseMultiplier)}`,
          line: { width: 2, color: '#D55E00', dash: 'dash' },
        });
      }
      top = Math.max(top, 1.15 * finite(spent.epsilon));
      traces.push({
        x: [spent.epochs],
        y: [spent.epsilon],
        mode: 'markers',
        name: `spent by the last or running run (${spent.accountant.toUpperCase()})`,
        marker: { size: 12, color: '#D55E00' },
      });
    }
    return { curves: traces, yTop: top > 0 ? top : null };
  }, [sigma, q, n, batch, epochs, delta, props.spent, budgetLine]);
  return (
    <div className="explainer">
      <Plot
        label="ε over epochs"
        data={curves}
        height={300}
        layout={{
          title: { text: 'ε over epochs, RDP (faint: neighbouring σ)' },
          xaxis: { title: { text: 'epochs (to twice the planned)' } },
          // the planned epochs: where the next run's ε is read off the current curve
          shapes: [
            {
              type: 'line',
              x0: epochs,
              x1: epochs,
              yref: 'paper',
              y0: 0,
              y1: 1,
              line: { dash: 'dot', color: '#0072B2', width: 1 },
            },
          ],
          annotations: [
            {
              // inside the plot, at its foot beside the line: above the plot it ran into the title
              x: epochs,
              yref: 'paper',
              y: 0,
              yanchor: 'bottom',
              xanchor: 'left',
              xshift: 3,
              text: `planned: ${epochs}`,
              showarrow: false,
              bgcolor: 'rgba(255,255,255,0.85)',
              font: { size: 11, color: '#0072B2' },
            },
          ],
          yaxis: { title: { text: 'ε' }, ...(yTop ? { range: [0, yTop] } : { rangemode: 'tozero' }) },
          showlegend: true,
          legend: { orientation: 'v', x: 1.02, y: 1, yanchor: 'top' },
          margin: { l: 56, r: 160, t: 32, b: 48 },
        }}
      />
      <div className="algorithm" aria-label="DP-SGD with these numbers">
        <h3>DP-SGD with these numbers</h3>
        <pre>{`for t = 1 … T = ${props.refused ? '— (the plan was refused: no step)' : steps.toLocaleString('en')}:
  batch ← each of the N = ${n.toLocaleString('en')} private
          examples, independently with
          probability q = ${fmt(q)}
          (≈ ${fmt(q * n)} expected)
  for each example i in the batch:
    g_i ← ∇ loss(θ; example i)
    g_i ← g_i · min(1, C/‖g_i‖)
                        C = ${fmt(clip)}
  g ← (Σ g_i + N(0, (σC)²·I)) / (qN)
          σC = ${fmt(sigma * clip)},  qN = ${fmt(q * n)}
  θ ← θ − η·g
ε for δ = ${delta.toExponential(0)}: ${props.accountant.toUpperCase()} accountant
          (q, σ = ${fmt(sigma)}, T)`}</pre>{' '}
      </div>
      <div className="covers" aria-label="What ε covers">
        <h3>What this ε covers</h3>
        <ul>
          <li>
            <strong>Protected:</strong> each image of the private training set ({props.datasetLabel}); adding
            or removing one changes what the probe training can reveal by at most a factor e<sup>ε</sup> (plus
            δ).
          </li>
          <li>
            <strong>Neighbouring datasets:</strong> two training sets are neighbours when one is the other
            with one example added or removed (add-or-remove adjacency); N = {n.toLocaleString('en')} itself
            is treated as public.
          </li>
          <li>
            <strong>Per run, and runs compose:</strong> this ε is for one training run. Every run on the same
            private data (each DP run, each baseline and sweep point) spends from one budget: their RDP adds
            up, shown as &quot;Privacy spent on this data&quot;. A non-private run makes it ∞. That total
            treats each run&apos;s settings as fixed in advance; you choose them after seeing earlier results.
            A cap on this data (above), set before its first run and never changed, bounds the total by the
            cap even so: a privacy filter at one Rényi order.
          </li>
          <li>
            <strong>Randomness:</strong> the noise comes from the cryptographic generator. A seed you set
            makes a run reproducible, and the guarantee does not hold against anyone who knows the seed.
          </li>
          <li>
            <strong>Assumed public:</strong> the pretraining data and the encoder.
          </li>
          <li>
            <strong>Private, but outside ε:</strong> the private test set. It is never trained on, and the
            accuracy reported on it is measured without noise: what that number reveals about the test images
            is not bounded by ε.
          </li>
          <li>
            <strong>Not covered:</strong> choosing hyperparameters by looking at private test accuracy; a
            t-SNE or thumbnails of private images; the non-private diagnostics (gradient-norm histogram,
            fraction clipped, training loss, per-class accuracy, confusion matrix, majority class); any
            statistic fitted on private data; private images that are also in the public data.
          </li>
          <li>
            <strong>Sampling assumed:</strong> Poisson sampling with rate q, exactly as the probe runs it
            (batch sizes vary, may be empty).
          </li>
        </ul>
      </div>
    </div>
  );
}
