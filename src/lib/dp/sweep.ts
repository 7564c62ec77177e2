/**
 * Accuracy versus ε: the probe trained for a list of privacy settings (σ values or target ε values) and
 * several seeds, giving one point per setting with the spread over seeds.
 */
import { type ProbeConfig, type ProbeData, type ProbeResult, trainProbe } from './train-probe.ts';

export interface SweepSpec {
  /** 'sigma': fixed noise multipliers; 'target-epsilon': σ calibrated per value for the chosen epochs. */
  kind: 'sigma' | 'target-epsilon';
  values: number[];
  seeds: number[];
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
  onRun?: (value: number, seed: number, result: ProbeResult) => void;
  onPoint?: (point: SweepPoint) => void;
}): Promise<SweepPoint[]> {
  const { data, base, spec, signal } = options;
  if (spec.values.length === 0 || spec.seeds.length === 0)
    throw new Error('a sweep needs at least one value and one seed');
  const points: SweepPoint[] = [];
  for (const value of spec.values) {
    const results: ProbeResult[] = [];
    for (const seed of spec.seeds) {
      signal?.throwIfAborted();
      const config: ProbeConfig = {
        ...base,
        private: true,
        seed,
        privacy:
          spec.kind === 'sigma'
            ? { kind: 'fixed-sigma', noiseMultiplier: value }
            : { kind: 'target-epsilon', targetEpsilon: value },
      };
      const result = await trainProbe({ data, config, ...(signal ? { signal } : {}) });
      results.push(result);
      options.onRun?.(value, seed, result);
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
