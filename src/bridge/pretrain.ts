/** The bridge to workers/pretrain.worker.ts (SimCLR in the browser). */
import type { PretrainApi } from '../../workers/shared/contracts';
import { forcedBackend } from './compute';
import { createBridge } from './worker-bridge';

export function createPretrainBridge(onCrash: (message: string) => void, onBackend: (name: string) => void) {
  return createBridge<PretrainApi>(
    () =>
      new Worker(new URL('../../workers/pretrain.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pretrain',
      }),
    {
      onCrash,
      onStart: async (remote) => onBackend((await remote.init(forcedBackend())).backend),
    },
  );
}
export type PretrainBridge = ReturnType<typeof createPretrainBridge>;
