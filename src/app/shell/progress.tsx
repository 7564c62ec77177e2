/** One progress bar per job: what it is, how far, how fast, how long is left. */
import { etaText } from './eta';

export interface JobProgress {
  label: string;
  done: number;
  total: number;
  startedAt: number;
  /** When `done` last changed (performance.now()). */
  updatedAt: number;
}

export function ProgressBar({ job }: { job: JobProgress }) {
  const elapsed = (job.updatedAt - job.startedAt) / 1000;
  const rate = job.done / Math.max(elapsed, 1e-3);
  const eta = etaText(job.done, job.total, job.startedAt, job.updatedAt);
  return (
    <div className="progress">
      <div className="progress-label">
        {/* before the first report the total is a placeholder 1: "0 / 1" would read as a count */}
        {job.label}:{' '}
        {job.done === 0 && job.total === 1
          ? 'starting…'
          : `${job.done.toLocaleString('en')} / ${job.total.toLocaleString('en')}`}
        {/* a rate only where it reads as one (sweep points take seconds each: "0/s" says nothing) */}
        {rate >= 1 && ` · ${rate.toFixed(0)}/s`}
        {eta && ` · ${eta}`}
      </div>
      <progress aria-label={job.label} max={job.total} value={job.done} />
    </div>
  );
}
