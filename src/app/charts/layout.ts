/** Chart layouts as the panels write them: a title and the two axes' titles, each with its own options. */
import type { Layout, LayoutAxis } from 'plotly.js-dist-min';

type Axis = [title: string, options?: Partial<LayoutAxis>];

export function titledLayout(title: string, x: Axis, y: Axis, rest: Partial<Layout> = {}): Partial<Layout> {
  return {
    title: { text: title },
    xaxis: { title: { text: x[0] }, ...x[1] },
    yaxis: { title: { text: y[0] }, ...y[1] },
    ...rest,
  };
}
