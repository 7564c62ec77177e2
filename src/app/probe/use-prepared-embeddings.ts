/**
 * The private data's embeddings as the probe worker holds them: made once per encoder (with progress),
 * re-made when the worker no longer has them (evicted, or the worker restarted), and the browser's cache of them.
 */
import { type Dispatch, type SetStateAction, useCallback, useRef, useState } from 'react';
import type { ProbeBridge } from '../../bridge/probe';
import { throttledProgress } from '../../bridge/worker-bridge';
import type { JobProgress } from '../shell/progress';
import { preparedKey } from './probe-config';
import type {
  EncoderSource,
  PreparedEmbeddings,
  PrivateSource,
  Subsample,
} from '../../../workers/shared/contracts';

export function usePreparedEmbeddings(
  bridge: ProbeBridge,
  source: PrivateSource,
  /** The panel's one progress bar: embedding shows on it, and clears it when done. */
  setProgress: Dispatch<SetStateAction<JobProgress | null>>,
) {
  const [prepared, setPrepared] = useState<Record<string, PreparedEmbeddings>>({});
  const [lastPrepared, setLastPrepared] = useState<PreparedEmbeddings | null>(null);
  /** The embeddings cache in IndexedDB: what it holds (known once the probe worker has run). */
  const [cacheUsage, setCacheUsage] = useState<{ entries: number; bytes: number; capBytes: number } | null>(
    null,
  );
  const embedding = useRef<AbortController | null>(null);

  const prepare = useCallback(
    /** `src`: other private data than the current (a stored run's, embedded again for its audit). */
    async (enc: EncoderSource, sub?: Subsample, src: PrivateSource = source) => {
      const label =
        enc.kind === 'random'
          ? `Embedding the private images (random encoder${sub ? `, first ${sub.train.toLocaleString('en')}` : ''})`
          : `Embedding the private images (${enc.kind === 'pixels' ? 'raw pixels' : 'the chosen encoder'})`;
      const now = performance.now();
      setProgress({ label, done: 0, total: 1, startedAt: now, updatedAt: now });
      // Stop aborts the embedding (the worker is ended; its caches go with it).
      const ac = new AbortController();
      embedding.current = ac;
      const info = await bridge
        .run(
          (w) =>
            w.prepare(
              src,
              enc,
              throttledProgress((done: number, total: number) =>
                setProgress((p) => (p ? { ...p, done, total, updatedAt: performance.now() } : p)),
              ),
              sub,
            ),
          ac.signal,
        )
        .finally(() => {
          embedding.current = null;
          // no bar left behind by a stop or a failure (an audit's re-embedding has no job that clears it)
          setProgress(null);
        });
      // Keep the newest few (the worker keeps as many): an old upload's key must not linger.
      const k = preparedKey(src, enc, sub);
      setPrepared((p) =>
        Object.fromEntries<(typeof p)[string]>(
          [...Object.entries(p).filter(([x]) => x !== k), [k, info] as const].slice(-3),
        ),
      );
      // what step 3 says about its data's embeddings: not a stored run's, made again for its audit
      if (src === source) setLastPrepared(info);
      void bridge.run((w) => w.cacheUsage()).then(setCacheUsage, () => undefined);
      return info;
    },
    [bridge, source, setProgress],
  );

  const forgetCache = useCallback(async () => {
    setPrepared({});
    setLastPrepared(null);
    setCacheUsage(await bridge.run((w) => w.forgetCache()));
  }, [bridge]);

  /** Prepared embeddings, re-made when the worker no longer holds them (evicted, or the worker restarted). */
  const ensurePrepared = useCallback(
    async (enc: EncoderSource, sub?: Subsample, src: PrivateSource = source) => {
      const known = prepared[preparedKey(src, enc, sub)];
      if (known && (await bridge.run((w) => w.has(known.key)))) return known;
      return prepare(enc, sub, src);
    },
    [prepared, source, bridge, prepare],
  );

  /** Stops an embedding under way (it cannot be paused: the worker is ended). */
  const abort = useCallback(() => embedding.current?.abort(), []);

  return { prepared, lastPrepared, cacheUsage, ensurePrepared, forgetCache, abort };
}
