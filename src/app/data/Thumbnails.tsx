/** A few images per class, drawn from the stored bytes (grayscale or RGB) onto small canvases. */
import { useEffect, useRef } from 'react';
import type { ImageDataset } from '../../lib/data/dataset';

function Thumb({ d, index }: { d: ImageDataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const n = d.width * d.height;
    const img = ctx.createImageData(d.width, d.height);
    const base = index * n * d.channels;
    for (let p = 0; p < n; p++) {
      const r = d.images[base + p * d.channels]!;
      img.data[4 * p] = r;
      img.data[4 * p + 1] = d.channels === 3 ? d.images[base + 3 * p + 1]! : r;
      img.data[4 * p + 2] = d.channels === 3 ? d.images[base + 3 * p + 2]! : r;
      img.data[4 * p + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [d, index]);
  return (
    <canvas
      ref={ref}
      width={d.width}
      height={d.height}
      title={d.paths?.[index] ?? d.classNames[d.labels[index]!]}
    />
  );
}

/** Classes shown with thumbnails at most (a canvas each: thousands took the page seconds to draw). */
const SHOWN_CLASSES = 50;

export function Thumbnails({ dataset, perClass = 8 }: { dataset: ImageDataset; perClass?: number }) {
  const shown = dataset.classNames.slice(0, SHOWN_CLASSES);
  const byClass = shown.map(() => [] as number[]);
  for (let i = 0; i < dataset.labels.length; i++) {
    const list = byClass[dataset.labels[i]!];
    if (list && list.length < perClass) list.push(i);
  }
  const more = dataset.classNames.length - shown.length;
  return (
    <div className="thumbs" aria-label="Thumbnails per class">
      {shown.map((name, c) => (
        <div key={name} className="thumb-row">
          <span className="thumb-label">{name}</span>
          {byClass[c]!.map((i) => (
            <Thumb key={i} d={dataset} index={i} />
          ))}
        </div>
      ))}
      {more > 0 && (
        <p className="note">
          The first {SHOWN_CLASSES} classes are shown; {more.toLocaleString('en')} more are in the table
          above.
        </p>
      )}
    </div>
  );
}
