/**
 * Encoders saved in this browser (IndexedDB, via idb-keyval) by name, and encoders read from TensorFlow.js
 * model files the user drops in (model.json + its weight files).
 */
import { createStore, del, entries, set } from 'idb-keyval';
import type { ModelFiles } from '../../../workers/shared/contracts';

/** Bumped whenever SavedEncoder changes shape; a record of another version is reported and skipped. */
export const ENCODERS_SCHEMA = 1;

export interface SavedEncoder {
  schema?: number;
  name: string;
  files: ModelFiles;
  savedAt: string;
  /** From the model's userDefinedMetadata, when it was made by this lab. */
  description: string;
}

const store = () => createStore('epsilon-lab', 'encoders');

export function describeModel(modelJson: string): string {
  try {
    const meta = (JSON.parse(modelJson) as { userDefinedMetadata?: { epsilonLab?: Record<string, unknown> } })
      .userDefinedMetadata?.epsilonLab;
    if (!meta) return 'TensorFlow.js model';
    const enc = meta['encoder'] as { width?: number; inputSize?: number; channels?: number } | undefined;
    const pre = meta['pretrain'] as { dataset?: string; datasets?: string[]; epochs?: number } | undefined;
    return `SimCLR encoder, width ${enc?.width}, ${enc?.inputSize}×${enc?.inputSize}×${enc?.channels}, pretrained on ${pre?.dataset ?? pre?.datasets?.join(' then ') ?? '?'}`;
  } catch {
    return 'unreadable model.json';
  }
}

export async function saveEncoder(name: string, files: ModelFiles): Promise<void> {
  const record: SavedEncoder = {
    schema: ENCODERS_SCHEMA,
    name,
    files,
    savedAt: new Date().toISOString(),
    description: describeModel(files.modelJson),
  };
  await set(name, record, store());
}

/** Why a stored value is not a usable saved encoder, or null. Records without a schema predate it (same shape). */
export function encoderProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'not a record';
  const o = v as Partial<SavedEncoder>;
  if (o.schema !== undefined && o.schema !== ENCODERS_SCHEMA)
    return `schema ${String(o.schema)}, this lab reads ${ENCODERS_SCHEMA}`;
  if (typeof o.name !== 'string' || typeof o.savedAt !== 'string') return 'no name or date';
  if (!o.files || typeof o.files.modelJson !== 'string' || !(o.files.weights instanceof ArrayBuffer))
    return 'no model files';
  try {
    const json = JSON.parse(o.files.modelJson) as { modelTopology?: unknown; weightsManifest?: unknown };
    if (!json.modelTopology || !Array.isArray(json.weightsManifest)) return 'model.json without a topology';
  } catch {
    return 'model.json is not JSON';
  }
  return null;
}

/** Saved encoders, newest first; corrupt or other-version records are reported through `onProblem` and skipped. */
export async function listEncoders(onProblem?: (message: string) => void): Promise<SavedEncoder[]> {
  const good: SavedEncoder[] = [];
  const problems: string[] = [];
  for (const [key, v] of await entries<IDBValidKey, unknown>(store())) {
    const why = encoderProblem(v);
    if (why) problems.push(`${typeof key === 'string' ? `"${key}"` : JSON.stringify(key)}: ${why}`);
    else good.push(v as SavedEncoder);
  }
  if (problems.length) onProblem?.(`Some saved encoders were skipped (${problems.join('; ')}).`);
  return good.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function deleteEncoder(name: string): Promise<void> {
  await del(name, store());
}

/** model.json plus the weight files its manifest names (matched by file name), concatenated in manifest order. */
export async function readModelFiles(files: File[]): Promise<ModelFiles> {
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json) throw new Error('choose the model.json file together with its weight file(s)');
  const modelJson = await json.text();
  let manifest: { paths: string[] }[];
  try {
    manifest = (JSON.parse(modelJson) as { weightsManifest: { paths: string[] }[] }).weightsManifest;
    if (!Array.isArray(manifest)) throw new Error('no weightsManifest');
  } catch (e) {
    throw new Error(`${json.name} is not a TensorFlow.js layers model (${(e as Error).message})`);
  }
  const parts: ArrayBuffer[] = [];
  for (const path of manifest.flatMap((g) => g.paths)) {
    const name = path.split('/').pop()!;
    const f = files.find((x) => x.name === name);
    if (!f) throw new Error(`${json.name} needs the weight file ${name}: choose it too`);
    parts.push(await f.arrayBuffer());
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const weights = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return { modelJson, weights: weights.buffer };
}
