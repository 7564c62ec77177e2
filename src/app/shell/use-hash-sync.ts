/**
 * Writes the configuration to the URL hash: debounced (a dragged slider changes it many times a second) and
 * guarded (Safari throws a SecurityError after 100 replaceState calls in 10 s; a failed write must not blank
 * the app, the next change tries again).
 */
import { useEffect, useRef } from 'react';

export const HASH_DEBOUNCE_MS = 300;

export function useHashSync(hash: string, onError?: (e: Error) => void) {
  const last = useRef<string | null>(null);
  useEffect(() => {
    // the address bar as this change found it: if it changes before the write (a link pasted into it, which the
    // page's hashchange handler applies), the write would put the old settings back over the link: skipped
    const seen = location.hash;
    const t = setTimeout(() => {
      if (hash === last.current || hash === location.hash || location.hash !== seen) return;
      try {
        history.replaceState(null, '', hash);
        last.current = hash;
      } catch (e) {
        onError?.(e as Error);
      }
    }, HASH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [hash, onError]);
}
