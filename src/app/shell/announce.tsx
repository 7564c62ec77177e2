/**
 * What a screen reader hears of a long job: that it started, and how it ended. A job's visible status line
 * changes every epoch, step or few iterations (a long sentence each ~1.6 s in training, 33 times in 1.5 s in
 * t-SNE), so it is not a live region (`aria-live="off"`); this polite region says the two moments that matter.
 */
import { useState } from 'react';

/**
 * The announcement for a job that is `running` or not: `started` when it starts; `finished(atStart)` when it
 * stops, given what `snapshot()` returned when it started (e.g. how many runs there were). Derived during render
 * (no effect): the text is in the same commit as the status it describes.
 */
export function useJobAnnouncement<S>(
  running: boolean,
  snapshot: () => S,
  started: string,
  finished: (atStart: S) => string,
): string {
  // `atStart` is what `snapshot()` gave at the start this page saw (none before the first start)
  // (mounted while a job runs, as after an error boundary's "Try again": its start is now)
  const [state, setState] = useState<{ running: boolean; atStart: { value: S } | null; text: string }>(
    () => ({
      running,
      atStart: running ? { value: snapshot() } : null,
      text: '',
    }),
  );
  if (state.running !== running) {
    const atStart = running ? { value: snapshot() } : state.atStart;
    setState({
      running,
      atStart,
      text: running ? started : atStart === null ? '' : finished(atStart.value),
    });
  }
  return state.text;
}

/** A visually hidden polite live region (`role="status"`), named `label`. */
export function Announcement(props: { text: string; label: string }) {
  return (
    <p className="visually-hidden" role="status" aria-label={props.label}>
      {props.text}
    </p>
  );
}
