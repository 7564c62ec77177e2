/**
 * LabConfig ⇄ URL hash, through one schema table (after TensorFlow Playground's state.ts): short stable keys,
 * typed values, enums by name. Unknown or invalid entries are ignored (the default stays), so an old or
 * hand-edited link still opens.
 *
 * Never in the URL (`NOT_IN_URL`): the seed. Whoever knows a run's seed can regenerate its noise, so a link
 * that carried it would void the guarantee for everyone it is shared with; a `seed=` in an old link is ignored.
 */
import { LAB_EPSILON_MAX, LAB_SIGMA_MIN } from '../lib/dp/plan.ts';
import { DEFAULT_CONFIG, type LabConfig } from './lab-config.ts';

type Field =
  | { key: string; field: keyof LabConfig; kind: 'number'; min: number; max: number }
  | { key: string; field: keyof LabConfig; kind: 'nullable-int'; min: number; max: number }
  | { key: string; field: keyof LabConfig; kind: 'enum'; values: readonly string[] }
  | { key: string; field: keyof LabConfig; kind: 'text' }
  | { key: string; field: keyof LabConfig; kind: 'boolean' };

export const URL_SCHEMA: readonly Field[] = [
  // σ and ε within what the lab's controls set (LAB_SIGMA_MIN, LAB_EPSILON_MAX): a link with σ = 0.01 froze the page
  { key: 'sigma', field: 'noiseMultiplier', kind: 'number', min: LAB_SIGMA_MIN, max: 1000 },
  { key: 'C', field: 'clipNorm', kind: 'number', min: 1e-6, max: 1e6 },
  { key: 'B', field: 'expectedBatchSize', kind: 'number', min: 1, max: 1e7 },
  { key: 'epochs', field: 'epochs', kind: 'number', min: 0.01, max: 10_000 },
  { key: 'delta', field: 'deltaExp', kind: 'number', min: -30, max: -1 },
  {
    key: 'encoder',
    field: 'encoder',
    kind: 'enum',
    values: ['shipped', 'scatter', 'pixels', 'simclr-v1', 'random', 'session'],
  },
  { key: 'opt', field: 'optimizer', kind: 'enum', values: ['sgd', 'adam'] },
  { key: 'lr', field: 'learningRate', kind: 'number', min: 1e-8, max: 1e4 },
  { key: 'momentum', field: 'momentum', kind: 'number', min: 0, max: 0.999 },
  { key: 'subset', field: 'privateSubset', kind: 'nullable-int', min: 1, max: 1e9 },
  { key: 'dims', field: 'featureDims', kind: 'nullable-int', min: 1, max: 1e5 },
  { key: 'mode', field: 'privacyMode', kind: 'enum', values: ['fixed-sigma', 'target-epsilon', 'budget'] },
  { key: 'acct', field: 'accountant', kind: 'enum', values: ['rdp', 'pld'] },
  { key: 'eps', field: 'targetEpsilon', kind: 'number', min: 1e-6, max: LAB_EPSILON_MAX },
  { key: 'sweep', field: 'sweepEpsilons', kind: 'text' },
  { key: 'seeds', field: 'sweepSeeds', kind: 'number', min: 1, max: 10 },
  { key: 'contrast', field: 'contrast', kind: 'boolean' },
];

/** Config fields that are never written into (or read from) the URL. */
export const NOT_IN_URL: readonly (keyof LabConfig)[] = ['seed'];

/**
 * The configuration as a URL hash. `omit`: fields left out because they are at a default that depends on the
 * data (δ while it follows N): a link without them opens at the default for the data it opens on.
 */
export function encodeConfig(config: LabConfig, omit: readonly (keyof LabConfig)[] = []): string {
  const params = new URLSearchParams();
  for (const f of URL_SCHEMA) {
    if (omit.includes(f.field)) continue;
    const v = config[f.field];
    params.set(f.key, v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return `#${params.toString()}`;
}

export function decodeConfig(hash: string, base: LabConfig = DEFAULT_CONFIG): LabConfig {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Record<string, unknown> = { ...base };
  for (const f of URL_SCHEMA) {
    const raw = params.get(f.key);
    if (raw === null) continue;
    if (f.kind === 'text') out[f.field] = raw;
    else if (f.kind === 'boolean') {
      if (raw === '1' || raw === '0') out[f.field] = raw === '1';
    } else if (f.kind === 'enum') {
      if (f.values.includes(raw)) out[f.field] = raw;
    } else if (f.kind === 'nullable-int') {
      if (raw === '') out[f.field] = null;
      else {
        const n = Number(raw);
        if (Number.isInteger(n) && n >= f.min && n <= f.max) out[f.field] = n;
      }
    } else {
      const n = Number(raw);
      if (raw !== '' && Number.isFinite(n) && n >= f.min && n <= f.max) out[f.field] = n;
    }
  }
  return out as unknown as LabConfig;
}

/** Whether a link sets this field (a valid value or not). */
export function linkSets(hash: string, field: keyof LabConfig): boolean {
  const key = URL_SCHEMA.find((f) => f.field === field)?.key;
  return key !== undefined && new URLSearchParams(hash.replace(/^#/, '')).has(key);
}
