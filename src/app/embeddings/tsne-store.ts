/**
 * Step 6's last map of public images, kept in IndexedDB so that a reload mid-lecture shows it again (a map of
 * 3,000 points takes 30–40 s on a laptop's CPU): one record, replaced by each finished public map and removed when
 * any new map starts. Maps of private images (the private test split, the user's images) are never stored: they
 * show private data point by point, and stay in the page that made them.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { TsneResult } from '../../../workers/shared/contracts';
import { isObject } from '../probe/record-store';
import { DEFAULT_TSNE, type TsneSettings } from './use-tsne';
import { parseTsneSettings } from './tsne-settings';

/** What the panel shows of a finished map: its settings, its titles, the result, and when it was made. */
export interface StoredTsneMap {
  schema: number;
  settings: TsneSettings;
  /** The right-hand map's title and the note under the maps, as they were when it was made. */
  title: string;
  note: string | null;
  /** When the map finished (ms since the epoch). */
  madeAt: number;
  result: TsneResult;
}

/** Bumped whenever StoredTsneMap changes shape; a record of another version is dropped. */
export const TSNE_MAP_SCHEMA = 1;

const KEY = 'last-public-map';
let opened: UseStore | null = null;
const store = () => (opened ??= createStore('epsilon-lab-tsne', 'maps'));

const finiteIn = (a: Float32Array, lo: number, hi: number) => a.every((v) => v >= lo && v <= hi);

/** What is wrong with a stored map, in words, or null when the panel can show it as it is. */
export function tsneMapProblem(x: unknown): string | null {
  if (!isObject(x)) return 'not an object';
  if (x['schema'] !== TSNE_MAP_SCHEMA) return `schema ${String(x['schema'])}, not ${TSNE_MAP_SCHEMA}`;
  const settings = x['settings'];
  // settings the controls offer, exactly (a value they do not offer would be read back as the default's)
  if (!isObject(settings)) return 'no settings';
  const offered = parseTsneSettings(JSON.stringify(settings), DEFAULT_TSNE);
  const fields = Object.keys(DEFAULT_TSNE) as (keyof TsneSettings)[];
  if (Object.keys(settings).length !== fields.length || fields.some((k) => offered[k] !== settings[k]))
    return 'settings the controls do not offer';
  if (settings['split'] !== 'public') return 'a map of private images';
  if (typeof x['title'] !== 'string') return 'no title';
  if (x['note'] !== null && typeof x['note'] !== 'string') return 'a bad note';
  if (!Number.isFinite(x['madeAt'])) return 'no time';
  const r = x['result'];
  if (!isObject(r)) return 'no result';
  const count = r['count'];
  const { width, channels } = r;
  const made = settings as unknown as TsneSettings;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > made.cap) return 'a bad count';
  const n = count as number;
  if (!Number.isInteger(r['total']) || (r['total'] as number) < n) return 'a bad total';
  if (!Number.isInteger(width) || (width as number) < 1 || (channels !== 1 && channels !== 3))
    return 'a bad image size';
  const images = r['images'];
  if (!(images instanceof Uint8Array) || images.length !== n * (width as number) ** 2 * (channels as number))
    return 'images that do not match the count';
  const names = r['classNames'];
  if (!Array.isArray(names) || !names.length || !names.every((s) => typeof s === 'string'))
    return 'bad class names';
  const labels = r['labels'];
  if (
    !(labels instanceof Int32Array) ||
    labels.length !== n ||
    !labels.every((l) => l >= 0 && l < names.length)
  )
    return 'labels that do not match the count';
  for (const which of ['random', 'current']) {
    const p = r[which];
    if (!(p instanceof Float32Array) || p.length !== 2 * n || !finiteIn(p, -1e6, 1e6))
      return `${which} coordinates that do not match the count`;
  }
  for (const k of ['randomKnn', 'currentKnn'])
    if (typeof r[k] !== 'number' || !(r[k] >= 0 && r[k] <= 1)) return `a bad ${k}`;
  const iterationsRun = r['iterationsRun'];
  if (
    !Number.isInteger(iterationsRun) ||
    (iterationsRun as number) < 0 ||
    (iterationsRun as number) > made.iterations
  )
    return 'bad iterations';
  if (!Number.isFinite(r['seconds'])) return 'no time taken';
  return null;
}

/** The stored public map, or null: none, unreadable, or not as the panel shows it (then it is dropped). */
export async function loadTsneMap(): Promise<StoredTsneMap | null> {
  try {
    const x: unknown = await get(KEY, store());
    if (x === undefined) return null;
    if (tsneMapProblem(x) === null) return x as StoredTsneMap;
    await del(KEY, store());
  } catch {
    // storage refused (a private window, a sandboxed frame): the maps are made again
  }
  return null;
}

/** Keeps a finished public map (a map of private images is refused), replacing the last. */
export async function saveTsneMap(map: StoredTsneMap): Promise<void> {
  const problem = tsneMapProblem(map);
  if (problem) throw new Error(`t-SNE map not kept: ${problem}`);
  await set(KEY, map, store());
}

/** Removes the stored map (a new map started, or "Reset stored runs"). */
export async function clearTsneMap(): Promise<void> {
  await del(KEY, store());
}
