/**
 * Step 5: t-SNE maps of the same images through a random (untrained) encoder and through the current encoder,
 * side by side, streaming as they iterate, coloured by class, with the 2-D kNN accuracy under each map.
 */
import { useEffect, useRef, useState } from 'react';
import { etaText } from '../shell/eta';
import { JobButtons } from '../shell/fields';
import { Announcement, useJobAnnouncement } from '../shell/announce';
import { PointMap } from './PointMap';
import { toCsv } from '../../lib/data/csv';
import { download } from '../shell/files';
import type { TsneResult } from '../../../workers/shared/contracts';
import { type MappedEncoder, firstImages, mappedCount, perplexityText } from './mapped-encoder';
import { TsneControls } from './TsneControls';
import { TSNE_SETTINGS_KEY, parseTsneSettings } from './tsne-settings';
import { readSession, writeSession } from '../shell/session';
import { DEFAULT_TSNE, type TsneSettings, useTsne } from './use-tsne';
import { TSNE_MAP_SCHEMA, clearTsneMap, loadTsneMap, saveTsneMap } from './tsne-store';
import { SHIPPED_SIMCLR_ARCHITECTURE } from '../../lib/simclr/config';
import type { EncoderConfig } from '../../lib/simclr/encoder';
import type { ImageDataset } from '../../lib/data/dataset';

// Ten classes side by side in one scatter need ten hues far apart: matplotlib's tab10 (the lab's PALETTE pairs
// two oranges and two blues, which merge on a projector); more classes get evenly spread hues.
const TAB10 = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const colour = (c: number) => (c < TAB10.length ? TAB10[c]! : `hsl(${(c * 137.5) % 360} 65% 45%)`);

function HoverThumb({ result, index }: { result: TsneResult; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { width: w, channels: ch } = result;
    const img = ctx.createImageData(w, w);
    const base = index * w * w * ch;
    for (let p = 0; p < w * w; p++) {
      const r = result.images[base + p * ch]!;
      img.data.set(
        [
          r,
          ch === 3 ? result.images[base + 3 * p + 1]! : r,
          ch === 3 ? result.images[base + 3 * p + 2]! : r,
          255,
        ],
        4 * p,
      );
    }
    ctx.putImageData(img, 0, 0);
  }, [result, index]);
  return <canvas ref={ref} width={result.width} height={result.width} />;
}

/** What the maps on screen were made with; `madeAt` only for a map kept from before a reload. */
interface Made {
  settings: TsneSettings;
  title: string;
  note: string | null;
  /** The user's images mapped (their name), or '' for the built-in splits. */
  data: string;
  madeAt?: number;
}

/** Keeps a finished map of public images for the next load (tsne-store.ts); a map of private images is not kept. */
function keepMap(made: Made, result: TsneResult): void {
  if (made.settings.split !== 'public') return;
  const { settings, title, note } = made;
  saveTsneMap({ schema: TSNE_MAP_SCHEMA, settings, title, note, madeAt: Date.now(), result }).catch(() => {
    // not kept (storage refused or full): the map is made again after a reload
  });
}

export function EmbeddingsPanel(props: {
  /** The encoder mapped beside the random one, for the built-in images. */
  mapped: MappedEncoder;
  /** The user's images when they are step 3's private data: their training split, and the encoder for them. */
  upload: { name: string; images: ImageDataset; mapped: MappedEncoder; randomConfig: EncoderConfig } | null;
  onError: (m: string) => void;
}) {
  const { upload } = props;
  // kept for the tab's life: a reload mid-lecture keeps them (the maps themselves are made again)
  const [settings, setSettings] = useState<TsneSettings>(() =>
    parseTsneSettings(readSession(TSNE_SETTINGS_KEY), DEFAULT_TSNE),
  );
  useEffect(() => writeSession(TSNE_SETTINGS_KEY, JSON.stringify(settings)), [settings]);
  // the user's images only while they are loaded (else nothing runs, and the step says why)
  const uploadShown = settings.split === 'upload' ? upload : null;
  const chosen = uploadShown ? uploadShown.mapped : props.mapped;
  const { status, run, restore, pause, resume, stop, stage, frame, iterStart, result, meta } = useTsne(
    settings,
    props.onError,
  );
  // what the maps on screen were made with: the caption and titles describe those, not the controls' values
  // (`madeAt`: a map kept from before a reload, and when it was made)
  const [made, setMade] = useState<Made | null>(null);
  const dataName = uploadShown ? `${uploadShown.name} (your images), private training split` : '';
  // the last public map, kept across a reload (tsne-store.ts), unless a map was started meanwhile
  const started = useRef(false);
  useEffect(() => {
    void loadTsneMap().then((kept) => {
      if (!kept || started.current) return;
      setMade({ settings: kept.settings, title: kept.title, note: kept.note, data: '', madeAt: kept.madeAt });
      restore(kept.result);
    });
  }, [restore]);
  const start = async () => {
    started.current = true;
    const now: Made = { settings, title: chosen.title, note: chosen.note, data: dataName };
    setMade(now);
    // a new map: no image from the last one stays picked (it showed a private image nobody hovered)
    setHovered(null);
    // the kept map goes: a reload shows the map last made, or none (not awaited: the job must start in this
    // task, or Run stays enabled for a second click; IndexedDB keeps the order of this delete and a later save)
    clearTsneMap().catch(() => {});
    // the user's images are copied (their first `cap`) only now, for the worker
    const r = await run(
      uploadShown
        ? {
            encoder: uploadShown.mapped.encoder,
            randomConfig: uploadShown.randomConfig,
            images: firstImages(uploadShown.images, settings.cap),
            imagesTotal: uploadShown.images.labels.length,
          }
        : { encoder: props.mapped.encoder, randomConfig: SHIPPED_SIMCLR_ARCHITECTURE },
    );
    if (r) keepMap(now, r);
  };
  const shown = made?.settings ?? settings;
  const { split, cap, perplexity, iterations } = shown;
  const mapped = made ?? chosen;
  const changed =
    made !== null &&
    (JSON.stringify(made.settings) !== JSON.stringify(settings) ||
      made.title !== chosen.title ||
      made.data !== dataName);
  // a map of private images is shown, never exported: nothing per example leaves the lab
  const privateMap = split !== 'public';
  const imagesText =
    split === 'upload'
      ? `images of ${made?.data ?? dataName}`
      : `images of the Fashion-MNIST ${split === 'public' ? 'public' : 'private test'} split`;
  // the image picked on a map (pointer or arrow keys), shown over that map's corner
  const [hovered, setHovered] = useState<{ which: 'random' | 'current'; index: number } | null>(null);
  // for a screen reader: that the maps started, how they ended, and the image each arrow key picks
  const jobText = useJobAnnouncement(
    status !== 'idle',
    () => null,
    't-SNE started.',
    () =>
      result
        ? `t-SNE ${result.iterationsRun < shown.iterations ? `stopped after ${result.iterationsRun} of ${shown.iterations} iterations` : 'finished'}: kNN accuracy in the map ${(100 * result.randomKnn).toFixed(1)}% for the random encoder, ${(100 * result.currentKnn).toFixed(1)}% for the current one.`
        : 't-SNE stopped before its first map.',
  );
  // the picked image, if it is one of the maps' (a pick from the map before may be past its count)
  const picked =
    result && hovered && hovered.index < result.count
      ? { ...hovered, className: result.classNames[result.labels[hovered.index]!] }
      : null;
  const pickedText = picked
    ? `${picked.which === 'random' ? 'Random' : 'Current'} encoder's map: image ${picked.index}, ${picked.className}`
    : '';

  // Class labels arrive with the result; until then (or if they do not match) the points are grey.
  const labels = meta?.labels ?? null;
  const pointsOf = (which: 'random' | 'current') => (result ? result[which] : frame?.[which]) ?? null;
  const exportCsv = () => {
    if (!result || privateMap) return; // (its button is disabled too)
    const rows = Array.from({ length: result.count }, (_, i) => [
      i,
      result.labels[i],
      result.classNames[result.labels[i]!],
      result.random[2 * i],
      result.random[2 * i + 1],
      result.current[2 * i],
      result.current[2 * i + 1],
    ]);
    const header = ['index', 'label', 'class', 'random_x', 'random_y', 'current_x', 'current_y'];
    download('tsne-coordinates.csv', toCsv(header, rows), 'text/csv');
  };
  /** One map with its kNN accuracy under it; the two differ only in encoder, title and legend. */
  const mapPanel = (
    which: 'random' | 'current',
    label: string,
    title: string,
    knn: number | undefined,
    showLegend: boolean,
  ) => {
    const points = pointsOf(which);
    return (
      <PointMap
        label={label}
        title={title}
        points={points}
        labels={points && labels && labels.length * 2 === points.length ? labels : null}
        classNames={meta?.classNames ?? []}
        colour={colour}
        showLegend={showLegend}
        exportable={!privateMap}
        onPick={(index) => setHovered({ which, index })}
        overlay={
          result &&
          picked?.which === which && (
            <div className="hovered" aria-label="Hovered image">
              <HoverThumb result={result} index={picked.index} />
              <span>
                image {picked.index}: {picked.className}
              </span>
            </div>
          )
        }
        height={340}
        caption={
          knn !== undefined && <p className="knn">kNN accuracy in the map: {(100 * knn).toFixed(1)}%</p>
        }
      />
    );
  };

  return (
    <div className="embeddings">
      <TsneControls
        settings={settings}
        uploadName={upload?.name ?? null}
        disabled={status !== 'idle'}
        onChange={setSettings}
      />
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={status !== 'idle' || (settings.split === 'upload' && !upload)}
          onClick={() => void start()}
        >
          {result ? 'Re-run' : 'Run'}
        </button>
        {/* Stop keeps the maps as they are at that iteration (the caption says so); before the first, none */}
        <JobButtons status={status} noun="t-SNE" onPause={pause} onResume={resume} onStop={stop} />
        <button
          type="button"
          disabled={!result || privateMap}
          title={
            privateMap ? 'A map of private images is not exported: one point per private image' : undefined
          }
          onClick={exportCsv}
        >
          Export coordinates (CSV)
        </button>
        {status !== 'idle' && frame && (
          <progress className="job" aria-label="t-SNE progress" max={iterations} value={frame.iteration} />
        )}
        {status !== 'idle' && (
          // not a live region: it changes every few iterations; the announcement below says start and end
          <span className="live" role="status" aria-live="off" aria-label="t-SNE status">
            {[
              stage === 'running' && frame
                ? `iteration ${frame.iteration} of ${iterations}`
                : stage || 'starting',
              stage === 'running' &&
                frame &&
                iterStart &&
                etaText(
                  frame.iteration - iterStart.iteration,
                  iterations - iterStart.iteration,
                  iterStart.at,
                ),
              status === 'paused' && 'paused',
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        )}
      </div>
      <p className="note">
        {`${mappedCount(result, cap)} ${imagesText}`} (already shuffled with the split&apos;s seed),
        Barnes-Hut t-SNE with PCA initialisation, perplexity{' '}
        {perplexityText(perplexity, result?.count ?? null)},{' '}
        {result && result.iterationsRun < iterations
          ? `stopped after ${result.iterationsRun.toLocaleString('en')} of ${iterations.toLocaleString('en')} iterations`
          : `${iterations.toLocaleString('en')} iterations`}
        . Colours are classes; the number under each map is the 10-nearest-neighbour accuracy of the labels in
        the 2-D map.{' '}
        {privateMap
          ? 'Maps of private images are shown here only: their coordinates and pictures are not exported (one point per private image).'
          : 'Each map has a PNG download under it.'}
      </p>
      {mapped.note && <p className="note">{mapped.note}</p>}
      {made?.madeAt !== undefined && result && (
        <p className="note" role="note" aria-label="Maps kept from before">
          These maps were made on{' '}
          {new Date(made.madeAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} and
          kept in this browser (the last map of public images is; maps of private images never are).
        </p>
      )}
      {changed && status === 'idle' && (
        <p className="note">
          The maps and the caption above are from the last run; the settings have changed since.{' '}
          {result ? 'Re-run' : 'Run'} to draw the maps with the new ones.
        </p>
      )}
      {(privateMap || settings.split !== 'public') && (
        <p className="warning">
          A t-SNE of private images is not covered by ε: it shows private data directly.
        </p>
      )}
      {settings.split === 'upload' && !upload && (
        <p className="note" role="note" aria-label="No images of yours">
          No images of yours to map: load a folder or a zip in step 1 and choose &quot;Your images&quot;.
        </p>
      )}
      <Announcement text={jobText} label="t-SNE announcements" />
      <Announcement text={pickedText} label="Picked image" />
      <div className="charts">
        {mapPanel('random', 't-SNE, random encoder', 'Random (untrained) encoder', result?.randomKnn, false)}
        {mapPanel('current', 't-SNE, current encoder', mapped.title, result?.currentKnn, true)}
      </div>
    </div>
  );
}
