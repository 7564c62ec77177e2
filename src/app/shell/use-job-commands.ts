/** Pause and resume for a worker job (its worker spreads `jobCommands`): the status follows the command. */
import { useCallback } from 'react';
import type { Bridge } from '../../bridge/worker-bridge';

interface JobWorker {
  pause(): void;
  resume(): void;
}

export function useJobCommands(bridge: Bridge<JobWorker>, setStatus: (status: 'paused' | 'running') => void) {
  const pause = useCallback(() => {
    void bridge.run((w) => w.pause());
    setStatus('paused');
  }, [bridge, setStatus]);
  const resume = useCallback(() => {
    void bridge.run((w) => w.resume());
    setStatus('running');
  }, [bridge, setStatus]);
  return { pause, resume };
}
