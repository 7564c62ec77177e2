/** Probe configuration and its plan (σ, q, steps): pure, no tfjs, so the UI can use it directly. */
import { type AccountantJson, dpSgdSchedule } from '../privacy/accountant.ts';
import {
  type CalibrationOptions,
  calibrateNoiseMultiplier,
  maxStepsForBudget,
} from '../privacy/calibrate.ts';
import type { AccountantName } from '../privacy/privacy-accountant.ts';

export type PrivacyMode =
  | { kind: 'fixed-sigma'; noiseMultiplier: number }
  | { kind: 'target-epsilon'; targetEpsilon: number }
  | { kind: 'budget'; noiseMultiplier: number; budgetEpsilon: number };

export interface ProbeConfig {
  /**
   * How the run is private, or null for the non-private baseline (no clipping, no noise, no guarantee). One
   * field, so that a config cannot say "not private" and carry a privacy mode, or the other way round.
   */
  privacy: PrivacyMode | null;
  clipNorm: number;
  expectedBatchSize: number;
  epochs: number;
  learningRate: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  /** null: the default for the dataset, 1/(10·N) rounded down to a power of ten (`defaultDelta`). */
  delta: number | null;
  /**
   * null (the default): noise from crypto.getRandomValues, sampling from a generator seeded with 128 bits from
   * it. A number: reproducible streams, and no guarantee against anyone who knows the seed.
   */
  seed: number | null;
  /** The accountant that calibrates σ, stops at the budget and reports ε (default `rdp`). */
  accountant?: AccountantName;
  /**
   * Train on the first this many features only (absent: all). For an encoder whose features are public PCA
   * components, largest first (`featureDimsFor`); public, so it costs no privacy.
   */
  featureDims?: number;
}

/**
 * The range of σ and of a target or budget ε that the lab accepts from its controls and from a link. Below
 * σ = 0.25 the accountants' cost climbs steeply (one PLD ε at σ = 0.1 takes 18 s on a 2-core machine, one RDP ε
 * at σ = 0.01 several seconds) while ε is already in the hundreds for any training run; a target above ε = 100
 * promises next to nothing, and calibrating for it needs such a σ. `planProbe` calibrates σ no lower than
 * LAB_SIGMA_MIN either (a short schedule reaches ε = 100 at σ ≈ 0.1, where one PLD plan took 63 s); the
 * accountants themselves take any valid value.
 */
export const LAB_SIGMA_MIN = 0.25;
export const LAB_EPSILON_MAX = 100;
/**
 * The smallest target ε the lab trains for: below it σ runs to the thousands (ε = 0.0001 over the default schedule
 * needed σ ≈ 60,000), the probe learns nothing, and the RDP bound reads ε = 0 (the whole loss within δ), which a
 * class reads as "no privacy loss". `planProbe` refuses a lower target, however it came (a field, a link, a
 * budget typed before switching to target mode).
 */
export const LAB_TARGET_EPSILON_MIN = 0.01;

/**
 * Options for `calibrateNoiseMultiplier` (here or in the accountant worker) as the lab calibrates: never below
 * LAB_SIGMA_MIN, so a target that needs less noise gets σ = LAB_SIGMA_MIN and its own, smaller ε. The one place
 * for that policy: step 3's runs (`planProbe`) and step 5's Solve for σ both calibrate through it.
 */
export function labCalibration(options: Omit<CalibrationOptions, 'minNoiseMultiplier'>): CalibrationOptions {
  return { ...options, minNoiseMultiplier: LAB_SIGMA_MIN };
}

/** What a run's plan (σ, q, steps, δ) depends on, as a key: learning rate, seed or C do not change it. */
export function planKey(config: ProbeConfig, datasetSize: number): string {
  const { privacy, expectedBatchSize, epochs, delta, accountant } = config;
  return JSON.stringify([privacy, expectedBatchSize, epochs, delta, accountant ?? 'rdp', datasetSize]);
}

export const DEFAULT_PROBE_CONFIG: ProbeConfig = {
  privacy: { kind: 'fixed-sigma', noiseMultiplier: 1 },
  clipNorm: 1,
  expectedBatchSize: 1000,
  epochs: 10,
  learningRate: 2,
  optimizer: 'sgd',
  momentum: 0.9,
  delta: null,
  seed: null,
};

/** δ's default for N private examples: 1/(10·N) rounded down to a power of ten (exact for integer N). */
export function defaultDelta(datasetSize: number): number {
  return deltaOfExponent(defaultDeltaExponent(datasetSize));
}

/** 10^e exactly as written: `10 ** -5` is 9.999999999999999e-6 in IEEE arithmetic, `Number('1e-5')` is 1e-5. */
export function deltaOfExponent(exponent: number): number {
  return Number(`1e${exponent}`);
}

/** The exponent of `defaultDelta`: −⌈log10(10·N)⌉, by integer arithmetic (no log10 rounding at powers of ten). */
export function defaultDeltaExponent(datasetSize: number): number {
  if (!(Number.isInteger(datasetSize) && datasetSize > 0))
    throw new Error(`N (dataset size) must be a positive integer, got ${datasetSize}`);
  let power = 1;
  let exponent = 0;
  while (power < 10 * datasetSize) {
    power *= 10;
    exponent++;
  }
  return -exponent;
}

/**
 * The δ a run on N examples uses: the given one, or the default. δ ≥ 1/N is refused: a mechanism that
 * publishes one random example outright is (0, 1/N)-DP, so such a δ promises nothing.
 */
export function resolveDelta(delta: number | null, datasetSize: number): number {
  const d = delta ?? defaultDelta(datasetSize);
  if (!(d > 0 && d < 1)) throw new Error(`δ must be in (0, 1), got ${d}`);
  if (d * datasetSize >= 1)
    throw new Error(
      `δ = ${d} is ≥ 1/N = ${1 / datasetSize} (N = ${datasetSize}): that allows releasing one example outright; choose δ < 1/N, e.g. ${defaultDelta(datasetSize)}`,
    );
  return d;
}

/**
 * A ProbeConfig as stored before `privacy` became nullable (`{ private: false, privacy: {…} }` then meant a
 * non-private run): run records in IndexedDB keep their config, so old ones are read through this.
 */
export function migrateProbeConfig(
  stored: ProbeConfig | (Omit<ProbeConfig, 'privacy'> & LegacyPrivacy),
): ProbeConfig {
  if (!('private' in stored)) return stored;
  const { private: isPrivate, privacy, ...rest } = stored;
  return { ...rest, privacy: isPrivate ? privacy : null };
}

interface LegacyPrivacy {
  private: boolean;
  privacy: PrivacyMode;
}

export interface ProbePlan {
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  delta: number;
}

/**
 * The last plans made, by config and N: a run is planned before it starts (to show q and σ) and again by the
 * trainer, and with the PLD accountant a target-ε or budget plan takes 0.5–3 s; the plan is a pure function of
 * its inputs, so the second one is a lookup.
 */
const planCache = new Map<string, ProbePlan>();

/** The expected batch B a run on N examples uses: the setting, capped at N (q = B/N is at most 1). */
export function cappedBatch(expectedBatchSize: number, datasetSize: number): number {
  return Math.min(expectedBatchSize, datasetSize);
}

/** σ, q, δ and the number of steps a config will run (calibrating σ for a target ε, capping steps for a budget). */
export function planProbe(config: ProbeConfig, datasetSize: number): ProbePlan {
  // keyed by what the plan depends on only: a sweep's runs (other seeds, learning rates) share their ε's plan
  const key = planKey(config, datasetSize);
  const hit = planCache.get(key);
  if (hit) return { ...hit };
  const plan = computePlan(config, datasetSize);
  planCache.set(key, plan);
  if (planCache.size > 8) planCache.delete(planCache.keys().next().value!);
  return { ...plan };
}

function computePlan(config: ProbeConfig, datasetSize: number): ProbePlan {
  const { sampleRate, steps } = dpSgdSchedule({
    datasetSize,
    batchSize: config.expectedBatchSize,
    epochs: config.epochs,
  });
  // Refused for every run, private or not: the same settings must be valid for the DP run beside it.
  const delta = resolveDelta(config.delta, datasetSize);
  const p = config.privacy;
  if (!p) return { noiseMultiplier: 0, sampleRate, steps, delta };
  if (p.kind === 'target-epsilon') {
    if (!(p.targetEpsilon >= LAB_TARGET_EPSILON_MIN))
      throw new Error(
        `The target ε ${p.targetEpsilon} is below the lab's smallest, ${LAB_TARGET_EPSILON_MIN}: σ would run to the thousands and the probe learn nothing. Raise the target ε.`,
      );
    const { noiseMultiplier } = calibrateNoiseMultiplier(
      labCalibration({
        targetEpsilon: p.targetEpsilon,
        sampleRate,
        steps,
        delta,
        accountant: config.accountant,
      }),
    );
    return { noiseMultiplier, sampleRate, steps, delta };
  }
  if (p.kind === 'budget') {
    const max = maxStepsForBudget({
      targetEpsilon: p.budgetEpsilon,
      sampleRate,
      noiseMultiplier: p.noiseMultiplier,
      delta,
      accountant: config.accountant,
    });
    // a run of no steps would train nothing and score as the untrained probe: refused, with what to change
    if (max < 1)
      throw new Error(
        `The ε budget ${p.budgetEpsilon} does not cover a single DP-SGD step at σ = ${Number(p.noiseMultiplier.toPrecision(4))}, ` +
          `q = ${sampleRate.toPrecision(3)} and δ = ${delta.toExponential()}: raise the budget or σ, or lower the batch size`,
      );
    return { noiseMultiplier: p.noiseMultiplier, sampleRate, steps: Math.min(steps, max), delta };
  }
  return { noiseMultiplier: p.noiseMultiplier, sampleRate, steps, delta };
}

/**
 * The charge of a run before it runs: its plan in full (q, σ, every planned step), in the RDP ledger form the
 * dataset's ledger composes; no steps for a non-private run (its charge is that it is not private).
 */
export function plannedLedger(plan: ProbePlan, isPrivate: boolean): AccountantJson {
  return {
    accountant: 'rdp',
    ledger: isPrivate ? [{ q: plan.sampleRate, sigma: plan.noiseMultiplier, steps: plan.steps }] : [],
  };
}
