/**
 * The geometry of a t-SNE map drawn on a canvas (PointMap.tsx): where each point lands in the canvas, and which
 * point is under the pointer. Pure (no DOM), so it is unit-tested.
 *
 * Why a canvas and not Plotly: Plotly draws a scatter as one SVG element per point, and redrawing a map of the
 * default 3,000 points as t-SNE streams took 150 ms on average and up to 285 ms per map on this 2-core machine,
 * with main-thread tasks up to 365 ms (30 of 51 over 200 ms in one run); Plotly's WebGL scatter compiles code
 * with Function, which the page's CSP forbids. A canvas draws the same map in a few milliseconds. A t-SNE map
 * has no meaningful axes, so nothing of Plotly's is lost but its toolbar (the map has its own PNG download).
 */

/** `xy` (x0, y0, x1, y1, …) placed in a width × height box with `pad` pixels inside each edge, y up. */
export function placePoints(xy: ArrayLike<number>, width: number, height: number, pad: number): Float32Array {
  const n = Math.floor(xy.length / 2);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const out = new Float32Array(2 * n).fill(NaN);
  if (!(x1 >= x0)) return out;
  // one scale for both axes (distances in a t-SNE map are its content: no stretching), centred
  const w = Math.max(1, width - 2 * pad);
  const h = Math.max(1, height - 2 * pad);
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const s = Math.min(w, h) / span;
  const ox = pad + (w - (x1 - x0) * s) / 2;
  const oy = pad + (h - (y1 - y0) * s) / 2;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    out[2 * i] = ox + (x - x0) * s;
    out[2 * i + 1] = height - (oy + (y - y0) * s);
  }
  return out;
}

/** The index of the placed point nearest (px, py) within `radius` pixels, or null. */
export function nearestPoint(placed: Float32Array, px: number, py: number, radius: number): number | null {
  let best: number | null = null;
  let bestD = radius * radius;
  for (let i = 0; i < placed.length / 2; i++) {
    const dx = placed[2 * i]! - px;
    const dy = placed[2 * i + 1]! - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
