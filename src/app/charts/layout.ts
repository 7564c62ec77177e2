/** Chart layouts as the panels write them: a title and the two axes' titles, each with its own options. */
import type { Data, Layout, LayoutAxis } from 'plotly.js';

type Axis = [title: string, options?: Partial<LayoutAxis>];

export function titledLayout(title: string, x: Axis, y: Axis, rest: Partial<Layout> = {}): Partial<Layout> {
  return {
    title: { text: title },
    xaxis: { title: { text: x[0] }, ...x[1] },
    yaxis: { title: { text: y[0] }, ...y[1] },
    ...rest,
  };
}

/**
 * Ticks of a log ε axis from lo to hi: 1, 2 and 5 times powers of ten (every integer multiple on a narrow range),
 * labelled as plain numbers, not Plotly's bare minor digits ("5 6 7 8 9 1 2").
 */
export function logTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const ticks = (mantissas: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= lo && v <= hi) out.push(v);
      }
    return out;
  };
  let tickvals = ticks([1, 2, 5]);
  if (tickvals.length < 3) {
    // a narrow range: more mantissas, the roundest first, each kept only if it is at least a sixth of the
    // range (in log units) from every tick kept before it (not 9 beside 10)
    const gap = (Math.log10(hi) - Math.log10(lo)) / 6;
    const kept: number[] = [];
    for (const m of [1, 2, 5, 3, 1.5, 4, 7, 6, 8, 9])
      for (const v of ticks([m])) if (kept.every((k) => Math.abs(Math.log10(v / k)) >= gap)) kept.push(v);
    tickvals = kept.sort((a, b) => a - b);
  }
  return { tickvals, ticktext: tickvals.map((v) => String(v)) };
}

/**
 * A linear axis from 0 to at least `max` in `intervals` equal steps of a round size (1, 2, 2.5, 4 or 5 × 10^k):
 * overlaid on a 0–1 axis with five gridlines, its ticks fall on the same gridlines and read as round numbers
 * (0, 4, 8 … 20, not Plotly's synced 3.56, 7.11 …). Nothing for no positive finite maximum (Plotly's own).
 */
export function roundAxis(
  max: number,
  intervals = 5,
): { range?: [number, number]; dtick?: number; tick0?: number; tickmode?: 'linear' } {
  if (!(max > 0) || !Number.isFinite(max)) return {};
  const raw = max / intervals;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 4, 5, 10].map((m) => Number((m * unit).toPrecision(12))).find((s) => s >= raw)!;
  return { range: [0, step * intervals], dtick: step, tick0: 0, tickmode: 'linear' };
}

/**
 * How much larger the charts' type is in presentation mode (the page's type goes from 16 to 21 px there): the
 * base 13 px becomes 18 px, and margins, heights and the legend's room grow with it. At 13 px, tick labels and
 * legends were a third of the size of the text beside them on a projector.
 */
export const CHART_SCALE_PRESENTING = 18 / 13;

/** Height of one legend row at the base font size, in pixels. */
export const LEGEND_ROW = 21;

/** Width of a legend entry's symbol and the gaps around it, in pixels (Plotly's 40 px text gap, 5 px item gap). */
const LEGEND_ITEM_PX = 45;
/**
 * A generous width of one character of legend text at the base font size (DejaVu Sans at 13 px measured 7.0–7.7
 * px a character): overestimating leaves a little room under the legend, underestimating lets it cover the axis.
 */
const LEGEND_CHAR_PX = 8;

/**
 * The room a horizontal legend under the plot needs, in pixels. Given the plot's width, its rows as Plotly lays
 * them out: every entry on one row when they all fit, else a grid of columns as wide as the widest entry; an
 * entry wrapped onto several lines (`wrapNames`) makes its row that many lines tall. Without a width, one row
 * per entry (the most it can take). The chart grows by it and its bottom margin too, so the plot area keeps its
 * size as runs pile up and the legend never covers the x axis. A vertical legend, a hidden one or a single entry
 * (Plotly shows no legend) needs none.
 */
export function legendRoom(
  data: readonly Partial<Data>[],
  layout: Partial<Layout>,
  plotWidth?: number,
  /** The charts' type size over the base (`CHART_SCALE_PRESENTING` in presentation mode). */
  scale = 1,
): number {
  if (layout.showlegend === false || (layout.legend?.orientation ?? 'h') !== 'h') return 0;
  const names = data
    .filter((t) => (t as { showlegend?: boolean }).showlegend !== false && (t as { name?: string }).name)
    .map((t) => (t as { name: string }).name.split('<br>'));
  if (names.length < 2) return 0;
  const widths = names.map(
    (lines) => LEGEND_ITEM_PX + LEGEND_CHAR_PX * scale * Math.max(...lines.map((l) => l.length)),
  );
  const perRow =
    plotWidth === undefined
      ? 1
      : widths.reduce((a, b) => a + b, 0) < plotWidth
        ? names.length
        : Math.max(1, Math.floor(plotWidth / Math.max(...widths)));
  let lines = 0;
  for (let i = 0; i < names.length; i += perRow)
    lines += Math.max(...names.slice(i, i + perRow).map((n) => n.length));
  return Math.ceil(LEGEND_ROW * scale * lines);
}

/** Below this chart width (px), a legend at the plot's right moves to its foot: it would squeeze the plot. */
export const RIGHT_LEGEND_MIN_WIDTH = 560;
/** Characters per line of a legend at the plot's right (longer entries wrap), so it keeps to about 210 px. */
export const RIGHT_LEGEND_CHARS = 24;

/**
 * Whether the layout puts a vertical legend outside the plot, at its right (x past 1; Plotly's default x of
 * 1.02). One at x = 1 is anchored by its right edge: inside the plot's corner, as the t-SNE maps have it.
 */
const legendAtRight = (layout: Partial<Layout>): boolean =>
  layout.showlegend !== false && layout.legend?.orientation === 'v' && (layout.legend.x ?? 1.02) > 1;

/**
 * The layout for a chart `width` pixels wide: a legend at the plot's right stays there on a wide chart, and on
 * a narrow one (a half-width panel on a 1,024-pixel screen) moves to the foot, where `legendRoom` makes room for
 * it. At the right, Plotly widens the margin to fit the longest entry, and at 1,024 px the ε-over-epochs
 * legend took more than half the chart and pushed the x axis's title off it.
 */
export function placeLegend(layout: Partial<Layout>, width: number): Partial<Layout> {
  if (!legendAtRight(layout) || width >= RIGHT_LEGEND_MIN_WIDTH) return layout;
  const { legend: _right, ...rest } = layout;
  void _right;
  // the right margin the legend had is not needed at the foot
  return { ...rest, margin: { ...layout.margin, r: 24 } };
}

/** How many characters a legend entry may take on a line: at the plot's right, few; at the foot, the width. */
export const legendChars = (layout: Partial<Layout>, width: number, scale = 1): number =>
  legendAtRight(layout) ? RIGHT_LEGEND_CHARS : charsIn(width - 60, 7 * scale);

/** About how many characters of base-size text (13 px) fit in `px` pixels. */
export const charsIn = (px: number, charPx = 7) => Math.max(24, Math.floor(px / charPx));

/**
 * The traces with names longer than `width` characters wrapped (`wrapForPlotly`): Plotly's legend never wraps,
 * and a long entry ("majority class (of the private training split, …)") ran off a half-width chart. Names must
 * already be plain text (`plainTraces`), or a user's markup would pass.
 */
export function wrapNames<T extends object>(traces: T[], width: number): T[] {
  return traces.map((t) => {
    const name = (t as { name?: unknown }).name;
    return typeof name === 'string' && name.length > width ? { ...t, name: wrapForPlotly(name, width) } : t;
  });
}

/** A chart title wrapped to `width` characters, and how many lines it takes. */
export function wrapTitle(
  title: Layout['title'] | undefined,
  width: number,
): { title: Layout['title'] | undefined; lines: number } {
  const text = title?.text;
  if (typeof text !== 'string' || text.includes('<br>') || text.length <= width) return { title, lines: 1 };
  const wrapped = wrapForPlotly(text, width);
  return { title: { ...title, text: wrapped }, lines: wrapped.split('<br>').length };
}
/** Text broken into lines of at most `width` characters at spaces, joined by Plotly's `<br>` (it never wraps). */
export function wrapForPlotly(text: string, width = 44): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('<br>');
}

/**
 * Plotly's options for a chart: no Plotly Cloud ("Share chart..." would send the data it shows, such as a
 * private t-SNE, away; no server is named for any other path to it), no toolbar on an empty chart, and the PNG
 * and SVG downloads only on a chart that may leave the lab (`exportable`: false for a map of private images).
 */
export function plotConfig<B>(options: {
  empty: boolean;
  exportable: boolean;
  svgButton: B;
  /** The downloads' file name (the PNG's as the SVG's: the chart's accessible name). */
  filename: string;
}) {
  const { empty, exportable, svgButton, filename } = options;
  return {
    toImageButtonOptions: { filename },
    displaylogo: false,
    showSendToCloud: false,
    plotlyServerURL: '',
    // nothing to zoom, pan or save on an empty chart
    displayModeBar: empty ? (false as const) : ('hover' as const),
    responsive: true,
    // zoom, pan and reset are enough: zoom in/out and autoscale added three Tab stops to every chart (eight
    // per chart, about 48 in step 3, for a keyboard user)
    modeBarButtonsToRemove: [
      'lasso2d',
      'select2d',
      'zoomIn2d',
      'zoomOut2d',
      'autoScale2d',
      ...(exportable ? [] : ['toImage']),
    ],
    modeBarButtonsToAdd: exportable ? [svgButton] : [],
  };
}
