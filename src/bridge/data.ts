/** The bridge to workers/data.worker.ts (zip, decode, hashes). */
import type { DataApi } from '../../workers/shared/contracts';
import { createBridge } from './worker-bridge';

export function createDataBridge(onCrash: (message: string) => void) {
  return createBridge<DataApi>(
    () =>
      new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' }),
    { onCrash },
  );
}
export type DataBridge = ReturnType<typeof createDataBridge>;
