/** The bridge to workers/accountant.worker.ts (PLD ε and calibration off the main thread). */
import type { AccountantApi } from '../../workers/shared/contracts';
import { createBridge } from './worker-bridge';

export function createAccountantBridge(onCrash?: (message: string) => void) {
  return createBridge<AccountantApi>(
    () =>
      new Worker(new URL('../../workers/accountant.worker.ts', import.meta.url), {
        type: 'module',
        name: 'accountant',
      }),
    onCrash ? { onCrash } : {},
  );
}
export type AccountantBridge = ReturnType<typeof createAccountantBridge>;
