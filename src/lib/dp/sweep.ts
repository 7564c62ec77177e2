/**
 * Accuracy versus ε: the probe trained for a list of privacy settings (σ values or target ε values) and
 * several repeats, giving one point per setting with the spread over repeats. No two runs of a sweep share
 * randomness: without seeds every run draws fresh crypto noise; with seeds, run (point i, seed s) gets its own
 * streams derived from (s, i), so points never reuse each other's noise (scaled by a different σ).
 */
import { type ProbeConfig, type ProbeData, type ProbeResult, trainProbe } from './train-probe.ts';

export interface SweepSpec {
  /** 'sigma': fixed noise multipliers; 'target-epsilon': σ calibrated per value for the chosen epochs. */
  kind: 'sigma' | 'target-epsilon';
  values: number[];
  /** One entry per repeat: null = fresh cryptographic randomness (the default), a number = reproducible. */
  seeds: (number | null)[];
}

export interface SweepPoint {
  value: number;
  noiseMultiplier: number;
  epsilon: number;
  accuracy: number;
  accuracyStd: number;
  accuracies: number[];
}

export function summarise(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std =
    values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

export async function runSweep(options: {
  data: ProbeData;
  base: ProbeConfig;
  spec: SweepSpec;
  signal?: AbortSignal;
  /**
   * After every run, including one stopped early (its steps count): its ledger belongs in the dataset's. Awaited,
   * like `onRunStart` before each run's first step, so a caller across a worker boundary hears them in order.
   */
  onRun?: (value: number, seed: number | null, result: ProbeResult) => void | Promise<void>;
  onRunStart?: (value: number, seed: number | null) => void | Promise<void>;
  onPoint?: (point: SweepPoint) => void;
  /** As for `trainProbe`: yield every so many steps and wait on `gate` there (how a worker pauses a sweep). */
  yieldEvery?: number;
  gate?: () => Promise<void>;
  /** A learning rate per target ε (or σ) instead of the base config's (e.g. `learningRateForEpsilon`). */
  learningRateFor?: (value: number) => number;
}): Promise<SweepPoint[]> {
  const { data, base, spec, signal } = options;
  if (spec.values.length === 0 || spec.seeds.length === 0)
    throw new Error('a sweep needs at least one value and one seed');
  const given = spec.seeds.filter((s) => s !== null);
  if (new Set(given).size !== given.length)
    throw new Error(`a sweep's seeds must differ, got ${spec.seeds.join(', ')}`);
  const points: SweepPoint[] = [];
  for (const [index, value] of spec.values.entries()) {
    const results: ProbeResult[] = [];
    for (const seed of spec.seeds) {
      signal?.throwIfAborted();
      const config: ProbeConfig = {
        ...base,
        ...(options.learningRateFor ? { learningRate: options.learningRateFor(value) } : {}),
        seed,
        privacy:
          spec.kind === 'sigma'
            ? { kind: 'fixed-sigma', noiseMultiplier: value }
            : { kind: 'target-epsilon', targetEpsilon: value },
      };
      await options.onRunStart?.(value, seed);
      const result = await trainProbe({
        data,
        config,
        stream: [index],
        ...(signal ? { signal } : {}),
        ...(options.yieldEvery ? { yieldEvery: options.yieldEvery } : {}),
        ...(options.gate ? { gate: options.gate } : {}),
      });
      results.push(result);
      await options.onRun?.(value, seed, result);
    }
    const accuracies = results.map((r) => r.testAccuracy);
    const { mean, std } = summarise(accuracies);
    const point: SweepPoint = {
      value,
      noiseMultiplier: results[0]!.noiseMultiplier,
      epsilon: Math.max(...results.map((r) => r.epsilon)),
      accuracy: mean,
      accuracyStd: std,
      accuracies,
    };
    points.push(point);
    options.onPoint?.(point);
  }
  return points;
}
