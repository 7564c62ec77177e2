/** Step 2: SimCLR pretraining on public data, with the augmentation preview and live loss and kNN curves. */
import { useEffect, useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { Plot } from '../charts/Plot';
import { download } from '../shell/files';
import { Thumbnails } from '../data/Thumbnails';
import { TEMPERATURE_RANGE } from '../../lib/simclr/config';
import { SavedEncoders } from './SavedEncoders';
import type { ModelFiles } from '../../../workers/shared/contracts';
import type { ImageDataset } from '../../lib/data/dataset';
import { type Preview, type PretrainResult, usePretraining } from './use-pretraining';

function previewDataset(p: Preview): ImageDataset {
  const per = p.width * p.width * p.channels;
  const n = p.originals.length / per;
  const images = new Uint8Array(3 * n * per);
  images.set(p.originals, 0);
  images.set(p.view1, n * per);
  images.set(p.view2, 2 * n * per);
  return {
    name: 'preview',
    width: p.width,
    height: p.width,
    channels: p.channels as 1 | 3,
    classNames: ['image', 'view 1', 'view 2'],
    images,
    labels: Int32Array.from({ length: 3 * n }, (_, i) => Math.floor(i / n)),
  };
}

export function PretrainPanel(props: {
  onError: (m: string) => void;
  onResult: (r: PretrainResult | null) => void;
  onUseEncoder: () => void;
  usingSession: boolean;
  onChooseEncoder: (files: ModelFiles, label: string) => void;
  custom: { files: ModelFiles; label: string } | null;
  /** The uploaded images, when the user marked them public (usable for pretraining). */
  uploadedPublic: ImageDataset | null;
}) {
  const { onUseEncoder, usingSession, onResult } = props;
  const p = usePretraining(props.onError, props.uploadedPublic, props.custom?.files ?? null);
  useEffect(() => onResult(p.result), [p.result, onResult]);
  const s = p.settings;
  const busy = p.status !== 'idle';
  const set = (patch: Partial<typeof s>) => p.setSettings({ ...s, ...patch });
  const lossTraces = useMemo<Partial<Data>[]>(
    () => [
      { x: p.steps.map((x) => x.step), y: p.steps.map((x) => x.loss), name: 'NT-Xent loss', mode: 'lines' },
      {
        x: p.epochs.filter((e) => e.knn !== null).map((e) => (e.epoch + 1) * (p.last?.stepsPerEpoch ?? 1)),
        y: p.epochs.filter((e) => e.knn !== null).map((e) => e.knn),
        name: 'kNN accuracy (public, labelled sample)',
        yaxis: 'y2',
        mode: 'lines+markers',
      },
    ],
    [p.steps, p.epochs, p.last],
  );
  return (
    <div className="pretrain">
      <div className="probe-controls">
        <label>
          <span>Public data</span>
          <select
            aria-label="Public data"
            value={s.dataset}
            disabled={busy}
            onChange={(e) => set({ dataset: e.target.value as typeof s.dataset })}
          >
            <option value="fashion-mnist">Fashion-MNIST public split (10,000)</option>
            <option value="mnist">MNIST digits (10,000)</option>
            {props.uploadedPublic && (
              <option value="upload">
                Your images: {props.uploadedPublic.name} (
                {props.uploadedPublic.labels.length.toLocaleString('en')}, labels unused)
              </option>
            )}
          </select>
        </label>
        <label>
          <span>Start from</span>
          <select
            aria-label="Start from"
            value={s.start}
            disabled={busy}
            onChange={(e) =>
              set({
                start: e.target.value as typeof s.start,
                ...(e.target.value === 'shipped' ? { width: 32 } : {}),
              })
            }
          >
            <option value="scratch">scratch (random weights)</option>
            <option value="shipped">the shipped SimCLR encoder, v1 (continue)</option>
            {props.custom && <option value="custom">the chosen encoder: {props.custom.label}</option>}
          </select>
        </label>
        <label>
          <span>Encoder width</span>
          <select
            aria-label="Encoder width"
            value={s.width}
            disabled={busy || s.start === 'shipped'}
            onChange={(e) => set({ width: Number(e.target.value) as 8 | 16 | 32 })}
          >
            <option value={8}>8 (tiny)</option>
            <option value={16}>16</option>
            <option value={32}>32 (as shipped)</option>
          </select>
        </label>
        <label>
          <span>Batch size</span>
          <select
            aria-label="Pretraining batch size"
            value={s.batchSize}
            disabled={busy}
            onChange={(e) => set({ batchSize: Number(e.target.value) })}
          >
            {[8, 32, 64, 128, 256].map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Epochs</span>
          <input
            aria-label="Pretraining epochs"
            type="number"
            min={1}
            max={500}
            value={s.epochs}
            disabled={busy}
            onChange={(e) => set({ epochs: Math.max(1, Math.trunc(Number(e.target.value)) || 1) })}
          />
        </label>
        <label>
          <span>Optimizer</span>
          <select
            aria-label="Pretraining optimizer"
            value={s.optimizer}
            disabled={busy}
            onChange={(e) =>
              set({
                optimizer: e.target.value as 'adam' | 'lars',
                learningRate: e.target.value === 'lars' ? 0.3 : 1e-3,
              })
            }
          >
            <option value="adam">Adam</option>
            <option value="lars">LARS</option>
          </select>
        </label>
        <label>
          <span>Schedule</span>
          <select
            aria-label="Learning-rate schedule"
            value={s.schedule}
            disabled={busy}
            onChange={(e) => set({ schedule: e.target.value as 'cosine' | 'constant' })}
          >
            <option value="cosine">warm-up + cosine</option>
            <option value="constant">warm-up + constant</option>
          </select>
        </label>
        <label>
          <span>Crop area</span>
          <select
            aria-label="Crop area"
            value={s.cropMin}
            disabled={busy}
            onChange={(e) => set({ cropMin: Number(e.target.value) })}
          >
            <option value={0.08}>8–100% (SimCLR ImageNet)</option>
            <option value={0.2}>20–100%</option>
            <option value={0.35}>35–100%</option>
            <option value={0.6}>60–100%</option>
          </select>
        </label>
        <label>
          <span>Temperature τ</span>
          <input
            aria-label="Temperature τ"
            type="number"
            min={TEMPERATURE_RANGE[0]}
            max={TEMPERATURE_RANGE[1]}
            step="any"
            value={s.temperature}
            disabled={busy}
            onChange={(e) => {
              const t = Number(e.target.value);
              if (t >= TEMPERATURE_RANGE[0] && t <= TEMPERATURE_RANGE[1]) set({ temperature: t });
            }}
          />
        </label>
      </div>
      <div className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void p.start()}>
          Start pretraining
        </button>
        {p.status === 'paused' ? (
          <button type="button" onClick={p.resume}>
            Resume
          </button>
        ) : (
          <button type="button" disabled={p.status !== 'running'} onClick={p.pause}>
            Pause
          </button>
        )}
        <button type="button" disabled={!busy} onClick={p.stop}>
          Stop
        </button>
        <button type="button" disabled={busy} onClick={() => void p.showPreview()}>
          Show positive pairs
        </button>
      </div>
      {p.last && (
        <>
          <progress
            className="job"
            aria-label="Pretraining progress"
            max={p.last.totalSteps}
            value={p.last.step}
          />
          <p className="live" role="status" aria-label="Pretraining status">
            step {p.last.step} of {p.last.totalSteps} · loss {p.last.loss.toFixed(3)} ·{' '}
            {p.last.imagesPerSecond.toFixed(0)} images/s · {Math.ceil(p.last.etaSeconds)} s left
            {p.status === 'paused' && ' · paused'} · {p.backend}
          </p>
        </>
      )}
      {p.preview && (
        <div aria-label="Positive pairs">
          <p className="note">
            Each image (top row) and two random augmentations of it: SimCLR pulls the two views of the same
            image together and pushes all other views away.
          </p>
          <Thumbnails dataset={previewDataset(p.preview)} perClass={6} />
        </div>
      )}
      <Plot
        label="Pretraining loss"
        emptyText="The contrastive loss (and the kNN monitor) appear here once pretraining starts."
        data={lossTraces}
        layout={{
          title: { text: 'SimCLR loss and kNN accuracy' },
          xaxis: { title: { text: 'step' } },
          yaxis: { title: { text: 'NT-Xent loss' } },
          yaxis2: { title: { text: 'kNN accuracy' }, overlaying: 'y', side: 'right', range: [0, 1] },
        }}
      />
      {p.result && (
        <div className="buttons">
          <span>
            Pretrained {p.result.steps} steps in {p.result.seconds.toFixed(0)} s on {p.result.backend}.
          </span>
          <button type="button" disabled={usingSession} onClick={onUseEncoder}>
            {usingSession ? 'Used for fine-tuning' : 'Use this encoder for fine-tuning'}
          </button>
          <button
            type="button"
            onClick={() => {
              download('model.json', p.result!.files.modelJson, 'application/json');
              download('weights.bin', p.result!.files.weights, 'application/octet-stream');
            }}
          >
            Download model files
          </button>
        </div>
      )}
      <SavedEncoders
        current={p.result?.files ?? null}
        onUse={props.onChooseEncoder}
        onError={props.onError}
      />
      <p className="note">
        The shipped SimCLR encoder (v1) was pretrained with this same code in Node (npm run pretrain); the
        default encoder of step 3 is the scattering transform, which needs no training (README, “Features”).
        This step trains in a worker
        {p.backend === '…' ? ' (its backend is picked when it starts)' : ` on the ${p.backend} backend`};
        without a GPU keep it small (width 8, batch 32: one epoch takes minutes).
      </p>
    </div>
  );
}
