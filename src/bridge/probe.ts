/** The bridge to workers/probe.worker.ts (embedding + probe training). */
import type { ProbeApi } from '../../workers/shared/contracts';
import { forcedBackend } from './compute';
import { createBridge } from './worker-bridge';

export function createProbeBridge(
  onCrash: (message: string) => void,
  onBackend: (name: string) => void = () => {},
) {
  return createBridge<ProbeApi>(
    () =>
      new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), {
        type: 'module',
        name: 'probe',
      }),
    {
      onCrash,
      onStart: async (remote) => onBackend((await remote.init(forcedBackend())).backend),
    },
  );
}
export type ProbeBridge = ReturnType<typeof createProbeBridge>;
