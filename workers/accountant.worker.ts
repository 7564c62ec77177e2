/**
 * The accountant worker: PLD ε, PLD calibration and plans made with the PLD accountant (tens to hundreds of
 * milliseconds each) off the main thread. Thin: the logic is in src/lib/privacy and src/lib/dp/plan.
 */
import * as Comlink from 'comlink';
import { type ProbeConfig, planProbe } from '../src/lib/dp/plan';
import { dpSgdEpsilon } from '../src/lib/privacy/accountant';
import { calibrateNoiseMultiplier, type CalibrationOptions } from '../src/lib/privacy/calibrate';
import { pldEpsilon } from '../src/lib/privacy/pld';

/** The next run as the probe worker will plan it (with `config.accountant`), and its ε under both accountants. */
export interface PlannedRun {
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  delta: number;
  rdpEpsilon: number;
  pldEpsilon: number;
}

const api = {
  pldEpsilon(sampleRate: number, noiseMultiplier: number, steps: number, delta: number): number {
    return pldEpsilon([{ q: sampleRate, sigma: noiseMultiplier, steps }], delta);
  },
  calibrate(options: CalibrationOptions) {
    return calibrateNoiseMultiplier(options);
  },
  plan(config: ProbeConfig, datasetSize: number): PlannedRun {
    const plan = planProbe(config, datasetSize);
    const q = plan.sampleRate;
    const sigma = plan.noiseMultiplier;
    return {
      ...plan,
      rdpEpsilon: dpSgdEpsilon({
        sampleRate: q,
        noiseMultiplier: sigma,
        steps: plan.steps,
        delta: plan.delta,
      }).epsilon,
      pldEpsilon: plan.steps === 0 ? 0 : pldEpsilon([{ q, sigma, steps: plan.steps }], plan.delta),
    };
  },
};

export type AccountantApi = typeof api;
Comlink.expose(api);
