/**
 * plotly.js types its whole bundle (`plotly.js`), not the modules a custom bundle is built from (plotly-lab.ts):
 * the core has the same API; a trace module is only ever passed to `register`.
 */
declare module 'plotly.js/lib/core' {
  import * as Plotly from 'plotly.js';
  export default Plotly;
}
declare module 'plotly.js/lib/bar' {
  const trace: Exclude<Parameters<typeof import('plotly.js').register>[0], unknown[]>;
  export default trace;
}
declare module 'plotly.js/lib/heatmap' {
  const trace: Exclude<Parameters<typeof import('plotly.js').register>[0], unknown[]>;
  export default trace;
}
