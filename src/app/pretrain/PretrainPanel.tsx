/** Step 2: SimCLR pretraining on public data, with the augmentation preview and live loss and kNN curves. */
import { Field, NumberField, SelectField } from '../shell/fields';
import { useEffect, useMemo } from 'react';
import type { Data } from 'plotly.js';
import { Plot } from '../charts/Plot';
import { titledLayout } from '../charts/layout';
import { download } from '../shell/files';
import { Thumbnails } from '../data/Thumbnails';
import { TEMPERATURE_RANGE } from '../../lib/simclr/config';
import { SavedEncoders } from './SavedEncoders';
import type { ModelFiles } from '../../../workers/shared/contracts';
import type { ImageDataset } from '../../lib/data/dataset';
import { type Preview, type PretrainResult, usePretraining } from './use-pretraining';
import { Announcement, useJobAnnouncement } from '../shell/announce';
import { secondsLeftText } from '../shell/eta';

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
  const hasKnn = p.epochs.some((e) => e.knn !== null);
  // for a screen reader: that pretraining started, and where it ended (the status line changes every step)
  const announcement = useJobAnnouncement(
    busy,
    () => null,
    'Pretraining started.',
    () =>
      p.last
        ? `Pretraining ${p.last.step >= p.last.totalSteps ? 'finished' : 'stopped'} at step ${p.last.step} of ${p.last.totalSteps}, loss ${p.last.loss.toFixed(3)}.`
        : 'Pretraining stopped before its first step.',
  );
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
      <p className="note" aria-label="Is this step needed">
        Optional. Step 3 works right away with the default encoder, which needs no training: start there (
        <a href="#finetune">step 3</a>) and come back to watch SimCLR learn. Without a GPU, pretraining takes
        minutes to tens of minutes.
      </p>
      <div className="probe-controls">
        <SelectField
          label="Public data"
          value={s.dataset}
          disabled={busy}
          onChange={(dataset) => set({ dataset })}
          options={[
            { value: 'fashion-mnist', text: 'Fashion-MNIST public split (10,000)' },
            { value: 'mnist', text: 'MNIST digits (10,000)' },
            !!props.uploadedPublic && {
              value: 'upload',
              text: `Your images: ${props.uploadedPublic.name} (${props.uploadedPublic.labels.length.toLocaleString('en')}, labels unused)`,
            },
          ]}
        />
        <SelectField
          label="Start from"
          value={s.start}
          disabled={busy}
          onChange={(start) => set({ start, ...(start === 'shipped' ? { width: 32 as const } : {}) })}
          options={[
            { value: 'scratch', text: 'scratch (random weights)' },
            { value: 'shipped', text: 'SimCLR v1, the one that comes with the lab (continue)' },
            !!props.custom && { value: 'custom', text: `the chosen encoder: ${props.custom.label}` },
          ]}
        />
        <SelectField
          label="Encoder width"
          value={s.width}
          disabled={busy || s.start === 'shipped'}
          onChange={(width) => set({ width })}
          options={[
            { value: 8, text: '8 (tiny)' },
            { value: 16, text: '16' },
            { value: 32, text: '32 (as shipped)' },
          ]}
        />
        <SelectField
          label="Batch size"
          name="Pretraining batch size"
          value={s.batchSize}
          disabled={busy}
          onChange={(batchSize) => set({ batchSize })}
          options={[8, 32, 64, 128, 256].map((b) => ({ value: b, text: String(b) }))}
        />
        <NumberField
          label="Epochs"
          name="Pretraining epochs"
          value={s.epochs}
          min={1}
          max={500}
          disabled={busy}
          onChange={(epochs) => set({ epochs })}
        />
        <SelectField
          label="Optimizer"
          name="Pretraining optimizer"
          value={s.optimizer}
          disabled={busy}
          onChange={(optimizer) => set({ optimizer, learningRate: optimizer === 'lars' ? 0.3 : 1e-3 })}
          options={[
            { value: 'adam', text: 'Adam' },
            { value: 'lars', text: 'LARS' },
          ]}
        />
        <SelectField
          label="Schedule"
          name="Learning-rate schedule"
          value={s.schedule}
          disabled={busy}
          onChange={(schedule) => set({ schedule })}
          options={[
            { value: 'cosine', text: 'warm-up + cosine' },
            { value: 'constant', text: 'warm-up + constant' },
          ]}
        />
        <SelectField
          label="Crop area"
          value={s.cropMin}
          disabled={busy}
          onChange={(cropMin) => set({ cropMin })}
          options={[
            { value: 0.08, text: '8–100% (SimCLR ImageNet)' },
            { value: 0.2, text: '20–100%' },
            { value: 0.35, text: '35–100%' },
            { value: 0.6, text: '60–100%' },
          ]}
        />
        <Field
          label="Temperature τ"
          type="number"
          min={TEMPERATURE_RANGE[0]}
          max={TEMPERATURE_RANGE[1]}
          step="any"
          value={s.temperature}
          disabled={busy}
          onChange={(text) => {
            const t = Number(text);
            if (t >= TEMPERATURE_RANGE[0] && t <= TEMPERATURE_RANGE[1]) set({ temperature: t });
          }}
        />
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
          <p className="live" role="status" aria-live="off" aria-label="Pretraining status">
            step {p.last.step} of {p.last.totalSteps} · loss {p.last.loss.toFixed(3)} ·{' '}
            {p.last.imagesPerSecond.toFixed(0)} images/s ·{' '}
            {/* an estimate only while it runs: after a stop, nothing is left to wait for */}
            {p.status !== 'idle'
              ? secondsLeftText(p.last.etaSeconds)
              : p.last.step >= p.last.totalSteps
                ? 'done'
                : 'stopped'}
            {p.status === 'paused' && ' · paused'} · {p.backend}
          </p>
        </>
      )}
      <Announcement text={announcement} label="Pretraining announcements" />
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
        // the kNN axis once the monitor has a point (at an epoch's end): a run stopped in its first epoch had
        // an empty 0–1 axis
        layout={titledLayout(
          hasKnn ? 'SimCLR loss and kNN accuracy' : 'SimCLR loss',
          ['step'],
          ['NT-Xent loss'],
          {
            // round ticks of its own (Plotly's ticks synced to the loss axis read 0.294, 0.601 …), no second grid
            yaxis2: {
              visible: hasKnn,
              title: { text: 'kNN accuracy' },
              overlaying: 'y',
              side: 'right',
              range: [0, 1],
              tickmode: 'linear',
              tick0: 0,
              dtick: 0.2,
              showgrid: false,
            },
          },
        )}
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
        The SimCLR encoder that comes with the lab (v1, a ResNet on raw pixels; not step 3's default) was
        pretrained with this same code in Node (npm run pretrain); it reaches 75.4% at ε = 3 on the private
        test set. The default encoder of step 3 is the (log-compressed) scattering transform at two scales,
        which needs no training. SimCLR did not beat it even when trained over scattering features (the
        one-scale version): 89.2% against those features’ own 89.9% at ε = 3 on public validation images, so
        the lab ships the fixed features (README, “Features”). This step trains in a worker
        {p.backend === '…' ? ' (its backend is picked when it starts)' : ` on the ${p.backend} backend`};
        without a GPU keep it small (width 8, batch 32: one epoch takes minutes).
      </p>
    </div>
  );
}
