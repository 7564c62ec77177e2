/**
 * A note for a plan with so few DP-SGD steps that the probe will likely stop before it converges: on a small
 * subset the lab default's B = 1,024 is half the data, two steps per epoch (2,000 images, 10 epochs: 20
 * steps, 65% test accuracy where 40 epochs, 79 steps, reach 84%), and a lecturer would read the low accuracy
 * as the price of privacy. Pure (no React).
 */

/** Below this many steps the note is shown (the lab default on all 49,946 images plans 490). */
export const FEW_STEPS = 50;

export function fewStepsNote(plan: {
  steps: number;
  batch: number;
  datasetSize: number;
  /** The steps the epochs give, when an ε budget stops the run before them (then more epochs add none). */
  plannedSteps?: number;
}): string | null {
  const { steps, batch, datasetSize, plannedSteps } = plan;
  if (!(steps > 0) || steps >= FEW_STEPS) return null;
  const n = (v: number) => v.toLocaleString('en');
  const only = `Only ${n(steps)} DP-SGD step${steps === 1 ? '' : 's'}`;
  if (plannedSteps !== undefined && steps < plannedSteps)
    return (
      `${only} of the ${n(plannedSteps)} planned: the ε budget stops the run there, so the probe will likely ` +
      'stop before it converges. A larger budget or a larger σ gives more steps (more epochs do not).'
    );
  const perEpoch = datasetSize / batch;
  const epochSteps = perEpoch < 1.5 ? 'about 1 step' : `about ${n(Math.round(perEpoch))} steps`;
  return (
    `${only} (B = ${n(batch)} of N = ${n(datasetSize)} images is ` +
    `${epochSteps} per epoch): the probe will likely stop before it converges, and its accuracy then says more ` +
    'about too few steps than about privacy. More epochs give more steps, at a higher ε: the accountant ' +
    'counts every step.'
  );
}
