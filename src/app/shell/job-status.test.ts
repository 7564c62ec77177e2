import { describe, expect, it } from 'vitest';
import { isAbort, jobStatus, type JobEvent, type JobStatus } from './job-status';

const run = (events: JobEvent[], from: JobStatus = 'idle') => events.reduce(jobStatus, from);

describe('jobStatus', () => {
  it('follows start, pause, resume and finish', () => {
    expect(run(['start'])).toBe('running');
    expect(run(['start', 'pause'])).toBe('paused');
    expect(run(['start', 'pause', 'resume'])).toBe('running');
    expect(run(['start', 'pause', 'finish'])).toBe('idle');
    expect(run(['start', 'finish'])).toBe('idle');
  });

  it('ignores commands that do not apply: nothing resumes or pauses an idle job', () => {
    expect(run(['pause'])).toBe('idle');
    expect(run(['resume'])).toBe('idle');
    expect(run(['finish', 'resume'])).toBe('idle');
    // a pause that crosses the job's end must not leave it "paused" (or "running") after it finished
    expect(run(['start', 'finish', 'pause'])).toBe('idle');
    expect(run(['start', 'pause', 'finish', 'resume'])).toBe('idle');
    // resume while running and a second start change nothing
    expect(run(['start', 'resume', 'start'])).toBe('running');
    expect(run(['start', 'pause', 'start', 'pause'])).toBe('paused');
  });
});

describe('isAbort', () => {
  it('is true only for errors named AbortError', () => {
    const abort = new Error('stopped');
    abort.name = 'AbortError';
    expect(isAbort(abort)).toBe(true);
    expect(isAbort(new DOMException('stopped', 'AbortError'))).toBe(true);
    expect(isAbort(new Error('out of memory'))).toBe(false);
    expect(isAbort('AbortError')).toBe(false);
  });
});
