/**
 * A worker job's status as a reducer with explicit transitions: a command that does not apply in the current
 * status (pause while idle, resume while running, a second start) changes nothing, so a late click or a
 * message that crosses a finishing job cannot leave the UI saying "running" after the job has ended.
 */
export type JobStatus = 'idle' | 'running' | 'paused';
export type JobEvent = 'start' | 'pause' | 'resume' | 'finish';

const TRANSITIONS: Record<JobStatus, Partial<Record<JobEvent, JobStatus>>> = {
  idle: { start: 'running' },
  running: { pause: 'paused', finish: 'idle' },
  paused: { resume: 'running', finish: 'idle' },
};

export function jobStatus(status: JobStatus, event: JobEvent): JobStatus {
  return TRANSITIONS[status][event] ?? status;
}

/** A stop or a terminated worker rejects with an AbortError: that is the user's choice, not a failure to show. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
