/** Accountant benchmark: median ms of one fresh ε (all 156 orders, uncached σ) and of one calibration. */
import { dpSgdEpsilon } from '../src/lib/privacy/accountant';
import { calibrateNoiseMultiplier } from '../src/lib/privacy/calibrate';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchAccountant(): Record<string, unknown> {
  const settings = [
    { sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063, delta: 1e-5 },
    { sampleRate: 0.01, noiseMultiplier: 0.8, steps: 10000, delta: 1e-6 },
    { sampleRate: 0.001, noiseMultiplier: 4, steps: 100000, delta: 1e-9 },
  ];
  const eps: number[] = [];
  const cached: number[] = [];
  for (let rep = 0; rep < 30; rep++) {
    for (const s of settings) {
      // A fresh σ every time, so the per-(q, σ) cache never helps: this is the cost of a σ slider move.
      const fresh = { ...s, noiseMultiplier: s.noiseMultiplier * (1 + (rep + 1) * 1e-7) };
      let t = performance.now();
      dpSgdEpsilon(fresh);
      eps.push(performance.now() - t);
      t = performance.now();
      dpSgdEpsilon({ ...fresh, steps: fresh.steps + 1 }); // the epochs slider: cached RDP
      cached.push(performance.now() - t);
    }
  }
  const cal: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    for (const s of settings) {
      const t = performance.now();
      calibrateNoiseMultiplier({
        targetEpsilon: 1 + rep * 0.01,
        sampleRate: s.sampleRate,
        steps: s.steps,
        delta: s.delta,
      });
      cal.push(performance.now() - t);
    }
  }
  return {
    epsilon_ms: median(eps),
    epsilon_cached_ms: median(cached),
    calibration_ms: median(cal),
    settings: settings.length,
    orders: 156,
  };
}
