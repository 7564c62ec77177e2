/**
 * The configuration and the URL hash, both ways. Writes: debounced (a dragged slider changes it many times a
 * second) and guarded (Safari throws a SecurityError after 100 replaceState calls in 10 s; a failed write must
 * not blank the app, the next change tries again). Reads: a hash the user puts in the address bar of the open
 * page (a pasted link, an anchor such as "#finetune") goes to `onLink`; when it declines it (an anchor, or a
 * link that cannot be applied now), the address bar gets the configuration back, so a copied URL shares it.
 * The lab's own writes (replaceState) fire no hashchange.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';

export const HASH_DEBOUNCE_MS = 300;

export function useHashSync(
  hash: string,
  /** A hash from the address bar: true when it was applied (the configuration then follows it). */
  onLink?: (hash: string) => boolean,
  onError?: (e: Error) => void,
) {
  const last = useRef<string | null>(null);
  useEffect(() => {
    // the address bar as this change found it: if it changes before the write (a link pasted into it, applied
    // by `onLink`), the write would put the old settings back over the link: skipped
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
  // the latest hash and handler, for the listener; layout effects, so they are in place as soon as the page is on
  // screen (a passive effect runs after paint)
  const latest = useRef({ hash, onLink });
  useLayoutEffect(() => {
    latest.current = { hash, onLink };
  }, [hash, onLink]);
  useLayoutEffect(() => {
    const onHashChange = () => {
      const now = latest.current;
      if (!now.onLink?.(location.hash)) history.replaceState(null, '', now.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
}
