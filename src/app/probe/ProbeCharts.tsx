/** Step 3's two charts: test accuracy (and ε spent) per epoch, and accuracy versus ε over every run. */
import { useMemo } from 'react';
import type { Data } from 'plotly.js';
import type { EpochMetrics } from '../../lib/dp/train-probe';
import { Plot } from '../charts/Plot';
import { logTicks, roundAxis, titledLayout } from '../charts/layout';
import { encoderShort } from '../../state/encoders';
import { type TableData, percent, seriesTable } from '../charts/chart-table';
import { fmt } from '../shell/format';
import { NON_PRIVATE_NOTE } from './probe-config';
import {
  EPSILON_COLOUR,
  NON_PRIVATE_COLOUR,
  REFERENCE_COLOUR,
  RUN_DASHES,
  encoderColour,
  runLines,
} from '../charts/colours';
import type { RunRecord, SweepRecord, usePrivateTraining } from './use-private-training';

/** The ε axis spans the points' ε with a factor 2 of room either side (0.1 … 10 before any point). */
function epsilonRange(epsilons: number[]): [number, number] {
  const xs = epsilons.filter((e) => Number.isFinite(e) && e > 0);
  return xs.length ? [Math.min(...xs) / 2, Math.max(...xs) * 2] : [0.1, 10];
}

/** The runs drawn as points at their ε: the visible DP runs with a finite ε. */
const dpPoints = (runs: RunRecord[]) =>
  runs.filter((r) => r.kind !== 'non-private' && r.visible && Number.isFinite(r.epsilon));

/** Each encoder's marker in the accuracy-versus-ε chart (with its colour: told apart without colour too). */
const ENCODER_SYMBOLS: Record<string, string> = {
  shipped: 'circle',
  scatter: 'diamond',
  pixels: 'square',
  'simclr-v1': 'triangle-up',
  random: 'x',
  session: 'star',
  'this session': 'star',
};

/** One series per encoder (and feature prefix): "better features make DP cheap" in one view. */
function accuracyVsEpsilon(runs: RunRecord[], [lo, hi]: [number, number]): Partial<Data>[] {
  const dp = dpPoints(runs);
  const nonPrivate = runs.filter((r) => r.kind === 'non-private' && r.visible);
  const line = (y: number, name: string, dash: 'dash' | 'dot', color: string): Partial<Data> => ({
    x: [lo, hi],
    y: [y, y],
    mode: 'lines',
    name,
    line: { dash, width: 2, color },
  });
  // one series per encoder and feature prefix: runs on 32 and 512 of the default's features apart
  const seriesName = (r: RunRecord) =>
    `DP probe, ${encoderShort(r.encoder)}` +
    (r.probeConfig?.featureDims !== undefined ? `, first ${r.probeConfig.featureDims} features` : '');
  const byEncoder = new Map<string, RunRecord[]>();
  for (const r of dp) byEncoder.set(seriesName(r), [...(byEncoder.get(seriesName(r)) ?? []), r]);
  // colour and marker by encoder (the same in the per-epoch chart); a feature prefix gets the open marker
  const traces: Partial<Data>[] = [...byEncoder.entries()].map(([name, rs]) => ({
    x: rs.map((r) => r.epsilon),
    y: rs.map((r) => r.testAccuracy),
    mode: 'markers',
    name,
    marker: {
      size: 11,
      color: encoderColour(rs[0]!.encoder),
      symbol: `${ENCODER_SYMBOLS[rs[0]!.encoder] ?? 'star'}${rs[0]!.probeConfig?.featureDims !== undefined ? '-open' : ''}`,
    },
    text: rs.map((r) => r.label),
  }));
  if (nonPrivate.length)
    traces.push(
      line(
        Math.max(...nonPrivate.map((r) => r.testAccuracy)),
        `non-private probe (${NON_PRIVATE_NOTE})`,
        'dash',
        NON_PRIVATE_COLOUR,
      ),
    );
  return traces;
}

/**
 * Markers drawn whole at the axes' edges: an accuracy of 1 (a small upload learns it) was cut in half by the
 * top of the fixed 0–1 axis. The points never lie outside these charts' ranges, so nothing else is drawn outside.
 */
const unclipped = (traces: Partial<Data>[]): Partial<Data>[] =>
  traces.map((t) => ({ ...t, cliponaxis: false }));

export function ProbeCharts({
  runs,
  live,
  sweeps,
  majority,
}: {
  runs: RunRecord[];
  live: ReturnType<typeof usePrivateTraining>['live'];
  sweeps: SweepRecord[];
  majority: number | null;
}) {
  // the DP runs the per-epoch chart and its table show
  const shownDp = useMemo(() => runs.filter((x) => x.visible && x.kind === 'dp'), [runs]);
  const curveTraces = useMemo<Partial<Data>[]>(() => {
    const traces: Partial<Data>[] = [];
    // styled among all runs (the random-encoder contrasts too), as step 4's ROC styles them
    const lines = runLines(runs);
    for (const r of shownDp) {
      traces.push({
        x: r.curve.map((m) => m.epoch + 1),
        y: r.curve.map((m) => m.testAccuracy),
        // its encoder named too: the colour alone said which (a lecturer's audience reads the legend)
        name: `${r.label}, ${encoderShort(r.encoder)} (run ${r.id})`,
        mode: 'lines+markers',
        line: lines.get(r.id)!,
        marker: { color: lines.get(r.id)!.color },
      });
    }
    const epsilonLine = (curve: EpochMetrics[], name: string) => {
      // (a non-private run has ε = ∞ at every epoch: nothing to draw)
      const finite = curve.filter((m) => Number.isFinite(m.epsilon));
      if (finite.length)
        traces.push({
          x: finite.map((m) => m.epoch + 1),
          y: finite.map((m) => m.epsilon),
          name,
          yaxis: 'y2',
          mode: 'lines',
          line: { dash: 'dot', color: EPSILON_COLOUR },
        });
    };
    if (live) {
      traces.push({
        x: live.curve.map((m) => m.epoch + 1),
        y: live.curve.map((m) => m.testAccuracy),
        name: `${live.label}, ${encoderShort(live.encoder)} (live)`,
        mode: 'lines+markers',
        line: { width: 3, color: encoderColour(live.encoder) },
        marker: { color: encoderColour(live.encoder) },
      });
      epsilonLine(live.curve, 'ε spent (live)');
    } else {
      // after the run, its ε line stays (the latest shown DP run's: one line, not one per run)
      const latest = shownDp.at(-1);
      if (latest) epsilonLine(latest.curve, `ε spent (run ${latest.id})`);
    }
    return unclipped(traces);
  }, [runs, shownDp, live]);
  // the majority class of the data the runs were trained on: from the prepared data, or (after a reload,
  // before anything is prepared) as the latest run on the full data recorded it
  const majorityLine =
    majority ??
    [...runs]
      .reverse()
      .find((r) => r.visible && r.kind !== 'random-dp' && Number.isFinite(r.majorityAccuracy))
      ?.majorityAccuracy ??
    null;
  const range = useMemo(
    () =>
      epsilonRange([
        ...dpPoints(runs).map((r) => r.epsilon),
        ...sweeps.flatMap((sw) => sw.points.map((p) => p.epsilon)),
      ]),
    [runs, sweeps],
  );
  // the finished DP runs' test accuracy by epoch, as the per-epoch chart draws them (and the live run's)
  const curveTable = useMemo(() => {
    // each run's test accuracy, then its ε spent, as the chart's two axes show them
    const both = (name: string, curve: readonly EpochMetrics[]) => {
      const x = curve.map((m) => m.epoch + 1);
      return [
        { name: `${name}: test accuracy`, x, y: curve.map((m) => m.testAccuracy) },
        { name: `${name}: ε spent`, x, y: curve.map((m) => m.epsilon), format: (e: number) => fmt(e, 3) },
      ];
    };
    const series = shownDp.flatMap((r) => both(`run ${r.id} (${encoderShort(r.encoder)})`, r.curve));
    if (live) series.push(...both('live run', live.curve));
    return series.length ? seriesTable('epoch', series, percent) : undefined;
  }, [shownDp, live]);
  // a sweep's points, whose numbers are nowhere else on the page (each run's are in the runs table)
  const sweepTable = useMemo<TableData | undefined>(
    () =>
      sweeps.length
        ? {
            columns: ['sweep', 'σ', 'ε', 'test accuracy (mean ± std)', 'repeats'],
            rows: sweeps.flatMap((sw, i) =>
              sw.points.map((p) => [
                `sweep ${i + 1} (${encoderShort(sw.encoder)})`,
                fmt(p.noiseMultiplier, 3),
                fmt(p.epsilon, 3),
                `${percent(p.accuracy)} ± ${percent(p.accuracyStd)}`,
                String(p.accuracies.length),
              ]),
            ),
          }
        : undefined,
    [sweeps],
  );
  const vsTraces = useMemo(() => {
    const t = accuracyVsEpsilon(runs, range);
    sweeps.forEach((sw, i) => {
      const color = encoderColour(sw.encoder);
      t.push({
        x: sw.points.map((p) => p.epsilon),
        y: sw.points.map((p) => p.accuracy),
        error_y: { type: 'data', array: sw.points.map((p) => p.accuracyStd), visible: true, color },
        mode: 'lines+markers',
        line: { color, dash: RUN_DASHES[i % RUN_DASHES.length]! },
        marker: { color },
        name: `sweep ${i + 1} (${encoderShort(sw.encoder)})`,
      });
    });
    if (majorityLine !== null && t.length) {
      t.push({
        x: range,
        y: [majorityLine, majorityLine],
        mode: 'lines',
        name: 'majority class (of the private training split, scored on the test split)',
        line: { dash: 'dot', width: 2, color: REFERENCE_COLOUR },
      });
    }
    return unclipped(t);
  }, [runs, majorityLine, sweeps, range]);
  // whole epochs only: about eight ticks, never a fractional one (1.5 after a 3-epoch run)
  const epochs = Math.max(1, ...curveTraces.map((t) => ('x' in t && Array.isArray(t.x) ? t.x.length : 0)));
  const epochTicks = { tick0: 0, dtick: Math.max(1, Math.ceil(epochs / 8)) };
  // the ε axis in round steps on the accuracy axis's five gridlines (0, 0.2 … 1)
  const epsilonAxis = roundAxis(
    Math.max(
      0,
      ...curveTraces.flatMap((t) =>
        'yaxis' in t && t.yaxis === 'y2' && 'y' in t && Array.isArray(t.y) ? (t.y as number[]) : [],
      ),
    ),
  );
  return (
    <div className="charts">
      <Plot
        label="Training curves"
        height={360}
        table={curveTable}
        emptyText={
          sweeps.length
            ? "Test accuracy and ε spent appear here, epoch by epoch, once a run starts (a sweep's runs are summarised on the accuracy-versus-ε chart only)."
            : 'Test accuracy and ε spent appear here, epoch by epoch, once a run starts.'
        }
        data={curveTraces}
        layout={titledLayout(
          'Test accuracy per epoch',
          ['epoch', epochTicks],
          ['test accuracy', { range: [0, 1], dtick: 0.2 }],
          {
            yaxis2: {
              title: { text: 'ε spent' },
              overlaying: 'y',
              side: 'right',
              rangemode: 'tozero',
              showgrid: false,
              ...epsilonAxis,
            },
          },
        )}
      />
      <Plot
        label="Accuracy versus ε"
        height={360}
        table={sweepTable}
        emptyText="Every finished run adds its point here: test accuracy at the ε it spent."
        data={vsTraces}
        layout={titledLayout(
          'Accuracy versus ε',
          // a log axis's range is in log10 units; an explicit one keeps runs at one ε from collapsing it
          [
            'ε (log scale)',
            { type: 'log', range: [Math.log10(range[0]), Math.log10(range[1])], ...logTicks(...range) },
          ],
          ['test accuracy', { range: [0, 1] }],
        )}
      />
    </div>
  );
}
