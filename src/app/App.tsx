import { encoderFitsAnyImage } from '../state/encoders';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { builtinCount, builtinDataset } from '../lib/data/builtin';
import { DEFAULT_CONFIG, type LabConfig, defaultDeltaExp } from '../state/lab-config';
import { deltaOfExponent } from '../lib/dp/plan';
import { URL_SCHEMA, decodeConfig, encodeConfig, linkSets } from '../state/url-codec';
import { PRESETS, matchingPreset, patchFor } from '../state/presets';
import { CopyLink } from './shell/CopyLink';
import { StepErrorBoundary } from './shell/ErrorBoundary';
import { useHashSync } from './shell/use-hash-sync';
import { BackendBanner, BackendIndicator } from './shell/BackendIndicator';
import { SpeedCheck } from './shell/SpeedCheck';
import { PrivacyPanel } from './privacy/PrivacyPanel';
import { useNextRun } from './privacy/use-next-run';
import { ProbePanel } from './probe/ProbePanel';
import { AuditPanel } from './audit/AuditPanel';
import { useAudit } from './audit/use-audit';
import { usePrivateTraining } from './probe/use-private-training';
import { builtinSource, encoderSource, preparedKey, randomConfigOf, shapeOf } from './probe/probe-config';
import { DataPanel } from './data/DataPanel';
import { useUpload } from './data/use-upload';
import type { PrivateSource } from '../../workers/shared/contracts';
import { useCompute } from './use-compute';
import { EmbeddingsPanel } from './embeddings/EmbeddingsPanel';
import { mappedEncoder, mappedUploadEncoder } from './embeddings/mapped-encoder';

import { PretrainPanel } from './pretrain/PretrainPanel';
import { ChartScale } from './charts/Plot';
import { CHART_SCALE_PRESENTING } from './charts/layout';
import { StepLink, StepNav } from './shell/StepNav';
import { readSession, writeSession } from './shell/session';
import { installFocusRescue } from './shell/focus-rescue';
import type { PretrainResult } from './pretrain/use-pretraining';
import type { ModelFiles } from '../../workers/shared/contracts';

interface CustomEncoder {
  files: ModelFiles;
  label: string;
  key: string;
}

function Section(props: { id: string; step: number; title: string; children: ReactNode }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`} className="card">
      <h2 id={`${props.id}-title`} tabIndex={-1}>
        <span className="step">{props.step}</span>
        {props.title}
      </h2>
      <StepErrorBoundary step={`Step ${props.step} (${props.title})`}>{props.children}</StepErrorBoundary>
    </section>
  );
}

/** N of the built-in private training split, or of its first `subset` images. */
const builtinTrainSize = (subset: number | null) =>
  Math.min(subset ?? Infinity, builtinCount(builtinDataset('fashion-mnist'), 'private-train'));

const PRESENTING_KEY = 'epsilon-lab-presenting';

/**
 * The configuration a link opens with (the defaults for what it does not set). A link without δ was made with
 * δ at its default: the default for the data it opens on (`defaultDelta`: the built-in data or its subset, or the
 * images loaded; an upload made with 1e-3 for 36 images must not open the built-in data at 1e-3).
 */
function configOfLink(hash: string, defaultDelta: (c: LabConfig) => number): LabConfig {
  const c = decodeConfig(hash, DEFAULT_CONFIG);
  if (!linkSets(hash, 'deltaExp')) c.deltaExp = defaultDelta(c);
  return c;
}

/** Whether a hash is a link to a configuration (it sets a field), not an anchor such as "#finetune". */
const isConfigLink = (hash: string) => URL_SCHEMA.some((f) => linkSets(hash, f.field));

export function App() {
  const { bridge, backend, errors, reportError, dismissError } = useCompute();
  // Presentation mode: larger type, high contrast, advanced controls hidden (CSS on the root element).
  // kept for the tab's life (sessionStorage): a reload mid-lecture stays in presentation mode
  const [presenting, setPresenting] = useState(() => readSession(PRESENTING_KEY) === '1');
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
    writeSession(PRESENTING_KEY, presenting ? '1' : null);
    if (!presenting) return;
    // Escape leaves presentation mode (as it leaves a full screen), unless text is being typed (a slider, a
    // checkbox or a closed select with focus does not hold it; an open select's list takes its own Escape)
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t?.closest(
        'textarea, input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=button]):not([type=file])',
      );
      if (e.key === 'Escape' && !e.defaultPrevented && !typing) setPresenting(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [presenting]);
  // a Start, Stop or Pause disabled while focused hands focus to its group's next button (focus-rescue.ts)
  useEffect(() => installFocusRescue(document.body), []);
  // The whole configuration lives in the URL hash: a shared link opens the same setup.
  const fmnist = builtinDataset('fashion-mnist');
  const [config, setConfig] = useState<LabConfig>(() =>
    configOfLink(location.hash, (c) => defaultDeltaExp(builtinTrainSize(c.privateSubset))),
  );
  const update = useCallback((patch: Partial<LabConfig>) => setConfig((c) => ({ ...c, ...patch })), []);
  const upload = useUpload(reportError);
  const [sourceKind, setSourceKind] = useState<'builtin' | 'upload'>('builtin');
  const uploaded = upload.uploaded;
  const useUploaded = sourceKind === 'upload' && !!uploaded?.train && !!uploaded.test;
  // "Your images" selected but not usable: training is blocked with a reason, never run on Fashion-MNIST; nor on
  // the images loaded before while new ones load (a start then trained on the old folder, unsaid)
  const blocked =
    sourceKind !== 'upload' || (useUploaded && !upload.loading)
      ? null
      : upload.loading || upload.labelling || uploaded?.pending
        ? '"Your images" are still being prepared (step 1).'
        : uploaded || upload.labelError
          ? '"Your images" cannot be used as they are: see step 1.'
          : '"Your images" is selected: load a folder or a zip in step 1 first.';
  const privateData = useMemo<{
    source: PrivateSource;
    size: number;
    classNames: string[];
    label: string;
    fits28: boolean;
  }>(() => {
    if (useUploaded) {
      const u = uploaded;
      return {
        source: { kind: 'images', key: u.key, train: u.train!, test: u.test! },
        size: u.train!.labels.length,
        classNames: u.dataset.classNames,
        label: `${u.name}, private training split`,
        fits28: u.decoded.width === 28 && u.decoded.channels === 1,
      };
    }
    const size = builtinTrainSize(config.privateSubset);
    return {
      source: builtinSource(config),
      size,
      classNames: fmnist.classNames,
      label: `${fmnist.title} private training split${config.privateSubset ? `, first ${size.toLocaleString('en')}` : ''}`,
      fits28: true,
    };
  }, [useUploaded, uploaded, config, fmnist]);
  const datasetSize = privateData.size;
  // δ defaults to 1/(10·N) rounded down to a power of ten, and follows N when it changes (dataset, subset,
  // upload) while it is still the default; a δ the user chose stays (step 3 says if it is now ≥ 1/N)
  const [deltaFor, setDeltaFor] = useState(datasetSize);
  if (deltaFor !== datasetSize) {
    setDeltaFor(datasetSize);
    if (config.deltaExp === defaultDeltaExp(deltaFor)) update({ deltaExp: defaultDeltaExp(datasetSize) });
  }
  const delta = deltaOfExponent(config.deltaExp);
  const deltaTooBig = delta >= 1 / datasetSize;
  // δ at its default for this data stays out of the link (it follows N: `linkSets` above)
  const hash = useMemo(
    () => encodeConfig(config, config.deltaExp === defaultDeltaExp(datasetSize) ? ['deltaExp'] : []),
    [config, datasetSize],
  );
  // the next run, planned once: step 5 shows its ε, step 3 starts it (or says why it cannot)
  const nextRun = useNextRun(config, delta, datasetSize, deltaTooBig);
  const effectiveConfig =
    privateData.fits28 || encoderFitsAnyImage(config.encoder) || config.encoder === 'session'
      ? config
      : { ...config, encoder: 'random' as const };
  // Pretraining state stays inside its panel (it updates every step); only the finished encoder comes up here.
  const [custom, setCustom] = useState<CustomEncoder | null>(null);
  const session = useMemo(
    () =>
      custom ? { modelJson: custom.files.modelJson, weights: custom.files.weights, key: custom.key } : null,
    [custom],
  );
  const onPretrained = useCallback((r: PretrainResult | null) => {
    if (r)
      setCustom({
        files: r.files,
        label: `pretrained in this session (${r.steps} steps)`,
        key: `session-${r.steps}-${r.seconds}`,
      });
  }, []);
  const chooseCustom = useCallback(
    (files: ModelFiles, label: string) => {
      setCustom({ files, label, key: `custom-${label}-${files.weights.byteLength}-${Date.now()}` });
      update({ encoder: 'session' });
    },
    [update],
  );
  const training = usePrivateTraining({
    config: effectiveConfig,
    source: privateData.source,
    session,
    delta,
    onError: reportError,
  });
  // A link pasted into the address bar of the open lab is applied as a fresh load would apply it (the seed
  // stays: it is never in a link); not an anchor ("#finetune", a link in the text), and not while step 3 runs
  // (its settings are fixed then: the lab says why). Declined, the address bar gets the settings back.
  const busy = training.status !== 'idle';
  const onLink = useCallback(
    (link: string) => {
      if (!isConfigLink(link)) return false;
      if (busy) {
        reportError(
          "The link's settings were not applied: step 3 is training. Paste the link again when it ends.",
        );
        return false;
      }
      const fresh = configOfLink(link, (c) =>
        defaultDeltaExp(useUploaded ? datasetSize : builtinTrainSize(c.privateSubset)),
      );
      setConfig((c) => ({ ...fresh, seed: c.seed }));
      return true;
    },
    [busy, reportError, useUploaded, datasetSize],
  );
  useHashSync(hash, onLink);
  const audit = useAudit(training, reportError);
  const { clearRuns: clearTrainingRuns } = training;
  const { clear: clearAudits } = audit;
  const clearRuns = useCallback(() => {
    clearTrainingRuns();
    clearAudits();
  }, [clearTrainingRuns, clearAudits]);
  // The ε spent so far by the running DP run (from its steps), else by the last finished one; memoised, so
  // step 5's ε-over-epochs curves are not recomputed on every progress update that changes neither
  const { live, liveEpsilon, runs } = training;
  const lastSpent = useMemo(() => {
    const lastDp = [...runs].reverse().find((r) => r.kind === 'dp' && Number.isFinite(r.epsilon));
    const liveCurve = live?.sigma ? live.curve : [];
    return liveCurve.length
      ? {
          epochs: liveCurve.length,
          epsilon: liveEpsilon,
          accountant: live!.accountant,
          sampleRate: live!.q,
          noiseMultiplier: live!.sigma,
          delta,
        }
      : lastDp
        ? {
            epochs: lastDp.steps * lastDp.sampleRate || 0,
            epsilon: lastDp.epsilon,
            accountant: lastDp.accountant,
            sampleRate: lastDp.sampleRate,
            noiseMultiplier: lastDp.noiseMultiplier,
            delta: lastDp.delta,
          }
        : null;
  }, [runs, live, liveEpsilon, delta]);
  const prepared =
    training.prepared[
      preparedKey(
        privateData.source,
        encoderSource(effectiveConfig.encoder, session, shapeOf(privateData.source)),
      )
    ];
  // step 6: step 3's encoder on the built-in images, and on the user's images while they are the private data
  // (step 3's encoder as it trains: the random one while your images do not fit the others)
  const mapped = useMemo(
    () => mappedEncoder(effectiveConfig.encoder, custom ?? null),
    [effectiveConfig.encoder, custom],
  );
  // (its own dependencies only: a slider moved in step 5 must not make step 6 anew)
  const uploadTrain = useUploaded ? uploaded.train : null;
  const uploadName = uploaded?.name ?? '';
  const { fits28 } = privateData;
  const mappedUpload = useMemo(
    () =>
      uploadTrain
        ? {
            name: uploadName,
            images: uploadTrain,
            mapped: mappedUploadEncoder(effectiveConfig.encoder, fits28, custom ?? null),
            randomConfig: randomConfigOf({ size: uploadTrain.width, channels: uploadTrain.channels }),
          }
        : null,
    [uploadTrain, uploadName, effectiveConfig.encoder, fits28, custom],
  );
  return (
    // presentation mode's larger type reaches the charts too (Plotly draws its own text)
    <ChartScale.Provider value={presenting ? CHART_SCALE_PRESENTING : 1}>
      <header className="top">
        <h1>
          <span className="logo">ε</span> Epsilon Lab
        </h1>
        <p className="tagline">
          Differential privacy on your own images, in your browser. Images never leave this machine.{' '}
          <span className="start-here">
            New here? <StepLink id="finetune">Step 3</StepLink> trains a private model on the built-in data;{' '}
            <StepLink id="privacy">step 5</StepLink> shows what it spends,{' '}
            <StepLink id="attack">step 4</StepLink> attacks it.
          </span>
        </p>
        <div className="top-right">
          <BackendIndicator state={backend} />
          <button type="button" aria-pressed={presenting} onClick={() => setPresenting((v) => !v)}>
            Presentation mode
          </button>
          <CopyLink hash={hash} />
          <SpeedCheck bridge={bridge} onError={reportError} />
        </div>
      </header>
      <StepNav />
      <BackendBanner state={backend} />
      {errors.length > 0 && (
        <div className="errors">
          {errors.map((m, i) => (
            <div key={i} className="banner bad" role="alert">
              {m} The lab is still usable.
              <button type="button" onClick={() => dismissError(i)} aria-label="Dismiss">
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      <main>
        <Section id="data" step={1} title="Data">
          <DataPanel
            upload={upload}
            source={sourceKind}
            setSource={setSourceKind}
            busy={training.status !== 'idle'}
            onError={reportError}
          />
        </Section>
        <Section id="pretrain" step={2} title="Pretrain (public data)">
          <PretrainPanel
            onError={reportError}
            onResult={onPretrained}
            onChooseEncoder={chooseCustom}
            custom={custom}
            uploadedPublic={upload.markedPublic ? (uploaded?.dataset ?? null) : null}
            usingSession={config.encoder === 'session'}
            onUseEncoder={() => update({ encoder: 'session' })}
          />
        </Section>
        <Section id="finetune" step={3} title="Private fine-tune">
          {useUploaded && upload.markedPublic && (
            <p className="warning" role="alert">
              The private images are also marked public (offered for pretraining). If an encoder was
              pretrained on them, ε does not cover them.
            </p>
          )}
          {useUploaded && (upload.overlapCount ?? 0) > 0 && (
            <p className="warning" role="alert">
              {upload.overlapCount} private images also appear in the public pretraining data: ε does not
              cover them.
            </p>
          )}
          <ProbePanel
            auditing={audit.status !== 'idle'}
            clearRuns={clearRuns}
            training={training}
            config={effectiveConfig}
            update={update}
            datasetSize={datasetSize}
            classNames={privateData.classNames}
            sourceLabel={useUploaded ? uploaded.name : null}
            customEncoderLabel={custom?.label ?? null}
            encoderLocked={!privateData.fits28}
            majority={prepared?.majorityAccuracy ?? null}
            deltaTooBig={deltaTooBig}
            blocked={blocked}
            plan={nextRun}
          />
        </Section>
        <Section id="attack" step={4} title="Attack this model">
          <AuditPanel training={training} audit={audit} />
        </Section>
        <Section id="privacy" step={5} title="Privacy budget">
          <label className="preset">
            Preset:{' '}
            <select
              aria-label="Preset"
              // the preset the settings still match, if any (changing one setting departs from it)
              value={matchingPreset(config, datasetSize)?.id ?? ''}
              onChange={(e) => {
                const p = PRESETS.find((x) => x.id === e.target.value);
                if (p) update(patchFor(p, datasetSize));
              }}
            >
              <option value="">choose a preset…</option>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
          <PrivacyPanel
            config={config}
            update={update}
            datasetSize={datasetSize}
            datasetLabel={privateData.label}
            spent={lastSpent}
            datasetSpent={training.spent}
            nextRun={nextRun}
            blocked={blocked}
            startRuns={{
              dp: 1 + (effectiveConfig.encoder !== 'random' && effectiveConfig.contrast ? 1 : 0),
              nonPrivate: training.withNonPrivate,
            }}
            setCap={training.setCap}
          />
        </Section>
        <Section id="embeddings" step={6} title="Embeddings">
          <EmbeddingsPanel mapped={mapped} upload={mappedUpload} onError={reportError} />
        </Section>
      </main>
    </ChartScale.Provider>
  );
}
