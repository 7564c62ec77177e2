/** Finished runs kept in IndexedDB (idb-keyval), and their exports: CSV, JSON and a plain-text privacy statement. */
import { createStore, get, set } from 'idb-keyval';
import type { RunRecord } from './use-private-training';

const store = () => createStore('epsilon-lab-runs', 'runs');

export async function loadRuns(): Promise<RunRecord[]> {
  return ((await get<RunRecord[]>('runs', store())) ?? []).map((r) => ({
    ...r,
    epsilon: r.epsilon ?? Infinity,
  }));
}

export async function storeRuns(runs: RunRecord[]): Promise<void> {
  await set('runs', runs, store());
}

const CSV_COLUMNS: (keyof RunRecord)[] = [
  'id',
  'label',
  'kind',
  'encoder',
  'private',
  'noiseMultiplier',
  'sampleRate',
  'clipNorm',
  'expectedBatchSize',
  'epochs',
  'steps',
  'delta',
  'epsilon',
  'testAccuracy',
  'stopReason',
  'seconds',
  'backend',
  'seedSource',
];

export function runsToCsv(runs: RunRecord[]): string {
  const cell = (v: unknown) => {
    const s = v === Infinity ? 'Infinity' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [CSV_COLUMNS.join(','), ...runs.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') +
    '\n'
  );
}

export function runsToJson(runs: RunRecord[]): string {
  // The probe's weights are exported as model files, not in this table.
  return JSON.stringify(
    runs.map(({ weights: _w, bias: _b, ...rest }) => rest),
    (_, v: unknown) => (v === Infinity ? 'Infinity' : v),
    2,
  );
}

/** "DP-SGD, Poisson sampling q = …, σ = …, C = …, T = … steps, add-or-remove adjacency, (ε, δ) by RDP…" */
export function privacyStatement(r: RunRecord, datasetLabel: string): string {
  if (!r.private)
    return `Run ${r.id} (${r.label}) was trained without differential privacy: it has no privacy guarantee.`;
  return (
    `Run ${r.id} (${r.label}): a linear probe trained with DP-SGD on ${datasetLabel}, ` +
    `Poisson sampling with q = ${r.sampleRate.toPrecision(4)}, noise multiplier σ = ${r.noiseMultiplier.toPrecision(4)}, ` +
    `clipping norm C = ${r.clipNorm}, T = ${r.steps} steps${r.stopReason === 'done' ? '' : ` (${r.stopReason === 'budget' ? 'stopped at the budget' : 'stopped early'})`}, ` +
    `add-or-remove-one adjacency: (ε = ${r.epsilon.toPrecision(4)}, δ = ${r.delta.toExponential(0)})-differentially private by Rényi DP ` +
    `accounting (Mironov et al. 2019) with the improved conversion (Balle et al. 2020). The encoder and the pretraining data are ` +
    `treated as public; choosing settings by looking at private test accuracy is not covered.`
  );
}
