/**
 * Finished runs kept in IndexedDB (idb-keyval), one record per run, and their exports: CSV, JSON and a
 * plain-text privacy statement.
 */
import { promisifyRequest } from 'idb-keyval';
import { ACCOUNTANT_LABELS, ACCOUNTANT_METHOD, isAccountantName } from '../../lib/privacy/accountant-names';
import { toCsv } from '../../lib/data/csv';
import { toJson } from '../../lib/json-numbers';
import type { RunRecord } from './run-record';
import { fmt, fmtUp } from '../shell/format';
import type { SweepRecord } from './sweep-store';
import { migrateProbeConfig } from '../../lib/dp/plan';
import {
  clearRecords,
  isObject,
  legacyRest,
  loadRecords,
  migrateLegacy,
  onOtherTabChange,
  recordStore,
  writeRecords,
} from './record-store';

/** One record per run, under `run:<id>`; run ids are unique across tabs (`nextRunId`). */
const RUNS = recordStore('epsilon-lab-runs', 'runs', 'run:');
/** The runs as one value, as stored before one record per run. */
const LEGACY_KEY = 'runs';
/** The next run id, shared by the tabs. */
const COUNTER_KEY = 'next-run-id';
const runKey = (id: number) => `${RUNS.prefix}${id}`;

/** Bumped whenever RunRecord changes shape; records of another version are reported and skipped. */
export const RUNS_SCHEMA = 1;

interface StoredRuns {
  schema: number;
  runs: unknown[];
}

const STRING_FIELDS: (keyof RunRecord)[] = [
  'label',
  'kind',
  'encoder',
  'stopReason',
  'backend',
  'seedSource',
  'accountant',
];
/** The CSV's other columns except id, private and epsilon (checked on their own) are finite numbers. */
const numberFields = () =>
  CSV_COLUMNS.filter((c) => !STRING_FIELDS.includes(c) && c !== 'id' && c !== 'private' && c !== 'epsilon');

/** Why a stored record cannot be shown, or null when it is a valid RunRecord. */
export function runProblem(r: unknown): string | null {
  if (typeof r !== 'object' || r === null) return 'not a record';
  const o = r as Record<string, unknown>;
  if (!Number.isInteger(o['id']) || (o['id'] as number) < 1) return 'no valid id';
  for (const f of numberFields())
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) return `${f} is not a finite number`;
  for (const f of STRING_FIELDS) if (typeof o[f] !== 'string' && f !== 'accountant') return `${f} is missing`;
  if (!['dp', 'non-private', 'random-dp'].includes(o['kind'] as string))
    return `unknown kind "${String(o['kind'])}"`;
  if (typeof o['private'] !== 'boolean') return 'private is missing';
  // optional (runs saved before it lack it), but the privacy statement and the probe export write it
  const trainSize = o['trainSize'];
  if (trainSize !== undefined && !(Number.isInteger(trainSize) && (trainSize as number) > 0))
    return 'trainSize is not a whole number > 0';
  if (o['accountant'] !== undefined && !isAccountantName(o['accountant']))
    return `unknown accountant ${JSON.stringify(o['accountant'])}`;
  const eps = o['epsilon'];
  if (typeof eps !== 'number' || Number.isNaN(eps) || eps < 0) return 'epsilon is not a number ≥ 0';
  for (const f of ['curve', 'perClassAccuracy', 'confusion'])
    if (!Array.isArray(o[f])) return `${f} is not a list`;
  // what step 3 draws from them: an entry of another shape would break the page, not one run
  if (!(o['curve'] as unknown[]).every((m) => isObject(m) && typeof m['epoch'] === 'number'))
    return 'curve holds an entry that is not an epoch';
  if (!(o['perClassAccuracy'] as unknown[]).every((a) => typeof a === 'number'))
    return 'perClassAccuracy holds a value that is not a number';
  if (
    !(o['confusion'] as unknown[]).every(
      (row) => Array.isArray(row) && row.every((c) => typeof c === 'number'),
    )
  )
    return 'confusion is not a table of numbers';
  for (const f of ['probeConfig', 'reembed'])
    if (o[f] !== undefined && !isObject(o[f])) return `${f} is not a record`;
  const histogram = o['gradientNormHistogram'];
  if (
    histogram !== undefined &&
    !(isObject(histogram) && Array.isArray(histogram['edges']) && Array.isArray(histogram['counts']))
  )
    return 'gradientNormHistogram is not a histogram';
  for (const f of ['weights', 'bias']) {
    const w = o[f];
    if (!(w instanceof Float32Array)) return `${f} are not stored weights`;
    for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i]!)) return `${f} hold non-finite values`;
  }
  return null;
}

/** The valid runs of a stored value (any version), and one line per record skipped. */
export function parseStoredRuns(value: unknown): { runs: RunRecord[]; problems: string[] } {
  if (value === undefined || value === null) return { runs: [], problems: [] };
  // Before schema 1 the runs were stored as a bare list of the same records: each is checked like any other.
  const stored = (Array.isArray(value) ? { schema: RUNS_SCHEMA, runs: value } : value) as Partial<StoredRuns>;
  if (typeof stored.schema !== 'number' || !Array.isArray(stored.runs))
    return { runs: [], problems: ['the stored runs are not in a format this lab knows and were skipped'] };
  if (stored.schema !== RUNS_SCHEMA)
    return {
      runs: [],
      problems: [`the stored runs have schema ${stored.schema}, this lab reads ${RUNS_SCHEMA}; skipped`],
    };
  const runs: RunRecord[] = [];
  const problems: string[] = [];
  const ids = new Set<number>();
  stored.runs.forEach((r, i) => {
    const why = runProblem(r) ?? (ids.has((r as RunRecord).id) ? 'a repeated id' : null);
    if (why) problems.push(`stored run ${i + 1} was skipped: ${why}`);
    else {
      ids.add((r as RunRecord).id);
      runs.push(r as RunRecord);
    }
  });
  return { runs, problems };
}

/**
 * Runs saved in this browser, by id; records that are old or corrupt are reported through `onProblem` and
 * skipped. Runs stored the old way (one value for all) are moved to one record each first.
 */
export async function loadRuns(onProblem?: (message: string) => void): Promise<RunRecord[]> {
  await migrateLegacy(RUNS, LEGACY_KEY, (legacy, taken) => {
    const { runs } = parseStoredRuns(legacy);
    // a run whose id is already stored in its own record (a repeated id, or a tab of an older lab still saving
    // its whole list) must not overwrite it: it stays, and is reported
    const movable = runs.filter((r) => !taken.has(runKey(r.id)));
    if (!movable.length) return { records: [], rest: legacy }; // nothing to move: left as it is
    const moved = new Set(movable);
    const list = Array.isArray(legacy) ? legacy : (legacy as Partial<StoredRuns>).runs;
    // what cannot be read here (a corrupt record, a repeated id) stays where it was, and is reported
    const left = Array.isArray(list) ? list.filter((r) => !moved.has(r as RunRecord)) : [];
    return {
      records: movable.map((r) => [runKey(r.id), { schema: RUNS_SCHEMA, runs: [r] } satisfies StoredRuns]),
      rest: left.length ? { schema: RUNS_SCHEMA, runs: left } : undefined,
    };
  });
  const rest = parseStoredRuns(await legacyRest(RUNS, LEGACY_KEY));
  const problems = [
    ...rest.problems,
    ...rest.runs.map((r) => `a run stored the old way has id ${r.id}, which a stored run has; kept apart`),
  ];
  const records = await loadRecords(RUNS);
  const runs: RunRecord[] = [];
  for (const [key, value] of records) {
    const parsed = parseStoredRuns(value);
    problems.push(...parsed.problems.map((p) => `${key}: ${p}`));
    const run = parsed.runs[0];
    if (run && runKey(run.id) === key) {
      // one record that cannot be brought to today's shape is skipped, not every run with it
      try {
        runs.push(upgradeStoredRun(run));
      } catch (e) {
        problems.push(`${key}: ${e instanceof Error ? e.message : String(e)}; skipped`);
      }
    } else if (run) problems.push(`${key} holds run ${run.id}; skipped`);
  }
  if (problems.length) onProblem?.(`Some saved runs could not be restored (${problems.join('; ')}).`);
  return runs.sort((a, b) => a.id - b.id);
}

/** Writes these runs (one record each) and deletes the runs of those record keys. */
export async function writeRuns(put: RunRecord[], remove: string[]): Promise<void> {
  await writeRecords(
    RUNS,
    put.map((r) => [runKey(r.id), { schema: RUNS_SCHEMA, runs: [r] } satisfies StoredRuns]),
    remove,
  );
}

export const runRecordKey = (r: RunRecord) => runKey(r.id);
export const onRunsChanged = (onChange: () => void) => onOtherTabChange(RUNS, onChange);

/**
 * A run id no tab has used: the shared counter, advanced in one transaction (and at least `atLeast`, this
 * page's own next id). Two tabs used to number their runs from the same stored list, and their runs collided.
 */
export async function nextRunId(atLeast: number): Promise<number> {
  let id = atLeast;
  await RUNS.store()('readwrite', async (os) => {
    const counter = await promisifyRequest(os.get(COUNTER_KEY) as IDBRequest<unknown>);
    const keys = await promisifyRequest(os.getAllKeys());
    // the ids of runs still stored the old way count too (runs that could not be moved)
    const legacy = parseStoredRuns(await promisifyRequest(os.get(LEGACY_KEY) as IDBRequest<unknown>));
    const stored = keys
      .map((k) =>
        typeof k === 'string' && k.startsWith(RUNS.prefix) ? Number(k.slice(RUNS.prefix.length)) : 0,
      )
      .filter(Number.isInteger);
    id = Math.max(
      atLeast,
      Number.isInteger(counter) ? (counter as number) : 1,
      ...stored.map((v) => v + 1),
      ...legacy.runs.map((r) => r.id + 1),
    );
    os.put(id + 1, COUNTER_KEY);
    await promisifyRequest(os.transaction);
  });
  return id;
}

/** A valid stored run in today's shape: what older versions of the lab stored differently is migrated. */
export function upgradeStoredRun(r: RunRecord): RunRecord {
  // Runs stored before issue #12 carried per-example gradient norms: they are dropped on load.
  const { gradientNorms: _dropped, ...rest } = r as RunRecord & { gradientNorms?: unknown };
  return {
    ...rest,
    epsilon: r.private ? (r.epsilon ?? Infinity) : Infinity,
    // Runs stored before the accountant choice (issue #15) were all accounted with RDP.
    accountant: r.accountant ?? 'rdp',
    // Runs stored before `privacy` became nullable said "not private" with a flag beside a privacy mode.
    ...(r.probeConfig ? { probeConfig: migrateProbeConfig(r.probeConfig) } : {}),
  };
}

/** A storage error in words (a full disk or quota is the common one). */
export function storageErrorMessage(e: unknown): string {
  const err = e as { name?: string; message?: string };
  if (err?.name === 'QuotaExceededError')
    return "this browser's storage for the lab is full (delete saved encoders or runs, or free disk space)";
  return err?.message ?? String(e);
}

/** Deletes every stored run (the ids already used stay used). */
export async function clearStoredRuns(): Promise<void> {
  await clearRecords(RUNS, LEGACY_KEY);
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
  'accountant',
  'testAccuracy',
  'stopReason',
  'seconds',
  'backend',
  'seedSource',
];

/**
 * A run's value in a CSV column: as stored, except a non-private run's clipping norm, which it never applied
 * (the non-private baseline neither clips nor adds noise): empty, as the runs table shows "—".
 */
const exported = (r: RunRecord, c: keyof RunRecord) => (c === 'clipNorm' && !r.private ? null : r[c]);

export function runsToCsv(runs: RunRecord[]): string {
  return toCsv(
    CSV_COLUMNS,
    runs.map((r) => CSV_COLUMNS.map((c) => exported(r, c))),
  );
}

export const NON_PRIVATE_DIAGNOSTICS_NOTE =
  'Non-private diagnostics: computed from the private data without noise; not covered by ε.';

/** Below this many training images, an export says how close its non-private diagnostics come to single images. */
export const SMALL_DATA_IMAGES = 1000;

/** The diagnostics' note for a run on `trainImages` images (unknown for runs saved before it was recorded). */
export function diagnosticsNote(trainImages: number | undefined): string {
  return trainImages !== undefined && trainImages < SMALL_DATA_IMAGES
    ? `${NON_PRIVATE_DIAGNOSTICS_NOTE} With only ${trainImages} training images, they come close to single ` +
        'images: a bin of the gradient-norm histogram may hold one image, and each training-accuracy step is ' +
        `1/${trainImages} of the data.`
    : NON_PRIVATE_DIAGNOSTICS_NOTE;
}

/** A built-in split's ledger key (`datasetKey`), as opposed to an upload's (a hash of its images). */
const isBuiltinKey = (key: string) => key.startsWith('builtin:');

/**
 * How an export names a run's private dataset: a built-in split by its key (`builtin:fashion-mnist`), the user's
 * images as "upload" with their place among the uploads in that export ("upload 1", "upload 2"). Never by the
 * upload's key: that is a hash of the private images, splits and labels, which anyone holding candidate images
 * could test a guess against (a fingerprint no ε covers); it stays in this browser, where it keys the ledger.
 */
export function exportedDatasetNames(keys: readonly (string | undefined)[]): Map<string, string> {
  // (counted from 1 in each file: "upload 1" in one export and in another need not be the same images)
  const names = new Map<string, string>();
  let uploads = 0;
  for (const key of keys)
    if (key !== undefined && !names.has(key)) names.set(key, isBuiltinKey(key) ? key : `upload ${++uploads}`);
  return names;
}

/** One run's dataset as its model files name it: a built-in split's key, or "upload" (see above). */
export const exportedDatasetName = (key: string): string => (isBuiltinKey(key) ? key : 'upload');

/**
 * Runs as JSON: an explicit list of fields (nothing stored with a run leaks by default). Per run: the
 * settings, what ran and its ε (its privacy is in `privacy`), the per-epoch test curve, and the non-private
 * diagnostics apart, under a label. Nothing per example; the probe's weights go out as model files.
 */
export function runsToJson(runs: RunRecord[], sweeps: readonly SweepRecord[] = []): string {
  const datasets = exportedDatasetNames([...runs.map((r) => r.dataset), ...sweeps.map((sw) => sw.dataset)]);
  const datasetOf = (key: string | undefined) => (key === undefined ? null : datasets.get(key)!);
  const out = {
    note:
      'ε is per run; runs on the same private data compose (see "Privacy spent on this data" in the lab). ' +
      'Your images are named "upload N" (their order in this file), not by a hash of them.',
    runs: runs.map((r) => ({
      ...Object.fromEntries(CSV_COLUMNS.map((c) => [c, exported(r, c)])),
      dataset: datasetOf(r.dataset),
      // the private training images the run used (q and ε are for this N; null for runs saved before it)
      trainImages: r.trainSize ?? null,
      privacy: r.private
        ? {
            epsilon: r.epsilon,
            delta: r.delta,
            accountant: ACCOUNTANT_METHOD[r.accountant],
            adjacency: 'add-or-remove one example; N treated as public',
            noise:
              r.seedSource === 'user'
                ? 'from a user-chosen seed: no guarantee against anyone who knows it'
                : 'cryptographic (crypto.getRandomValues)',
          }
        : { epsilon: Infinity, note: 'no privacy: trained on your private data' },
      // epochs counted from 1, as the charts and the "Epochs" setting count them (a run stopped at its budget
      // ends with a partial one)
      testCurve: r.curve.map((m) => ({
        epoch: m.epoch + 1,
        step: m.step,
        epsilon: m.epsilon,
        testLoss: m.testLoss,
        testAccuracy: m.testAccuracy,
      })),
      nonPrivateDiagnostics: {
        note: diagnosticsNote(r.trainSize),
        perEpoch: r.curve.map((m) => ({
          epoch: m.epoch + 1,
          trainLoss: m.trainLoss,
          trainAccuracy: m.trainAccuracy,
          clippedFraction: m.clippedFraction,
          meanBatchSize: m.meanBatchSize,
        })),
        gradientNormHistogram: r.gradientNormHistogram ?? null,
        perClassTestAccuracy: r.perClassAccuracy,
        testConfusionMatrix: r.confusion,
      },
    })),
    // accuracy versus target ε: per target, the test accuracy of each repeat, their mean and spread
    sweeps: sweeps.map((sw, i) => ({
      sweep: i + 1,
      encoder: sw.encoder,
      dataset: datasetOf(sw.dataset),
      delta: sw.delta ?? null,
      accountant: sw.accountant ?? null,
      points: sw.points,
    })),
  };
  return toJson(out, 2);
}

/** How a privacy statement names each accountant's method and sources. */
const ACCOUNTANT_CITATION: Record<RunRecord['accountant'], string> = {
  rdp: 'Rényi DP accounting (Mironov et al. 2019) with the improved conversion (Balle et al. 2020)',
  pld: `${ACCOUNTANT_LABELS.pld} accounting (Koskela et al. 2020; Doroshenko et al. 2022, as in Google's dp_accounting), pessimistic discretisation, an upper bound`,
};

/** "DP-SGD, Poisson sampling q = …, σ = …, C = …, T = … steps, add-or-remove adjacency, (ε, δ) by RDP…" */
export function privacyStatement(
  r: RunRecord,
  datasetLabel: string,
  spent?: { epsilon: number; delta: number; dpRuns: number; reason: string | null },
): string {
  if (!r.private)
    return `Run ${r.id} (${r.label}) was trained without differential privacy: it has no privacy guarantee.`;
  const seed =
    r.seedSource === 'user'
      ? ' The noise and the sampling came from a seed you chose: the run is reproducible, and the guarantee does not hold against anyone who knows the seed.'
      : ' The noise came from the cryptographic generator (crypto.getRandomValues).';
  const total = !spent
    ? ''
    : spent.reason
      ? ` All runs on this data together: ε = ∞ (${spent.reason}).`
      : ` All ${spent.dpRuns} DP runs on this data together (RDP composition): ε = ${fmtUp(spent.epsilon, 4)} at δ = ${spent.delta.toExponential(0)}.`;
  // the images it trained on: a subset's N is what q and ε are for ("first 2,000" is not the whole split)
  const on =
    r.trainSize === undefined
      ? datasetLabel
      : `${r.trainSize.toLocaleString('en')} images of ${datasetLabel}`;
  return (
    `Run ${r.id} (${r.label}): a linear probe trained with DP-SGD on ${on}, ` +
    // 4 significant digits (q and σ enough to recompute ε), and ε rounded up: never below the accountant's
    `Poisson sampling with q = ${fmt(r.sampleRate, 4)}, noise multiplier σ = ${fmt(r.noiseMultiplier, 4)}, ` +
    `clipping norm C = ${r.clipNorm}, T = ${r.steps} steps${r.stopReason === 'done' ? '' : ` (${r.stopReason === 'budget' ? 'stopped at the budget' : 'stopped early'})`}, ` +
    `add-or-remove-one adjacency (N treated as public): (ε = ${fmtUp(r.epsilon, 4)}, δ = ${r.delta.toExponential(0)})-differentially private by ` +
    `${ACCOUNTANT_CITATION[r.accountant]}. The encoder and the pretraining data are ` +
    `treated as public; choosing settings by looking at private test accuracy is not covered. ` +
    `This ε is for this run alone: runs on the same data compose (their RDP adds up: RDP composition).` +
    seed +
    total
  );
}
