/**
 * Pause, resume and stop for a worker's long job. The job gets a signal from `start()` and calls
 * `checkpoint()` where it can yield; `stop()` aborts the signal (the job ends gracefully at its next check).
 * `start()` leaves a pause in place: one job in the UI may be several calls here (a private run, then its
 * baselines), and a pause pressed between two of them must hold the next one, not be forgotten while the UI
 * says "paused". A new job in the UI resumes first (`useWorkerJob`), so no pause outlives its job.
 */
export class JobControl {
  private paused = false;
  private waiters: (() => void)[] = [];
  private controller = new AbortController();

  start(): AbortSignal {
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Take pending messages (yield to the event loop, unless the caller just did) and hold while paused. */
  async checkpoint(yieldFirst = true): Promise<void> {
    if (yieldFirst) await new Promise((r) => setTimeout(r, 0));
    if (this.paused) await new Promise<void>((r) => this.waiters.push(r));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  stop(): void {
    this.controller.abort();
    this.resume();
  }
}

/** The pause/resume/stop methods a worker exposes for its `JobControl` (spread into its comlink API). */
export function jobCommands(control: JobControl) {
  return {
    pause(): void {
      control.pause();
    },
    resume(): void {
      control.resume();
    },
    stop(): void {
      control.stop();
    },
  };
}
