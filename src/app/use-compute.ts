import { useCallback, useEffect, useMemo, useState } from 'react';
import { createComputeBridge } from '../bridge/compute';
import type { BackendInfo } from '../../workers/shared/contracts';

declare global {
  interface Window {
    __lab?: {
      selfTest(): Promise<{ backend: string; product: number[] }>;
      fail(message: string): Promise<string>;
      crash(message: string): Promise<void>;
    };
  }
}

export type BackendState =
  { status: 'starting' } | { status: 'ready'; info: BackendInfo } | { status: 'failed'; message: string };

/** Owns the compute bridge for the app's lifetime; exposes backend state and worker errors. */
export function useCompute() {
  const [backend, setBackend] = useState<BackendState>({ status: 'starting' });
  const [errors, setErrors] = useState<string[]>([]);
  // a message already on screen is not stacked again (stores re-read on another tab's change, or when the page
  // is shown again, report the same unreadable record each time)
  const reportError = useCallback(
    (message: string) => setErrors((e) => (e.includes(message) ? e : [...e, message])),
    [],
  );
  const bridge = useMemo(
    () =>
      createComputeBridge({
        onBackend: (info) => setBackend({ status: 'ready', info }),
        onCrash: reportError,
      }),
    [reportError],
  );
  useEffect(() => {
    bridge
      .run(() => Promise.resolve())
      .catch((e: Error) => setBackend({ status: 'failed', message: e.message }));
    // A small typed hook for end-to-end tests: numbers to assert on, never a way around the UI.
    window.__lab = {
      selfTest: () => bridge.run((w) => w.selfTest()),
      crash: (m) => bridge.run((w) => w.simulateCrash(m)),
      fail: (m) =>
        bridge
          .run((w) => w.fail(m))
          .then(
            () => '',
            (e: Error) => {
              reportError(`A worker job failed: ${e.message}.`);
              return e.message;
            },
          ),
    };
    return () => bridge.terminate();
  }, [bridge, reportError]);
  const dismissError = (i: number) => setErrors((e) => e.filter((_, k) => k !== i));
  return { bridge, backend, errors, reportError, dismissError };
}
