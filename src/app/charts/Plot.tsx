/**
 * A small plotly adapter: plotly (~95% of the page's JavaScript) loads lazily on first use; each data
 * change goes through Plotly.react (which diffs traces), at most once per animation frame.
 * `data-points` is the number of points in the data given; `data-drawn` is set to the number of points once
 * Plotly has drawn them (charts draw one per frame, later), so tests wait on `data-drawn` for what is on screen.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js';
import {
  charsIn,
  legendChars,
  legendRoom,
  placeLegend,
  plotConfig,
  wrapForPlotly,
  wrapNames,
  wrapTitle,
} from './layout';
import { plainTraces } from './plain-text';
import { PALETTE } from './colours';
import { rovingToolbar } from './toolbar-keys';
import { ChartTable } from './ChartTable';
import type { TableData } from './chart-table';

type PlotlyModule = typeof import('plotly.js');
let plotly: Promise<PlotlyModule> | null = null;
// The lab's own bundle (./plotly-lab.ts: core, bar and heatmap), loaded on the first chart's draw.
// Evaluating it is one main-thread task; the first draw waits for a fresh task, not the same one.
const loadPlotly = () =>
  (plotly ??= import('./plotly-lab').then(
    (m) => new Promise<PlotlyModule>((resolve) => setTimeout(() => resolve(m.default), 0)),
  ));

/**
 * The charts' type size over the base 13 px: `CHART_SCALE_PRESENTING` in presentation mode (the app provides
 * it), 1 otherwise. Fonts, margins, heights and the room for titles and legends grow with it.
 */
export const ChartScale = createContext(1);

/** Height of one more line of a wrapped chart title, in pixels. */
const TITLE_LINE = 20;
/**
 * A strip above a chart's title for Plotly's toolbar (shown while the mouse is over the chart), so that the
 * toolbar never covers the title: it used to, on every chart narrower than title and toolbar together.
 */
const TOOLBAR_ROOM = 28;

/** The charts' type size outside presentation mode, in pixels. */
const BASE_FONT_PX = 13;

const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 56, t: 32, b: 96 },
  font: { family: 'system-ui, sans-serif', size: BASE_FONT_PX, color: '#1b1f24' },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#fff',
  // a horizontal legend at the foot of the chart (container coordinates), in the room `legendRoom` adds to
  // the chart's height and bottom margin, under the x axis's title
  legend: { orientation: 'h', yref: 'container', y: 0, yanchor: 'bottom', x: 0, xanchor: 'left' },
  colorway: PALETTE,
};

/** A chart's margins grown with its type (`ChartScale`). */
type Margin = NonNullable<Layout['margin']>;
function scaleMargin(margin: Margin, scale: number): Margin {
  if (scale === 1) return margin;
  const out = { ...margin };
  for (const side of ['l', 'r', 't', 'b'] as const) {
    const v = margin[side];
    if (typeof v === 'number') out[side] = Math.round(v * scale);
  }
  return out;
}

/**
 * Fresh axis objects with autorange on (unless a range is given) and a data revision: Plotly writes computed
 * ranges back into the layout it is given, and would otherwise keep the ranges of the first (empty) draw.
 */
function withAutorange(layout: Partial<Layout>, revision: number): Partial<Layout> {
  const out: Record<string, unknown> = { ...layout, datarevision: revision };
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis\d*$/.test(key)) {
      const axis = { ...(layout as Record<string, Record<string, unknown>>)[key] };
      if (axis['range'] === undefined) axis['autorange'] = true;
      out[key] = axis;
    }
  }
  for (const key of ['xaxis', 'yaxis']) if (!out[key]) out[key] = { autorange: true };
  return out as Partial<Layout>;
}

/**
 * Charts draw one per animation frame, in order: when a run finishes, several charts appear at once, and
 * drawing them all in one frame made a main-thread task longer than 200 ms.
 */
let drawChain: Promise<void> = Promise.resolve();
/**
 * A draw that has not settled after this long no longer holds the others: one Plotly promise that never settles
 * (a chart redrawn while Plotly resized it, say) would otherwise leave every chart as it was, for good.
 */
const DRAW_PATIENCE_MS = 3000;
function enqueueDraw(job: () => Promise<void>): void {
  drawChain = drawChain.then(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          const patience = setTimeout(resolve, DRAW_PATIENCE_MS);
          job().then(
            () => (clearTimeout(patience), resolve()),
            () => (clearTimeout(patience), resolve()),
          );
        }),
      ),
  );
}

type XY = { x?: ArrayLike<unknown>; y?: ArrayLike<unknown>; name?: string };

/** What was drawn last: trace names and lengths, and the layout's JSON, to decide append versus redraw. */
interface Drawn {
  names: string;
  lengths: number[];
  layout: string;
}

export function Plot(props: {
  data: Partial<Data>[];
  layout: Partial<Layout>;
  label: string;
  height?: number;
  /** Called with the hovered point's customdata (e.g. an image index). */
  onHover?: (customdata: unknown) => void;
  /** Shown in place of empty axes while the chart has no points (default: "Nothing to show yet."). */
  emptyText?: string;
  /**
   * False for a chart that draws private examples one by one (a t-SNE of private images): no PNG or SVG
   * download, since nothing per example leaves the lab through an export.
   */
  exportable?: boolean;
  /** The chart's numbers, shown folded under it as a table (for a screen reader, or exact values). */
  table?: TableData | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onHover = useRef(props.onHover);
  useEffect(() => {
    onHover.current = props.onHover;
  }, [props.onHover]);
  const hoverBound = useRef(false);
  const latest = useRef<(() => Promise<void>) | null>(null);
  const queued = useRef(false);
  const drawn = useRef<Drawn | null>(null);
  // The data array last drawn: a parent re-rendering with the same (memoised) data and an equal layout
  // costs nothing (inline layout objects are new on every render; redrawing them per progress update made
  // 200–570 ms main-thread tasks during a private run).
  const drawnData = useRef<{ data: unknown; json: string | null } | null>(null);
  // Plotly.react skips the data when layout.datarevision is unchanged: bump it on every draw.
  const revision = useRef(0);
  const points = props.data.reduce((s, t) => s + ((t as XY).x?.length ?? 0), 0);
  // An empty chart (no x points, no heatmap) says what will appear instead of drawing axes over nothing.
  const empty = points === 0 && !props.data.some((t) => 'z' in t);
  const emptyText = props.emptyText;
  const exportable = props.exportable ?? true;
  const scale = useContext(ChartScale);
  // the plot area grows half as much as the type: at full scale, step 3's per-epoch chart with three runs' legend
  // was 730 px tall in presentation mode, taller than a 1,280 × 800 projector shows between the bars
  const baseHeight = Math.round((props.height ?? 320) * (1 + (scale - 1) / 2));
  const given = useMemo<Partial<Layout>>(
    () =>
      empty
        ? {
            ...props.layout,
            xaxis: { visible: false },
            yaxis: { visible: false },
            yaxis2: { visible: false, overlaying: 'y' },
            showlegend: false,
            annotations: [
              {
                text: wrapForPlotly(emptyText ?? 'Nothing to show yet.'),
                showarrow: false,
                xref: 'paper',
                yref: 'paper',
                x: 0.5,
                y: 0.5,
                font: { color: '#5a6270', size: Math.round(14 * scale) },
              },
            ],
          }
        : props.layout,
    [empty, emptyText, props.layout, scale],
  );
  // The chart's width, read again when it changes (a window resized, moved to a projector, presentation mode):
  // titles and legend entries are wrapped to it, the legend's room and place (`placeLegend`: at the plot's right
  // only from RIGHT_LEGEND_MIN_WIDTH) depend on it, and Plotly's own resizing keeps the layout it was given, so
  // legends overlapped the text below a chart after a resize. A window dragged wider draws each chart at most
  // once per frame: a chart has one queued draw at a time, which draws its latest props (`enqueueDraw`).
  const [observedWidth, setObservedWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setObservedWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    // The latest draw for this chart; one queued job per chart runs it (newer props replace older ones).
    latest.current = async () => {
      const P = await loadPlotly();
      const el = ref.current;
      if (!el) return;
      const traces = props.data as XY[];
      const names = traces.map((t) => t.name ?? '').join('\u0000');
      const lengths = traces.map((t) => t.x?.length ?? 0);
      // long titles and legend entries wrapped to the chart's width (Plotly never wraps them)
      const width = el.clientWidth || 600;
      const layout = placeLegend(given, width);
      const shown = wrapNames(plainTraces(props.data as Data[]), legendChars(layout, width, scale));
      const title = wrapTitle(layout.title, charsIn(width - 24, 9.5 * scale));
      const titled = typeof title.title?.text === 'string' && title.title.text !== '';
      const titleLine = Math.round(TITLE_LINE * scale);
      const titleRoom = titleLine * (title.lines - 1) + (titled ? TOOLBAR_ROOM : 0);
      const margin = scaleMargin({ ...BASE_LAYOUT.margin, ...layout.margin }, scale);
      const room = legendRoom(shown, layout, width - (margin.l ?? 0) - (margin.r ?? 0), scale);
      const height = baseHeight + room + titleRoom;
      margin.b = (margin.b ?? 0) + room;
      margin.t = (margin.t ?? 0) + titleRoom;
      // the title hangs from the toolbar's strip (container coordinates: 1 is the chart's top edge); Plotly
      // lifts a title of several lines by half a line per extra line, which the offset puts back
      const titleTop = TOOLBAR_ROOM + (titleLine / 2 + 2) * (title.lines - 1);
      const placedTitle = titled
        ? { ...title.title, yref: 'container' as const, y: 1 - titleTop / height, yanchor: 'top' as const }
        : title.title;
      // (and the width it was laid out for, and whether it may be downloaded: a config change needs a redraw too)
      const layoutJson =
        JSON.stringify(layout) + String(height) + String(exportable) + String(scale) + String(width);
      const prev = drawn.current;
      // equal content under a new identity (data written inline) counts as the same, for small charts
      const dataJson = points <= 5_000 ? JSON.stringify(props.data) : null;
      const last = drawnData.current;
      if (
        prev &&
        last &&
        prev.layout === layoutJson &&
        (last.data === props.data || (dataJson !== null && dataJson === last.json))
      )
        return;
      const appendOnly =
        prev !== null &&
        prev.names === names &&
        prev.layout === layoutJson &&
        !traces.some((t) => 'error_y' in t || 'z' in t || 'text' in t) &&
        lengths.every((n, i) => n >= prev.lengths[i]!) &&
        lengths.some((n, i) => n > prev.lengths[i]!);
      if (appendOnly) {
        // Streaming: send only the new points (no full redraw per point).
        const idx = lengths.map((_, i) => i).filter((i) => lengths[i]! > prev.lengths[i]!);
        const tail = (key: 'x' | 'y') =>
          idx.map((i) => Array.from(traces[i]![key] ?? []).slice(prev.lengths[i]));
        await P.extendTraces(el, { x: tail('x'), y: tail('y') } as never, idx);
      } else {
        await P.react(
          el,
          shown,
          withAutorange(
            {
              ...BASE_LAYOUT,
              font: { ...BASE_LAYOUT.font, size: Math.round(BASE_FONT_PX * scale) },
              ...layout,
              ...(placedTitle ? { title: placedTitle } : {}),
              height,
              margin,
            },
            ++revision.current,
          ),
          plotConfig({
            empty,
            exportable,
            filename: props.label,
            // The camera icon saves a PNG; this one saves an SVG (for slides and papers).
            svgButton: {
              name: 'Download as SVG',
              title: 'Download as SVG',
              // a disk, not a second camera beside the PNG one
              icon: P.Icons.disk ?? P.Icons.camera,
              click: (gd: Parameters<typeof P.downloadImage>[0]) => {
                void P.downloadImage(gd, {
                  format: 'svg',
                  filename: props.label,
                  width: el.clientWidth,
                  height,
                });
              },
            },
          }) as Partial<Config>,
        );
        // Plotly (re)built the mode bar with a Tab stop per button: one per toolbar; and its SVGs, hidden from
        // assistive technology (appended points change neither)
        rovingToolbar(el, props.label);
        for (const svg of el.querySelectorAll('svg.main-svg')) svg.setAttribute('aria-hidden', 'true');
      }
      if (!hoverBound.current) {
        hoverBound.current = true;
        (
          el as unknown as { on(ev: string, cb: (e: { points: { customdata?: unknown }[] }) => void): void }
        ).on('plotly_hover', (e) => onHover.current?.(e.points[0]?.customdata));
      }
      drawn.current = { names, lengths, layout: layoutJson };
      drawnData.current = { data: props.data, json: dataJson };
      el.setAttribute('data-drawn', String(points));
    };
    if (!queued.current) {
      queued.current = true;
      enqueueDraw(async () => {
        queued.current = false;
        const t0 = performance.now();
        await latest.current?.();
        // named in performance traces (the ui benchmark attributes long tasks to the chart that drew)
        performance.measure(`chart draw: ${props.label}`, { start: t0 });
      });
    }
  }, [props.data, given, baseHeight, props.label, points, empty, exportable, observedWidth, scale]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((P) => P.purge(el));
    };
  }, []);
  const figure = (
    <div
      ref={ref}
      className="plot"
      // a figure, not an image: an image's children are presentational, and this one holds the chart's toolbar
      // (its SVGs are hidden from assistive technology after each draw: the name says what the chart shows)
      role="figure"
      aria-label={props.label}
      data-points={points}
      style={{ minHeight: baseHeight }}
    />
  );
  // one grid item with its table, whether or not it has one yet (a chart's table sits under it, not in the next
  // cell; and the figure's element must not change when a table arrives: Plotly draws into it)
  return (
    <div className="plot-block">
      {figure}
      {props.table && props.table.rows.length > 0 && <ChartTable label={props.label} table={props.table} />}
    </div>
  );
}
