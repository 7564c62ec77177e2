/** The bridge to workers/tsne.worker.ts (embeddings + t-SNE). */
import type { TsneApi } from '../../workers/shared/contracts';
import { forcedBackend } from './compute';
import { createBridge } from './worker-bridge';

export function createTsneBridge(onCrash: (message: string) => void) {
  return createBridge<TsneApi>(
    () =>
      new Worker(new URL('../../workers/tsne.worker.ts', import.meta.url), { type: 'module', name: 'tsne' }),
    {
      onCrash,
      onStart: async (remote) => {
        await remote.init(forcedBackend());
      },
    },
  );
}
