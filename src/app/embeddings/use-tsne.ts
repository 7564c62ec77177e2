/** The t-SNE job as the UI sees it: settings, the streaming frames, the result, pause/resume (on useWorkerJob). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Comlink from 'comlink';
import { createTsneBridge } from '../../bridge/tsne';
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

/** What a job maps besides its settings: the encoders, and the user's images for split 'upload'. */
export type TsneInputs = Pick<TsneJob, 'encoder' | 'randomConfig' | 'images' | 'imagesTotal'>;

/** The job for the panel's settings (which it owns); `run` takes the images and encoders, made when it starts. */
export function useTsne(settings: TsneSettings, onError: (m: string) => void) {
  const bridge = useMemo(() => createTsneBridge(onError), [onError]);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const job = useWorkerJob(bridge, onError, 't-SNE');
  const [stage, setStage] = useState('');
  const [frame, setFrame] = useState<TsneFrame | null>(null);
  // when the iterations began (first frame of a map), for the ETA
  const [iterStart, setIterStart] = useState<{ at: number; iteration: number } | null>(null);
  const [result, setResult] = useState<TsneResult | null>(null);
  const [meta, setMeta] = useState<{ labels: Int32Array; classNames: string[] } | null>(null);
  const { run: runJob } = job;
  /** Shows a finished map: one just made, or one made before (kept across a reload). */
  const restore = useCallback((r: TsneResult) => {
    setMeta({ labels: r.labels, classNames: r.classNames });
    setResult(r);
  }, []);

  const run = useCallback(
    async (inputs: TsneInputs) => {
      setResult(null);
      setFrame(null);
      setIterStart(null);
      const r = await runJob(async () => {
        const out = await bridge.run((w) =>
          w.run(
            { ...settings, ...inputs },
            Comlink.proxy((s: string) => setStage(s)),
            Comlink.proxy((f: TsneFrame) => {
              if (f.labels && f.classNames) setMeta({ labels: f.labels, classNames: f.classNames });
              setFrame(f);
              setIterStart((s) => s ?? { at: performance.now(), iteration: f.iteration });
            }),
          ),
        );
        // before the job ends: the status that says it ended has its result beside it
        restore(out);
        return out;
      });
      setStage('');
      return r;
    },
    [bridge, runJob, settings, restore],
  );

  return { ...job, run, restore, stage, frame, iterStart, result, meta };
}
