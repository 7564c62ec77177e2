import type { ReactNode } from 'react';
import { BackendBanner, BackendIndicator } from './shell/BackendIndicator';
import { SpeedCheck } from './shell/SpeedCheck';
import { PrivacyPanel } from './privacy/PrivacyPanel';
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
          <Planned>
            Pick a built-in dataset (Fashion-MNIST, MNIST) or drag in a folder of images whose subfolders are
            the classes. Mark which data is public (for pretraining) and which is private (for fine-tuning).
            Coming next.
          </Planned>
        </Section>
        <Section id="pretrain" step={2} title="Pretrain (public data)">
          <Planned>
            SimCLR contrastive pretraining of an image encoder on the public data, no labels needed: two
            augmented views per image, NT-Xent loss, live loss curve. Coming next.
          </Planned>
        </Section>
        <Section id="finetune" step={3} title="Private fine-tune">
          <Planned>
            Freeze the encoder and train a linear probe on the private data with DP-SGD (Poisson sampling,
            per-example clipping to C, Gaussian noise σ·C), beside the majority-class and non-private
            baselines. Coming next.
          </Planned>
        </Section>
        <Section id="privacy" step={4} title="Privacy budget">
          <PrivacyPanel />
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
