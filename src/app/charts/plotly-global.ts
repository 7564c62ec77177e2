/**
 * One of plotly.js's small dependencies (has-hover) reads Node's `global`, which browsers do
 * not define; bundling Plotly from its modules (plotly-lab.ts) needs it, so it is defined as the page's global
 * object before they load. Imported first by plotly-lab.ts, so it runs only when the charts' bundle loads.
 */
const scope = globalThis as { global?: unknown };
scope.global ??= globalThis;
