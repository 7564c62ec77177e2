/**
 * A user's own images: collected from a folder, a drop or a zip, decoded in the data worker, labelled by a
 * rule (subfolders or a file-name pattern), summarised, and split 80/20 (seeded, stratified) for private use.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createDataBridge, decodeFiles } from '../../bridge/data';
import { latestOnly, runWithTimeLimit, throttledProgress } from '../../bridge/worker-bridge';
import type { ImageDataset } from '../../lib/data/dataset';
import { uploadKey } from '../../lib/data/content-key';
import { noImagesText, type Skipped } from '../../lib/data/files';
import type { LabelResult, LabelRule } from '../../lib/data/labels';
import { uploadTooLarge } from '../../lib/data/memory-budget';
import type { summarise } from '../../lib/data/summary';
import { splitUpload, type UploadSplit } from '../../lib/data/upload-split';
import type { DecodeOptions, DecodedFolder, FileEntry } from '../../../workers/shared/contracts';
import type { DataBridge } from '../../bridge/data';
import type { JobProgress } from '../shell/progress';

/** Relabelling runs in a worker; a pattern still matching after this long is stopped (and the worker ended). */
export const LABEL_TIME_LIMIT_MS = 4000;
/** Typing a pattern relabels once the typing pauses for this long. */
export const LABEL_DEBOUNCE_MS = 250;

/** Labels from a worker, stopped after `limitMs` (the worker is terminated: a runaway regex cannot be interrupted). */
export function labelWithTimeLimit(
  bridge: DataBridge,
  paths: string[],
  rule: LabelRule,
  limitMs = LABEL_TIME_LIMIT_MS,
  signal?: AbortSignal,
): Promise<LabelResult> {
  return runWithTimeLimit(
    (signal) => bridge.run((w) => w.label(paths, rule), signal),
    limitMs,
    `the label pattern took longer than ${limitMs / 1000} s on ${paths.length.toLocaleString('en')} file names and was stopped ` +
      `(a pattern like (\\d+)+ can take forever); simplify it`,
    signal,
  );
}

/** What one split is of: the decoded folder, its labels, the test share. */
interface SplitRequest {
  folder: DecodedFolder;
  labels: LabelResult;
  testFraction: number;
}
type Made = UploadSplit & SplitRequest & { name: string; rule: LabelRule };

/**
 * The labelled images and their train/test split: in the data worker when the page is cross-origin isolated
 * (asked again of a fresh worker while `live`, if a cancelled load ended the worker meanwhile), else here.
 */
async function splitOf(
  bridge: DataBridge,
  name: string,
  folder: DecodedFolder,
  labels: LabelResult,
  testFraction: number,
  rule: 'folder' | 'pattern',
  live: () => boolean,
): Promise<UploadSplit> {
  if (!globalThis.crossOriginIsolated) return splitUpload(name, folder, labels, testFraction, rule);
  const { width, height, channels, images, paths } = folder;
  for (;;) {
    try {
      const s = await bridge.run((w) =>
        w.split(name, { width, height, channels, images, paths }, labels, testFraction, rule),
      );
      return { ...s, dataset: { ...s.dataset, images: s.dataset.images ?? images } };
    } catch (e) {
      if ((e as Error).name !== 'AbortError' || !live()) throw e;
    }
  }
}

export interface UploadedData {
  name: string;
  decoded: DecodedFolder;
  dataset: ImageDataset;
  unlabeled: { path: string; reason: string }[];
  summary: ReturnType<typeof summarise>;
  train: ImageDataset | null;
  test: ImageDataset | null;
  key: string;
  /** Usable, but its labels or content key are still being computed. */
  pending: boolean;
}

export function useUpload(onError: (m: string) => void) {
  const bridge = useMemo(() => createDataBridge(onError), [onError]);
  useEffect(() => () => bridge.terminate(), [bridge]);
  // A second data worker only for labelling: stopping a runaway pattern must not kill a decode in progress.
  const labelBridge = useMemo(() => createDataBridge(onError), [onError]);
  useEffect(() => () => labelBridge.terminate(), [labelBridge]);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  const [decoded, setDecoded] = useState<{ name: string; folder: DecodedFolder } | null>(null);
  // a load that fails keeps what was loaded before: its messages say so, and name it
  const kept = useRef<string | null>(null);
  useEffect(() => {
    kept.current = decoded?.name ?? null;
  }, [decoded]);
  const unchanged = () =>
    kept.current ? ` Nothing was changed: step 1 still shows ${kept.current}.` : ' Nothing was loaded.';
  const [rule, setRule] = useState<LabelRule>({ kind: 'folder' });
  const [options, setOptions] = useState<DecodeOptions>({ size: 28, channels: 1, fit: 'crop' });
  const [testFraction, setTestFraction] = useState(0.2);
  const [overlapCount, setOverlapCount] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  /** The user says these images are public: they may be used for pretraining (never private data!). */
  const [markedPublic, setMarkedPublic] = useState(false);
  // Every load gets a number; only the newest may change state (a newer drop wins over an older one).
  const generation = useRef(0);

  const load = useCallback(
    // getEntries runs inside the try below, so a sync source (a file list) may simply throw
    async (getEntries: () => FileEntry[] | Promise<FileEntry[]>, name: string) => {
      controller.current?.abort();
      const ac = new AbortController();
      controller.current = ac;
      const gen = ++generation.current;
      const current = () => gen === generation.current;
      setLoading(true);
      setMessage(null);
      const now = performance.now();
      setProgress({ label: `Reading ${name}`, done: 0, total: 1, startedAt: now, updatedAt: now });
      const onProgress = throttledProgress((done: number, total: number) => {
        if (current()) setProgress((p) => (p ? { ...p, done, total, updatedAt: performance.now() } : p));
      });
      try {
        const entries = await getEntries();
        if (!current()) return;
        let zipSkipped: Skipped[] = [];
        const notes: string[] = [];
        const zip = entries.length === 1 ? entries.find((e) => /\.zip$/i.test(e.path)) : undefined;
        // a zip's directory is read in the data worker, which keeps its image entries (inflated one at a time
        // as they are decoded); a folder's files are handed to it as the decode starts
        let count = entries.length;
        if (zip) {
          setProgress((p) => (p ? { ...p, label: `Unpacking ${name}` } : p));
          const z = await bridge.run((w) => w.unzip(zip.file, zip.path), ac.signal);
          count = z.count;
          zipSkipped = z.skipped;
          notes.push(...z.notes);
        }
        if (!current()) return;
        if (count === 0 && zipSkipped.length === 0) {
          setMessage(
            // (a sentence's start: "the folder" is how a picked folder is named mid-sentence)
            `${name.replace(/^the /, 'The ')} ${zip ? 'holds no files' : 'is empty'}: choose a folder or a zip of images (one subfolder per class, or labels from a file-name pattern).${unchanged()}`,
          );
          return;
        }
        // refuse before decoding what would not fit in the tab (every entry counted: an upper bound)
        const tooLarge = uploadTooLarge(count, options.size, options.channels);
        if (tooLarge) {
          setMessage(`${tooLarge}${unchanged()}`);
          return;
        }
        const start = performance.now();
        setProgress({
          label: 'Decoding images',
          done: 0,
          total: count,
          startedAt: start,
          updatedAt: start,
        });
        // Several class folders dropped at once ("cats/…", "dogs/…") get one shared top folder (`name`).
        const folder = zip
          ? await bridge.run((w) => w.decodeStaged(options, name, onProgress), ac.signal)
          : await decodeFiles(bridge, entries, options, name, onProgress, ac.signal);
        if (!current()) return;
        if (zipSkipped.length) folder.skipped = [...zipSkipped, ...folder.skipped];
        if (folder.paths.length === 0) {
          // nothing decodable (text files, broken images): said, and the data loaded before is kept
          setMessage(`${[noImagesText(name, folder.skipped), ...notes].join(' ')}${unchanged()}`);
          return;
        }
        if (notes.length) setMessage(notes.join(' '));
        setDecoded({ name, folder });
        setOverlapCount(null);
        if (folder.width === 28 && folder.channels === 1 && folder.paths.length > 0) {
          const copy = folder.images.slice();
          void bridge
            .run((w) => w.overlapWithBuiltinPublic(copy, 28, 28, 1, 'fashion-mnist'))
            .then((o) => current() && setOverlapCount(o.length))
            .catch(() => undefined); // a newer load ended the worker: its own check follows
        }
      } catch (e) {
        if (!current()) return;
        if ((e as Error).name === 'AbortError') setMessage(`Loading was cancelled.${unchanged()}`);
        // said in step 1, where the user is looking (the loaded data, if any, is kept)
        else setMessage(`Could not load ${name}: ${(e as Error).message}.${unchanged()}`);
      } finally {
        if (current()) {
          setProgress(null);
          setLoading(false);
          controller.current = null;
        }
      }
    },
    [bridge, options],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);

  // Labels come from the label worker (debounced while a pattern is typed, stopped after a time limit).
  const [labelled, setLabelled] = useState<{
    folder: DecodedFolder;
    rule: LabelRule;
    result: LabelResult;
  } | null>(null);
  const [labelError, setLabelError] = useState<string | null>(null);
  // a label rule the user is typing that cannot be applied yet (bin edges that do not parse): nothing is shown
  // or trainable as if another rule were current until it is fixed
  const [ruleError, setRuleError] = useState<string | null>(null);
  const [labelling, setLabelling] = useState(false);
  useEffect(() => {
    if (!decoded) return;
    let live = true;
    // A newer rule ends a labelling still in flight (its worker may be stuck in a runaway pattern).
    const replaced = new AbortController();
    const folder = decoded.folder;
    const t = setTimeout(
      () => {
        setLabelling(true);
        labelWithTimeLimit(labelBridge, folder.paths, rule, LABEL_TIME_LIMIT_MS, replaced.signal).then(
          (result) => {
            if (!live) return;
            setLabelled({ folder, rule, result });
            setLabelError(null);
            setLabelling(false);
          },
          (e: Error) => {
            if (!live) return;
            setLabelled(null);
            setLabelError(e.message);
            setLabelling(false);
          },
        );
      },
      rule.kind === 'regex' ? LABEL_DEBOUNCE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(t);
      replaced.abort();
    };
  }, [decoded, rule, labelBridge]);

  // The labelled images and their split come from the data worker when the page is cross-origin isolated (the
  // images are shared memory there: nothing is copied here); on a host without isolation, sending the images
  // would copy them on this page anyway, so the split is made here. One split at a time: a newer request waits
  // for the one running and replaces any other waiting (typing a pattern queued splits of 246 MB each).
  // The split shown is the decoded folder's newest; while a newer one is computed, it is shown as pending.
  const [made, setMade] = useState<Made | null>(null);
  const [splitError, setSplitError] = useState<{ for: SplitRequest; message: string } | null>(null);
  const enqueueSplit = useMemo(() => latestOnly(), []);
  useEffect(() => {
    if (!decoded || !labelled || labelled.folder !== decoded.folder) return;
    let live = true;
    const request: SplitRequest = { folder: decoded.folder, labels: labelled.result, testFraction };
    const { name, folder } = decoded;
    const job = async () => {
      if (!live) return; // replaced before it started
      try {
        const from = labelled.rule.kind === 'folder' ? 'folder' : 'pattern';
        const s = await splitOf(bridge, name, folder, labelled.result, testFraction, from, () => live);
        if (live) setMade({ ...s, name, rule: labelled.rule, ...request });
      } catch (e) {
        if (live) setSplitError({ for: request, message: (e as Error).message });
      }
    };
    enqueueSplit(job);
    return () => {
      live = false;
    };
  }, [decoded, labelled, testFraction, bridge, enqueueSplit]);
  // a failed relabelling (labelled null) shows no split: not the previous rule's, as if it were current
  const split = made && labelled && !ruleError && made.folder === decoded?.folder ? made : null;
  const current = (r: SplitRequest) =>
    r.folder === decoded?.folder && r.labels === labelled?.result && r.testFraction === testFraction;
  // whether the split shown is of this folder's current labels and test share
  const splitCurrent = !!split && current(split);
  const splitFailed = splitError && current(splitError.for) ? splitError.message : null;
  // labels for this folder, and no split of them yet (nor a failed one): being split
  const splitting =
    !!decoded && labelled?.folder === decoded.folder && !splitCurrent && !splitFailed && !ruleError;

  // The cache key is derived from the content (images, preprocessing, labels, split), computed asynchronously.
  const [keyed, setKeyed] = useState<{ for: NonNullable<typeof split>; key: string } | null>(null);
  useEffect(() => {
    if (!split?.train || !split.test) return;
    let live = true;
    void uploadKey({
      imagesHash: split.folder.imagesHash,
      width: split.folder.width,
      height: split.folder.height,
      channels: split.folder.channels,
      fit: split.folder.fit,
      classNames: split.dataset.classNames,
      train: { indices: split.trainIdx!, labels: split.train.labels },
      test: { indices: split.testIdx!, labels: split.test.labels },
    }).then((key) => live && setKeyed({ for: split, key }));
    return () => {
      live = false;
    };
  }, [split]);

  const uploaded = useMemo<UploadedData | null>(() => {
    if (!split) return null;
    // Not ready while a new rule is being applied, or while the content key is computed.
    const ready = split.train && split.test && keyed?.for === split && split.rule === rule && splitCurrent;
    return {
      name: split.name,
      decoded: split.folder,
      dataset: split.dataset,
      unlabeled: split.labels.unlabeled,
      summary: split.summary,
      train: ready ? split.train : null,
      test: ready ? split.test : null,
      key: ready ? keyed.key : '',
      pending: !!(split.train && split.test) && !ready,
    };
  }, [split, keyed, rule, splitCurrent]);

  return {
    markedPublic,
    setMarkedPublic,
    bridge,
    progress,
    load,
    cancel,
    loading,
    // being labelled or split, or waiting for either (a decode just ended; a pattern being typed): not usable
    // yet, and said so in step 1 and step 3 (for a moment after each decode, step 3 said "load a folder first")
    labelling:
      labelling ||
      splitting ||
      (!!decoded &&
        !labelError &&
        !ruleError &&
        (labelled?.folder !== decoded.folder || labelled.rule !== rule)),
    uploaded,
    labelError:
      ruleError ??
      labelError ??
      (splitFailed && decoded ? `Could not split ${decoded.name} into train and test: ${splitFailed}` : null),
    rule,
    setRule,
    setRuleError,
    options,
    setOptions,
    testFraction,
    setTestFraction,
    overlapCount,
    message,
    clear: () => {
      setDecoded(null);
      setMade(null); // nothing kept of a cleared upload
    },
  };
}
