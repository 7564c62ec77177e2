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
  const crashListeners = new Set<(e: Error) => void>();

  const stop = () => {
    if (remote) remote[Comlink.releaseProxy]();
    worker?.terminate();
    worker = null;
    remote = null;
    ready = null;
  };

  const start = () => {
    if (remote && ready) return { remote, ready };
    worker = factory();
    const r = Comlink.wrap<Api>(worker);
    remote = r;
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      const message = `The worker stopped: ${ev.message || 'it failed to load or crashed'}`;
      stop();
      options.onCrash?.(message);
      for (const l of crashListeners) l(new WorkerCrashedError(message));
    });
    ready = options.onStart ? options.onStart(r) : Promise.resolve();
    return { remote: r, ready };
  };

  return {
    terminate: stop,
    run<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>, signal?: AbortSignal): Promise<R> {
      if (signal?.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
      const { remote: r, ready: rd } = start();
      return new Promise<R>((resolve, reject) => {
        const onAbort = () => {
          stop();
          reject(new DOMException('Aborted', 'AbortError'));
        };
        const onCrash = (e: Error) => reject(e);
        const cleanup = () => {
          signal?.removeEventListener('abort', onAbort);
          crashListeners.delete(onCrash);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        crashListeners.add(onCrash);
        rd.then(() => fn(r)).then(
          (v) => {
            cleanup();
            resolve(v);
          },
          (e) => {
            cleanup();
            reject(e);
          },
        );
      });
    },
  };
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
