/**
 * One bridge per worker: starts it lazily, forwards an AbortSignal (abort terminates the worker; the next
 * call gets a fresh one), reports a crashed worker with its message, and throttles progress callbacks to
 * one per animation frame. Typed by the worker's exported API.
 */
import * as Comlink from 'comlink';

export type Progress<T extends unknown[]> = (...args: T) => void;

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

export interface Bridge<Api> {
  /** Runs `fn` against the worker; rejects with an AbortError when `signal` fires (worker terminated). */
  run<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>, signal?: AbortSignal): Promise<R>;
  terminate(): void;
}

export function createBridge<Api>(
  factory: () => Worker,
  options: {
    onCrash?: (message: string) => void;
    onStart?: (remote: Comlink.Remote<Api>) => Promise<void>;
  } = {},
): Bridge<Api> {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<Api> | null = null;
  let ready: Promise<void> | null = null;
  // Every call in flight: when the worker goes (crash, abort of any call, terminate), each one is rejected,
  // so no caller is left waiting on a worker that no longer exists.
  const pending = new Set<(e: Error) => void>();

  const stop = (reason: Error = new DOMException('The worker was stopped', 'AbortError')) => {
    if (remote) remote[Comlink.releaseProxy]();
    worker?.terminate();
    worker = null;
    remote = null;
    ready = null;
    for (const reject of [...pending]) reject(reason);
  };

  const start = () => {
    if (remote && ready) return { remote, ready };
    worker = factory();
    const r = Comlink.wrap<Api>(worker);
    remote = r;
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      const message = `The worker stopped: ${ev.message || 'it failed to load or crashed'}`;
      stop(new WorkerCrashedError(message));
      options.onCrash?.(message);
    });
    const started = options.onStart ? options.onStart(r) : Promise.resolve();
    ready = started;
    // a start that failed (a backend that would not load) is not kept for the page's life: once the calls
    // waiting on it have their error, this worker goes, and the next call starts a fresh one and tries again
    started.catch(() =>
      setTimeout(() => {
        if (ready === started) stop(new Error('the worker did not start'));
      }, 0),
    );
    return { remote: r, ready };
  };

  return {
    terminate: () => stop(),
    run<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>, signal?: AbortSignal): Promise<R> {
      if (signal?.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
      const { remote: r, ready: rd } = start();
      return new Promise<R>((resolve, reject) => {
        const onStopped = (e: Error) => {
          cleanup();
          reject(e);
        };
        const onAbort = () => {
          onStopped(new DOMException('Aborted', 'AbortError'));
          stop();
        };
        const cleanup = () => {
          signal?.removeEventListener('abort', onAbort);
          pending.delete(onStopped);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.add(onStopped);
        rd.then(() => fn(r)).then(
          (v) => {
            cleanup();
            resolve(v);
          },
          (e) => {
            cleanup();
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- relays fn's own rejection unchanged
            reject(e);
          },
        );
      });
    },
  };
}

/**
 * Runs `fn` with a signal that fires after `limitMs` (a bridge call given that signal ends its worker: the only
 * way to stop a runaway regex or loop); a call cut off this way rejects with `timeoutMessage`.
 */
export async function runWithTimeLimit<R>(
  fn: (signal: AbortSignal) => Promise<R>,
  limitMs: number,
  timeoutMessage: string,
  /** Ends the call early as well (e.g. a newer request replaces it); it then rejects with an AbortError. */
  signal?: AbortSignal,
): Promise<R> {
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), limitMs);
  const onAbort = () => {
    clearTimeout(t);
    timer.abort();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(timer.signal);
  } catch (e) {
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    if (timer.signal.aborted) throw new Error(timeoutMessage);
    throw e;
  } finally {
    clearTimeout(t);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Wraps a progress callback so that the UI hears at most one update per animation frame (the latest),
 * and returns it as a Comlink proxy ready to pass to the worker.
 */
export function throttledProgress<T extends unknown[]>(
  cb: Progress<T>,
  schedule: (f: () => void) => unknown = (f) => requestAnimationFrame(f),
): Progress<T> {
  let pending: T | null = null;
  const throttled = (...args: T) => {
    const first = pending === null;
    pending = args;
    if (first) {
      schedule(() => {
        const a = pending!;
        pending = null;
        cb(...a);
      });
    }
  };
  return Comlink.proxy(throttled);
}

/**
 * Marks buffers to be moved (not copied) to or from a worker: `run((w) => w.load(transfer(bytes, [bytes.buffer])))`.
 * Workers return results the same way with Comlink.transfer.
 */
export const transfer = Comlink.transfer;

/**
 * Jobs run one at a time, the newest first after the running one: a job given while one runs waits, and replaces
 * any job already waiting (which then never runs). For work whose newer request makes older ones moot (an
 * upload's split, asked again at every relabelling): a queue of them held a copy of the images each.
 */
export function latestOnly(): (job: () => Promise<void>) => void {
  let running = false;
  let waiting: (() => Promise<void>) | null = null;
  const run = async (job: () => Promise<void>): Promise<void> => {
    running = true;
    try {
      await job();
    } catch {
      // a job says its own errors; the next one runs regardless
    }
    const next = waiting;
    waiting = null;
    if (next) return run(next);
    running = false;
  };
  return (job) => {
    if (running) waiting = job;
    else void run(job);
  };
}
