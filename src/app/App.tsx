import { type ReactNode, useCallback, useState } from 'react';
import { builtinDataset } from '../lib/data/builtin';
import { DEFAULT_CONFIG, type LabConfig } from '../state/lab-config';
import { BackendBanner, BackendIndicator } from './shell/BackendIndicator';
import { SpeedCheck } from './shell/SpeedCheck';
import { PrivacyPanel } from './privacy/PrivacyPanel';
import { ProbePanel } from './probe/ProbePanel';
import { encoderSource, usePrivateTraining } from './probe/use-private-training';
import { BuiltinSummary } from './data/BuiltinSummary';
import { useCompute } from './use-compute';

function Section(props: { id: string; step: number; title: string; children: ReactNode }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`} className="card">
      <h2 id={`${props.id}-title`}>
        <span className="step">{props.step}</span>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

function Planned({ children }: { children: ReactNode }) {
  return <p className="planned">{children}</p>;
}

export function App() {
  const { bridge, backend, errors, reportError, dismissError } = useCompute();
  const [config, setConfig] = useState<LabConfig>(DEFAULT_CONFIG);
  const update = useCallback((patch: Partial<LabConfig>) => setConfig((c) => ({ ...c, ...patch })), []);
  const fmnist = builtinDataset('fashion-mnist');
  const datasetSize = Math.min(config.privateSubset ?? Infinity, fmnist.counts['private-train']!);
  const delta = 10 ** config.deltaExp;
  const training = usePrivateTraining({
    config,
    delta,
    backend: backend.status === 'ready' ? backend.info.backend : '…',
    onError: reportError,
  });
  const prepared = training.prepared[encoderSource(config.encoder).key];
  return (
    <>
      <header className="top">
        <h1>
          <span className="logo">ε</span> Epsilon Lab
        </h1>
        <p className="tagline">
          Differential privacy on your own images, in your browser. Images never leave this machine.
        </p>
        <div className="top-right">
          <BackendIndicator state={backend} />
          <SpeedCheck bridge={bridge} onError={reportError} />
        </div>
      </header>
      <BackendBanner state={backend} />
      {errors.length > 0 && (
        <div className="errors">
          {errors.map((m, i) => (
            <div key={i} className="banner bad" role="alert">
              {m} The lab is still usable; the next action starts a fresh worker.
              <button type="button" onClick={() => dismissError(i)} aria-label="Dismiss">
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      <main>
        <Section id="data" step={1} title="Data">
          <BuiltinSummary />
        </Section>
        <Section id="pretrain" step={2} title="Pretrain (public data)">
          <Planned>
            SimCLR contrastive pretraining of an image encoder on the public data, no labels needed: two
            augmented views per image, NT-Xent loss, live loss curve. Coming next.
          </Planned>
        </Section>
        <Section id="finetune" step={3} title="Private fine-tune">
          <ProbePanel
            training={training}
            config={config}
            update={update}
            datasetSize={datasetSize}
            fullSize={fmnist.counts['private-train']!}
            classNames={fmnist.classNames}
            majority={prepared?.majorityAccuracy ?? null}
            deltaTooBig={delta >= 1 / datasetSize}
          />
        </Section>
        <Section id="privacy" step={4} title="Privacy budget">
          <PrivacyPanel
            config={config}
            update={update}
            datasetSize={datasetSize}
            datasetLabel={`${fmnist.title} private training split${config.privateSubset ? `, first ${datasetSize.toLocaleString('en')}` : ''}`}
          />
        </Section>
        <Section id="embeddings" step={5} title="Embeddings">
          <Planned>
            A t-SNE map of the encoder&apos;s embeddings coloured by label, random versus pretrained encoder
            side by side. Coming next.
          </Planned>
        </Section>
      </main>
    </>
  );
}
