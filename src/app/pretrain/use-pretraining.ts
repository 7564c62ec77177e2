/** SimCLR pretraining in the browser, as the UI sees it: settings, live loss/kNN, pause/stop, the result. */
import { useWorkerJob } from '../shell/use-worker-job';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ENCODER_URLS } from '../shell/files';
import * as Comlink from 'comlink';
import { createPretrainBridge } from '../../bridge/pretrain';
import { SHIPPED_SIMCLR_ARCHITECTURE, type EncoderConfig } from '../../lib/simclr/config';
import type { ImageDataset } from '../../lib/data/dataset';
import {
  AUGMENT_DIGITS,
  AUGMENT_GRAYSCALE,
  AUGMENT_RGB,
  type AugmentConfig,
} from '../../lib/simclr/augment-presets';
import type { EpochReport, ModelFiles, PublicSource } from '../../../workers/shared/contracts';
import type { PretrainProgress } from '../../lib/simclr/pretrain';

export interface PretrainSettings {
  /** A built-in public split, or the user's uploaded images (when they marked them public). */
  dataset: 'fashion-mnist' | 'mnist' | 'upload';
  start: 'scratch' | 'shipped' | 'custom';
  width: 8 | 16 | 32;
  batchSize: number;
  epochs: number;
  learningRate: number;
  temperature: number;
  optimizer: 'adam' | 'lars';
  schedule: 'cosine' | 'constant';
  /** Smallest crop area of the random resized crop (the largest is the whole image). */
  cropMin: number;
}

export const DEFAULT_PRETRAIN: PretrainSettings = {
  dataset: 'fashion-mnist',
  start: 'scratch',
  width: 32,
  batchSize: 128,
  epochs: 5,
  learningRate: 1e-3,
  temperature: 0.2,
  optimizer: 'adam',
  schedule: 'cosine',
  cropMin: 0.35,
};

export interface PretrainResult {
  files: ModelFiles;
  seconds: number;
  steps: number;
  backend: string;
  settings: PretrainSettings;
}

export interface Preview {
  width: number;
  channels: number;
  originals: Uint8Array;
  view1: Uint8Array;
  view2: Uint8Array;
}

function defaultAugment(source: PublicSource): AugmentConfig {
  if (source.kind === 'images' && source.dataset.channels === 3) return AUGMENT_RGB;
  return source.kind === 'builtin' && source.id === 'mnist' ? AUGMENT_DIGITS : AUGMENT_GRAYSCALE;
}

export function usePretraining(
  onError: (m: string) => void,
  uploaded: ImageDataset | null,
  custom: ModelFiles | null,
) {
  const [backend, setBackend] = useState('…');
  const bridge = useMemo(() => createPretrainBridge(onError, setBackend), [onError]);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const [settings, setSettings] = useState<PretrainSettings>(DEFAULT_PRETRAIN);
  const { status, run, pause, resume, stop } = useWorkerJob(bridge, onError, 'Pretraining');
  const [steps, setSteps] = useState<{ step: number; loss: number }[]>([]);
  const [epochs, setEpochs] = useState<EpochReport[]>([]);
  const [last, setLast] = useState<PretrainProgress | null>(null);
  const [result, setResult] = useState<PretrainResult | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewSeed, setPreviewSeed] = useState(1);

  const source: PublicSource = useMemo(
    () =>
      settings.dataset === 'upload' && uploaded
        ? { kind: 'images', dataset: uploaded }
        : { kind: 'builtin', id: settings.dataset === 'mnist' ? 'mnist' : 'fashion-mnist' },
    [settings.dataset, uploaded],
  );

  const showPreview = useCallback(async () => {
    try {
      setPreview(await bridge.run((w) => w.preview(source, 6, previewSeed)));
      setPreviewSeed((s) => s + 1);
    } catch (e) {
      onError(`The augmentation preview failed: ${(e as Error).message}.`);
    }
  }, [bridge, source, previewSeed, onError]);

  const start = useCallback(async () => {
    setSteps([]);
    setEpochs([]);
    setLast(null);
    await run(async () => {
      const dims =
        source.kind === 'images'
          ? { inputSize: source.dataset.width, channels: source.dataset.channels }
          : {};
      // Continuing from a chosen encoder: its own architecture, from the metadata this lab writes into model.json.
      const customConfig =
        settings.start === 'custom' && custom
          ? (
              JSON.parse(custom.modelJson) as {
                userDefinedMetadata?: { epsilonLab?: { encoder?: EncoderConfig } };
              }
            ).userDefinedMetadata?.epsilonLab?.encoder
          : undefined;
      const encoder: EncoderConfig = customConfig ?? {
        ...SHIPPED_SIMCLR_ARCHITECTURE,
        width: settings.width,
        ...dims,
      };
      const job = {
        source,
        encoder,
        train: {
          batchSize: settings.batchSize,
          epochs: settings.epochs,
          learningRate: settings.learningRate,
          schedule: settings.schedule,
          warmupEpochs: settings.epochs > 2 ? 1 : 0,
          optimizer: settings.optimizer,
          weightDecay: 1e-6,
          temperature: settings.temperature,
          seed: 1,
          augment: { ...defaultAugment(source), cropScale: [settings.cropMin, 1] as [number, number] },
        },
        initFrom:
          settings.start === 'shipped'
            ? { url: ENCODER_URLS['simclr-v1'] } // the shipped SimCLR network (the default encoder has no SimCLR weights)
            : settings.start === 'custom' && custom
              ? custom
              : null,
        monitorEvery: 1,
      };
      const onProgress = Comlink.proxy((p: PretrainProgress) => {
        setLast(p);
        setSteps((s) => [...s, { step: p.step, loss: p.loss }]);
      });
      const onEpoch = Comlink.proxy((r: EpochReport) => setEpochs((e) => [...e, r]));
      const done = await bridge.run((w) => w.pretrain(job, onProgress, onEpoch));
      if (done.diverged) onError(`Pretraining ${done.diverged}. Lower the learning rate or raise τ.`);
      const files = await bridge.run((w) =>
        w.exportEncoder({
          pretrain: { ...job.train, dataset: settings.dataset, start: settings.start },
          steps: done.steps,
          seconds: done.seconds,
          backend: done.backend,
        }),
      );
      setResult({ files, seconds: done.seconds, steps: done.steps, backend: done.backend, settings });
    });
  }, [bridge, run, settings, source, custom, onError]);

  return {
    backend,
    settings,
    setSettings,
    status,
    steps,
    epochs,
    last,
    result,
    preview,
    showPreview,
    start,
    pause,
    resume,
    stop,
  };
}
