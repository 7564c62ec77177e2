/**
 * One Tab stop per chart toolbar (the WAI-ARIA toolbar pattern): Plotly's mode bar is a `role="toolbar"` of 5
 * buttons (zoom, pan, reset, PNG, SVG), each a Tab stop, so a keyboard user crossed 5 per chart, about 30 in
 * step 3. Now Tab enters a toolbar at its last-used button and leaves it; ← → move within it (wrapping), Home
 * and End go to its ends. Plotly rebuilds the buttons when a chart's config changes, so `rovingToolbar` runs
 * after every draw; it keeps the last-used button's place by its title.
 */

/** The button a key moves to from `current` among `count`, or null for a key the toolbar does not handle. */
export function toolbarMove(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

const bound = new WeakSet<HTMLElement>();
/** The title of each toolbar's last-used button (the one Tab enters at). */
const lastUsed = new WeakMap<HTMLElement, string>();

/** Makes the `stop`-th button the toolbar's one Tab stop. */
const setStop = (buttons: readonly HTMLElement[], stop: number) =>
  buttons.forEach((b, i) => b.setAttribute('tabindex', i === stop ? '0' : '-1'));

/** Makes the chart's mode bar (if any, inside `chart`) one Tab stop named "`label`: chart tools". */
export function rovingToolbar(chart: HTMLElement, label: string): void {
  const bar = chart.querySelector<HTMLElement>('[role="toolbar"]');
  if (!bar) return;
  bar.setAttribute('aria-label', `${label}: chart tools`);
  const buttons = () => Array.from(bar.querySelectorAll<HTMLElement>('button'));
  const all = buttons();
  const title = lastUsed.get(bar);
  const stop = Math.max(
    0,
    all.findIndex((b) => b.dataset['title'] === title),
  );
  setStop(all, stop);
  if (bound.has(bar)) return;
  bound.add(bar);
  bar.addEventListener('keydown', (e) => {
    const list = buttons();
    const current = list.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    const next = toolbarMove(e.key, current, list.length);
    if (next === null) return;
    e.preventDefault();
    setStop(list, next);
    lastUsed.set(bar, list[next]!.dataset['title'] ?? '');
    list[next]!.focus();
  });
}
