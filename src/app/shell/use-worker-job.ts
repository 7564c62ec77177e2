/**
 * One job on a worker, as every panel runs it: `run(work)` moves the status idle → running, runs `work`, and
 * goes back to idle however it ends; a stop (AbortError) is not reported, any other failure is, as
 * "<what> failed: <message>." Pause, resume and stop send the command to the worker (which spreads
 * `jobCommands`) and move the status by the transitions of `jobStatus`.
 */
import { useCallback, useReducer } from 'react';
import type { Bridge } from '../../bridge/worker-bridge';
import { isAbort, jobStatus } from './job-status';

interface JobWorker {
  pause(): void;
  resume(): void;
  stop(): void;
}

export function useWorkerJob<W extends JobWorker>(
  bridge: Bridge<W>,
  onError: (message: string) => void,
  what: string,
) {
  const [status, dispatch] = useReducer(jobStatus, 'idle');
  const run = useCallback(
    async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      dispatch('start');
      try {
        return await work();
      } catch (e) {
        if (!isAbort(e)) onError(`${what} failed: ${(e as Error).message}.`);
        return undefined;
      } finally {
        dispatch('finish');
      }
    },
    [onError, what],
  );
  const pause = useCallback(() => {
    void bridge.run((w) => w.pause());
    dispatch('pause');
  }, [bridge]);
  const resume = useCallback(() => {
    void bridge.run((w) => w.resume());
    dispatch('resume');
  }, [bridge]);
  const stop = useCallback(() => void bridge.run((w) => w.stop()), [bridge]);
  return { status, run, pause, resume, stop };
}
