/**
 * "about 1 min 20 s left" for a job that has done `done` of `total` units since `startedAt` (ms, any clock
 * shared with `now`), extrapolating its average rate; empty before the first unit and after the last.
 */
export function etaText(done: number, total: number, startedAt: number, now = performance.now()): string {
  const elapsed = (now - startedAt) / 1000;
  if (done <= 0 || elapsed <= 0 || done >= total) return '';
  return secondsLeftText(((total - done) * elapsed) / done);
}

/** "about 1 min 20 s left" for an estimate in seconds (rounded up): every estimate of the lab in one format. */
export function secondsLeftText(seconds: number): string {
  const s = Math.ceil(seconds);
  return s >= 60 ? `about ${Math.floor(s / 60)} min ${s % 60} s left` : `about ${s} s left`;
}
