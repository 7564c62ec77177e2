/** After a DP run: per-class accuracy, the confusion matrix, and clipping diagnostics. */
import { useMemo } from 'react';
import type { Data } from 'plotly.js';
import { Plot } from '../charts/Plot';
import { confusionTable, histogramTable, percent, seriesTable } from '../charts/chart-table';
import type { RunRecord } from './use-private-training';
import { SMALL_DATA_IMAGES } from './run-store';

export function RunDetails({ run, classNames }: { run: RunRecord | null; classNames: string[] }) {
  const data = useMemo(() => {
    if (!run) return null;
    const names =
      classNames.length === run.perClassAccuracy.length
        ? classNames
        : run.perClassAccuracy.map((_, i) => String(i));
    const perClass: Partial<Data>[] = [
      { type: 'bar', x: names, y: run.perClassAccuracy, name: 'accuracy', marker: { color: '#0072B2' } },
    ];
    const confusion: Partial<Data>[] = [
      {
        type: 'heatmap',
        z: run.confusion,
        x: names,
        y: names,
        colorscale: [
          [0, '#f7fbff'],
          [1, '#08306b'],
        ],
        hovertemplate: 'true %{y}<br>predicted %{x}<br>%{z}<extra></extra>',
      },
    ];
    const clipping: Partial<Data>[] = [
      {
        x: run.curve.map((m) => m.epoch + 1),
        y: run.curve.map((m) => m.clippedFraction),
        mode: 'lines+markers',
        name: 'fraction clipped',
      },
    ];
    // Bin counts only (computed in the worker): no per-example norm reaches the page or an export.
    const h = run.gradientNormHistogram;
    const norms: Partial<Data>[] = h
      ? [
          {
            type: 'bar',
            x: h.counts.map((_, i) => (h.edges[i]! + h.edges[i + 1]!) / 2),
            y: h.counts,
            width: h.edges[1]! - h.edges[0]!,
            name: 'gradient norms (non-private)',
            marker: { color: '#E69F00' },
          },
          {
            x: [run.clipNorm, run.clipNorm],
            y: [0, Math.max(1, ...h.counts)],
            mode: 'lines',
            name: `C = ${run.clipNorm}`,
            line: { color: '#000', dash: 'dash' },
          },
        ]
      : [];
    const epochs = run.curve.map((m) => m.epoch + 1);
    const tables = {
      perClass: {
        columns: ['class', 'test accuracy'],
        rows: names.map((name, i) => [name, percent(run.perClassAccuracy[i]!)]),
      },
      confusion: confusionTable(names, run.confusion),
      clipping: seriesTable(
        'epoch',
        [{ name: 'fraction clipped', x: epochs, y: run.curve.map((m) => m.clippedFraction) }],
        percent,
      ),
      norms: h ? histogramTable('‖g_i‖', h.edges, h.counts) : undefined,
    };
    return { perClass, confusion, clipping, norms, tables };
  }, [run, classNames]);
  if (!run || !data) return null;
  return (
    <details className="run-details" open>
      <summary>
        Details of run {run.id}: {run.label}
      </summary>
      <div className="charts">
        <Plot
          label="Per-class accuracy"
          table={data.tables.perClass}
          data={data.perClass}
          layout={{
            title: { text: 'Per-class test accuracy (non-private diagnostic)' },
            yaxis: { range: [0, 1] },
            showlegend: false,
          }}
        />
        <Plot
          label="Confusion matrix"
          table={data.tables.confusion}
          data={data.confusion}
          layout={{
            title: { text: 'Confusion matrix, test split (non-private diagnostic)' },
            xaxis: { title: { text: 'predicted' } },
            yaxis: { title: { text: 'true' }, autorange: 'reversed' },
            margin: { l: 90, b: 120, t: 32, r: 16 },
          }}
        />
        <Plot
          label="Clipping per epoch"
          table={data.tables.clipping}
          data={data.clipping}
          layout={{
            title: { text: 'Fraction clipped per epoch (non-private diagnostic)' },
            xaxis: { title: { text: 'epoch' } },
            yaxis: { range: [0, 1] },
            showlegend: false,
          }}
        />
        <Plot
          label="Gradient norms"
          table={data.tables.norms}
          data={data.norms}
          layout={{
            title: { text: 'Per-example gradient norms at the end (non-private diagnostic)' },
            xaxis: { title: { text: '‖g_i‖' } },
          }}
        />
      </div>
      <p className="note" aria-label="Non-private diagnostics">
        Non-private diagnostics: the per-class accuracy and confusion matrix (test split), the fraction
        clipped, the training loss and the gradient-norm histogram (up to 2,000 training examples, as bin
        counts only) are computed from the data without noise. They help you choose C while learning, but
        showing or exporting them is not covered by ε.
        {run.trainSize !== undefined &&
          run.trainSize < SMALL_DATA_IMAGES &&
          ` With only ${run.trainSize} training images, they come close to single images.`}
      </p>
    </details>
  );
}
