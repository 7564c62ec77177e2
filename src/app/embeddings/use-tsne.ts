/** The t-SNE job as the UI sees it: settings, the streaming frames, the result, pause/resume (on useWorkerJob). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Comlink from 'comlink';
import { createTsneBridge } from '../../bridge/tsne';
import { SHIPPED_SIMCLR_ARCHITECTURE } from '../../lib/simclr/config';
import type { TsneFrame, TsneJob, TsneResult } from '../../../workers/shared/contracts';
import { useWorkerJob } from '../shell/use-worker-job';

export interface TsneSettings {
  split: TsneJob['split'];
  cap: number;
  perplexity: number;
  iterations: number;
  learningRate: TsneJob['learningRate'];
}

export const DEFAULT_TSNE: TsneSettings = {
  split: 'public',
  cap: 3000,
  perplexity: 30,
  iterations: 1000,
  learningRate: 'auto',
};

export function useTsne(encoder: TsneJob['encoder'], onError: (m: string) => void) {
  const bridge = useMemo(() => createTsneBridge(onError), [onError]);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const job = useWorkerJob(bridge, onError, 't-SNE');
  const [settings, setSettings] = useState<TsneSettings>(DEFAULT_TSNE);
  const [stage, setStage] = useState('');
  const [frame, setFrame] = useState<TsneFrame | null>(null);
  // when the iterations began (first frame of a map), for the ETA
  const [iterStart, setIterStart] = useState<{ at: number; iteration: number } | null>(null);
  const [result, setResult] = useState<TsneResult | null>(null);
  const [meta, setMeta] = useState<{ labels: Int32Array; classNames: string[] } | null>(null);
  const { run: runJob } = job;

  const run = useCallback(async () => {
    setResult(null);
    setFrame(null);
    setIterStart(null);
    const r = await runJob(() =>
      bridge.run((w) =>
        w.run(
          { ...settings, encoder, randomConfig: SHIPPED_SIMCLR_ARCHITECTURE },
          Comlink.proxy((s: string) => setStage(s)),
          Comlink.proxy((f: TsneFrame) => {
            if (f.labels && f.classNames) setMeta({ labels: f.labels, classNames: f.classNames });
            setFrame(f);
            setIterStart((s) => s ?? { at: performance.now(), iteration: f.iteration });
          }),
        ),
      ),
    );
    setStage('');
    if (r) {
      setMeta({ labels: r.labels, classNames: r.classNames });
      setResult(r);
    }
  }, [bridge, runJob, settings, encoder]);

  return { ...job, run, settings, setSettings, stage, frame, iterStart, result, meta };
}
