import { describe, expect, it } from 'vitest';
import { JobControl } from './job-control';

/** Resolves to true if `p` settles within a few event-loop turns. */
async function settles(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return done;
}

describe('JobControl', () => {
  it('holds a job at its checkpoint while paused and lets it go on resume', async () => {
    const c = new JobControl();
    c.start();
    c.pause();
    const held = c.checkpoint();
    expect(await settles(held)).toBe(false);
    c.resume();
    expect(await settles(held)).toBe(true);
  });

  it('keeps a pause pressed between two calls of one job (a run, then its baseline)', async () => {
    const c = new JobControl();
    c.start(); // the private run ends...
    c.pause(); // ...the user pauses while the baseline's embeddings are prepared...
    const signal = c.start(); // ...and the baseline starts: it must wait
    expect(await settles(c.checkpoint())).toBe(false);
    expect(signal.aborted).toBe(false);
    c.stop(); // stop releases the hold and aborts
    expect(signal.aborted).toBe(true);
  });

  it('a stop aborts only the job that was running', () => {
    const c = new JobControl();
    const first = c.start();
    c.stop();
    const second = c.start();
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
  });
});
