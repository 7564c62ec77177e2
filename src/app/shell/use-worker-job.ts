/**
 * One job on a worker, as every panel runs it: `run(work)` moves the status idle → running, runs `work`, and
 * goes back to idle however it ends; a stop (AbortError) is not reported, any other failure is, as
 * "<what> failed: <message>." Pause, resume and stop send the command to the worker (by default its own
 * methods, from `jobCommands`) and move the status by the transitions of `jobStatus`.
 */
import type * as Comlink from 'comlink';
import { useCallback, useReducer } from 'react';
import type { Bridge } from '../../bridge/worker-bridge';
import { isAbort, jobStatus } from './job-status';

export type JobCommand = 'pause' | 'resume' | 'stop';

interface JobWorker {
  pause(): void;
  resume(): void;
  stop(): void;
}

/** A worker whose one job is controlled by its own pause/resume/stop. */
const ownCommands = (w: Comlink.Remote<JobWorker>, command: JobCommand) => w[command]();

export function useWorkerJob<W extends JobWorker>(
  bridge: Bridge<W>,
  onError: (message: string) => void,
  what: string,
  /** How a command reaches the job, for a worker that runs more than one (keep it stable: module scope). */
  send: (w: Comlink.Remote<W>, command: JobCommand) => Promise<void> = ownCommands,
) {
  const [status, dispatch] = useReducer(jobStatus, 'idle');
  const run = useCallback(
    /** `label` names this job in its failure message when it is not the hook's `what`. */
    async <T>(work: () => Promise<T>, label = what): Promise<T | undefined> => {
      dispatch('start');
      try {
        // a pause the last job left (pressed after its last checkpoint) must not hold this one
        await bridge.run((w) => send(w, 'resume'));
        return await work();
      } catch (e) {
        // (one full stop: a message may end with its own)
        if (!isAbort(e)) onError(`${label} failed: ${(e as Error).message.replace(/\.$/, '')}.`);
        return undefined;
      } finally {
        dispatch('finish');
      }
    },
    [bridge, send, onError, what],
  );
  // a command to a worker that crashed or was ended meanwhile has nothing to reach: the crash is reported on its
  // own, and the job's own call ends with it (no unhandled rejection here)
  const command = useCallback(
    (c: JobCommand) => bridge.run((w) => send(w, c)).catch(() => undefined),
    [bridge, send],
  );
  const pause = useCallback(() => {
    void command('pause');
    dispatch('pause');
  }, [command]);
  const resume = useCallback(() => {
    void command('resume');
    dispatch('resume');
  }, [command]);
  const stop = useCallback(() => void command('stop'), [command]);
  return { status, run, pause, resume, stop };
}
