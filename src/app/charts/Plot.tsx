/**
 * A small plotly adapter: plotly (~95% of the page's JavaScript) loads lazily on first use; each data
 * change goes through Plotly.react (which diffs traces), at most once per animation frame.
 * `data-points` carries the number of drawn points so tests can wait for what is on screen.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';

type PlotlyModule = typeof import('plotly.js-dist-min');
let plotly: Promise<PlotlyModule> | null = null;
const loadPlotly = () =>
  (plotly ??= import('plotly.js-dist-min').then(
    (m) => (m as unknown as { default?: PlotlyModule }).default ?? m,
  ));

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 56, t: 32, b: 96 },
  font: { family: 'system-ui, sans-serif', size: 13, color: '#1b1f24' },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#fff',
  legend: { orientation: 'h', y: -0.28, yanchor: 'top' },
  colorway: PALETTE,
};

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

export function Plot(props: {
  data: Partial<Data>[];
  layout: Partial<Layout>;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const frame = useRef<number | null>(null);
  const points = props.data.reduce(
    (s, t) => s + (((t as { x?: unknown[] }).x?.length as number | undefined) ?? 0),
    0,
  );
  useEffect(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      void loadPlotly().then((P) => {
        if (!ref.current) return;
        void P.react(
          ref.current,
          props.data as Data[],
          withAutorange({ ...BASE_LAYOUT, height: props.height ?? 320, ...props.layout }, points),
          {
            displaylogo: false,
            responsive: true,
            modeBarButtonsToRemove: ['lasso2d', 'select2d'],
          },
        ).then(() => ref.current?.setAttribute('data-drawn', String(points)));
      });
    });
  }, [props.data, props.layout, props.height, points]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((P) => P.purge(el));
    };
  }, []);
  return (
    <div
      ref={ref}
      className="plot"
      role="img"
      aria-label={props.label}
      data-points={points}
      style={{ minHeight: props.height ?? 320 }}
    />
  );
}
