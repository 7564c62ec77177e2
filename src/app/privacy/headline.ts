/**
 * The headline ε ("ε of the next run"): from the same plan the probe worker will run (planProbe), so it
 * follows the privacy mode: fixed σ as set; target ε: the calibrated σ; budget: the steps the budget allows.
 */
import { type ProbeConfig, planProbe } from '../../lib/dp/plan';
import { dpSgdEpsilon } from '../../lib/privacy/accountant';

export interface Headline {
  epsilon: number;
  order: number;
  orderAtEdge: boolean;
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  /** Steps the epochs would take without a budget. */
  plannedSteps: number;
}

export function headlineEpsilon(probe: ProbeConfig, datasetSize: number): Headline {
  const plan = planProbe(probe, datasetSize);
  const planned = planProbe({ ...probe, privacy: { kind: 'fixed-sigma', noiseMultiplier: 1 } }, datasetSize);
  const eps = dpSgdEpsilon({
    sampleRate: plan.sampleRate,
    noiseMultiplier: plan.noiseMultiplier,
    steps: plan.steps,
    delta: plan.delta,
  });
  return {
    epsilon: eps.epsilon,
    order: eps.order,
    orderAtEdge: eps.orderAtEdge,
    noiseMultiplier: plan.noiseMultiplier,
    sampleRate: plan.sampleRate,
    steps: plan.steps,
    plannedSteps: planned.steps,
  };
}
