/**
 * A chart's numbers as a table, for whoever cannot see the chart (a screen reader reads a chart's name only) or
 * wants the exact values: pure builders from what the charts draw, shown under each chart by `ChartTable`.
 */

export interface TableData {
  /** Column headers; the first column heads the rows. */
  columns: string[];
  rows: string[][];
}

import { pct } from '../shell/format';

/** A proportion as the lab shows it (`pct`), or '—' where there is none. */
export const percent = (x: number): string => (Number.isFinite(x) ? pct(x) : '—');

/**
 * Series over a shared x (epochs, say) side by side: one row per x that any series has, one column per series,
 * '—' where a series has no value at that x (a run stopped early).
 */
export function seriesTable(
  xName: string,
  /** Each series may format its own values (accuracy as a percentage beside ε as a number, say). */
  series: readonly {
    name: string;
    x: readonly number[];
    y: readonly number[];
    format?: (y: number) => string;
  }[],
  format: (y: number) => string,
): TableData {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  return {
    columns: [xName, ...series.map((s) => s.name)],
    rows: xs.map((x) => [
      String(x),
      ...series.map((s) => {
        const i = s.x.indexOf(x);
        return i < 0 ? '—' : (s.format ?? format)(s.y[i]!);
      }),
    ]),
  };
}

/** A confusion matrix: a row per true class, a column per predicted class, counts. */
export function confusionTable(names: readonly string[], counts: readonly (readonly number[])[]): TableData {
  return {
    columns: ['true \\ predicted', ...names],
    rows: counts.map((row, i) => [names[i] ?? String(i), ...row.map(String)]),
  };
}

/** A histogram: a row per bin, its range and count, from its first non-empty bin to its last. */
export function histogramTable(
  what: string,
  edges: readonly number[],
  counts: readonly number[],
  digits = 3,
): TableData {
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return {
    columns: [what, 'count'],
    rows:
      first < 0
        ? []
        : counts
            .slice(first, last + 1)
            .map((c, k) => [
              `${edges[first + k]!.toPrecision(digits)}–${edges[first + k + 1]!.toPrecision(digits)}`,
              String(c),
            ]),
  };
}
