/** The bridge to workers/compute.worker.ts. */
import type { ComputeApi } from '../../workers/shared/contracts';
import type { BackendInfo } from '../../workers/shared/contracts';
import { isBackendName, type BackendName } from '../lib/backend/choose';
import { createBridge } from './worker-bridge';

/** ?backend=webgpu|wasm|webgl|cpu forces a backend (used by tests to exercise WebGPU on a software adapter). */
export function forcedBackend(search: string = location.search): BackendName | null {
  const v = new URLSearchParams(search).get('backend');
  return isBackendName(v) ? v : null;
}

export function createComputeBridge(handlers: {
  onBackend: (info: BackendInfo) => void;
  onCrash: (message: string) => void;
}) {
  return createBridge<ComputeApi>(
    () =>
      new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), {
        type: 'module',
        name: 'compute',
      }),
    {
      onCrash: handlers.onCrash,
      onStart: async (remote) => handlers.onBackend(await remote.init(forcedBackend())),
    },
  );
}
export type ComputeBridge = ReturnType<typeof createComputeBridge>;
