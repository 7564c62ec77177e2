/**
 * One t-SNE map on a canvas (why not Plotly: point-map.ts): its title, the points coloured by class, a legend,
 * the image under the pointer (or stepped to with the arrow keys), and a PNG download where the map may leave the
 * lab. Redrawn at most once per animation frame as the coordinates stream in.
 * `data-points` is the number of points given; `data-drawn` the number on the canvas once drawn (as Plot's).
 */
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ChartScale } from '../charts/Plot';
import { nearestPoint, placePoints } from './point-map';
import { download } from '../shell/files';

/** Pixels kept clear inside the canvas's edges, and how near the pointer must be to a point to pick it. */
const PAD = 10;
const PICK_RADIUS = 8;

/** The placed points as filled dots, one path per colour (a few fills, not one per point). */
function drawPoints(
  ctx: CanvasRenderingContext2D,
  xy: Float32Array,
  labels: ArrayLike<number> | null,
  colour: (c: number) => string,
  radius: number,
): void {
  const byColour = new Map<string, number[]>();
  for (let i = 0; i < xy.length / 2; i++) {
    if (Number.isNaN(xy[2 * i]!)) continue;
    const c = labels && labels.length > i ? colour(labels[i]!) : '#888';
    let list = byColour.get(c);
    if (!list) byColour.set(c, (list = []));
    list.push(i);
  }
  for (const [c, list] of byColour) {
    ctx.fillStyle = c;
    ctx.beginPath();
    for (const i of list) {
      ctx.moveTo(xy[2 * i]! + radius, xy[2 * i + 1]!);
      ctx.arc(xy[2 * i]!, xy[2 * i + 1]!, radius, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
}

export function PointMap(props: {
  /** The map's accessible name (and the PNG's file name). */
  label: string;
  title: string;
  /** x0, y0, x1, y1, …; null before the first frame. */
  points: ArrayLike<number> | null;
  /** Each point's class, or null (all grey) until the labels arrive. */
  labels: ArrayLike<number> | null;
  classNames: readonly string[];
  colour: (c: number) => string;
  showLegend: boolean;
  /** False for a map of private images: no PNG leaves the lab (nothing per example through an export). */
  exportable: boolean;
  /** The point under the pointer or stepped to (its index). */
  onPick: (index: number) => void;
  height: number;
  /** Shown under the map, above its download (the kNN accuracy). */
  caption?: ReactNode;
  /** Shown over the map's top-left corner (the picked image: beside the map being explored, even when stacked). */
  overlay?: ReactNode;
}) {
  const scale = useContext(ChartScale);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<number | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [width, setWidth] = useState(0);
  const n = props.points ? Math.floor(props.points.length / 2) : 0;
  const height = Math.round(props.height * scale);
  const radius = 2 * scale;
  const { points, labels, colour } = props;
  // placed once per frame of coordinates and size: a pick (every pointer move onto a new point) only redraws
  const placed = useMemo(
    () => (points && width > 0 ? placePoints(points, width, height, PAD) : new Float32Array(0)),
    [points, width, height],
  );
  // the classes shown: in the legend beside the map and in its PNG
  const present = useMemo(
    () => (labels ? [...new Set(Array.from(labels))].sort((a, b) => a - b) : []),
    [labels],
  );

  // the canvas follows its box's width (a resize, presentation mode)
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const frame = requestAnimationFrame(() => {
      const dpr = window.devicePixelRatio || 1;
      el.width = Math.round(width * dpr);
      el.height = Math.round(height * dpr);
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const xy = placed;
      drawPoints(ctx, xy, labels, colour, radius);
      if (picked !== null && picked < xy.length / 2 && !Number.isNaN(xy[2 * picked]!)) {
        ctx.strokeStyle = '#1b1f24';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(xy[2 * picked]!, xy[2 * picked + 1]!, radius + 4, 0, 2 * Math.PI);
        ctx.stroke();
      }
      setDrawn(n);
    });
    return () => cancelAnimationFrame(frame);
  }, [placed, labels, colour, width, height, radius, picked, n]);

  const pick = (i: number | null) => {
    if (i === null || i === picked) return;
    setPicked(i);
    props.onPick(i);
  };
  // the PNG: the map on white with its title and legend, at twice its size, without the pick ring
  const downloadPng = () => {
    const out = document.createElement('canvas');
    const titleRoom = 36;
    const legendRoom = present.length ? 170 : 0;
    const k = 2;
    out.width = (width + legendRoom) * k;
    out.height = (height + titleRoom) * k;
    const ctx = out.getContext('2d');
    if (!ctx) return;
    ctx.scale(k, k);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width + legendRoom, height + titleRoom);
    ctx.fillStyle = '#1b1f24';
    ctx.font = '600 16px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(props.title, width / 2, 24, width - 8);
    ctx.save();
    ctx.translate(0, titleRoom);
    drawPoints(ctx, placed, labels, colour, radius);
    ctx.restore();
    ctx.font = '13px system-ui, sans-serif';
    ctx.textAlign = 'left';
    present.forEach((c, i) => {
      const y = titleRoom + 16 + i * 20;
      ctx.fillStyle = colour(c);
      ctx.beginPath();
      ctx.arc(width + 12, y - 4, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#1b1f24';
      ctx.fillText(props.classNames[c] ?? `class ${c}`, width + 24, y, legendRoom - 28);
    });
    out.toBlob((blob) => blob && download(`${props.label}.png`, blob, 'image/png'), 'image/png');
  };
  return (
    <div className="point-map">
      <p className="map-title">{props.title}</p>
      <div className="map-body">
        <div className="map-frame">
          <div
            className="plot"
            role="img"
            aria-label={props.label}
            aria-description={
              n
                ? 'The left and right arrow keys step through the points and show each image; Home and End go to the first and the last.'
                : undefined
            }
            tabIndex={n ? 0 : -1}
            data-points={n}
            data-drawn={drawn ?? undefined}
            onKeyDown={(e) => {
              if (!n) return;
              // → and ← step through the points (wrapping), Home and End go to the first and the last
              const keys: Record<string, number> = {
                Home: 0,
                End: n - 1,
                ArrowRight: picked === null ? 0 : (picked + 1) % n,
                ArrowLeft: picked === null ? n - 1 : (picked - 1 + n) % n,
              };
              const next = keys[e.key];
              if (next === undefined) return;
              e.preventDefault();
              pick(next);
            }}
          >
            <canvas
              ref={canvas}
              style={{ width: '100%', height }}
              onMouseMove={(e) => {
                const box = e.currentTarget.getBoundingClientRect();
                pick(nearestPoint(placed, e.clientX - box.left, e.clientY - box.top, PICK_RADIUS));
              }}
            />
            {n === 0 && <p className="map-empty">Nothing to show yet.</p>}
          </div>
          {props.overlay}
        </div>
        {props.showLegend && present.length > 0 && (
          <ul className="map-legend" aria-label={`${props.label}: classes`}>
            {present.map((c) => (
              <li key={c}>
                <span className="swatch" style={{ background: props.colour(c) }} />
                {props.classNames[c] ?? `class ${c}`}
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.caption}
      {props.exportable && n > 0 && (
        <button
          type="button"
          className="map-download"
          aria-label={`Download PNG of ${props.label}`}
          onClick={downloadPng}
        >
          Download PNG
        </button>
      )}
    </div>
  );
}
