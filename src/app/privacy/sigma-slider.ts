/**
 * Step 5's σ slider: 1,000 positions on a log scale from the lab's smallest σ (LAB_SIGMA_MIN, the least a link,
 * Solve for σ or a target ε may set) to 20, one arrow-key step ×1.0042. A position within half a step of a
 * number of two significant digits (1, 1.5, 0.8, 12) gives that number, so a slider moved away and back reads
 * σ = 1.000, not 1.001.
 */
import { LAB_SIGMA_MIN } from '../../lib/dp/plan';

export const SIGMA_SLIDER_MIN = LAB_SIGMA_MIN;
export const SIGMA_SLIDER_MAX = 20;
const POSITIONS = 1000;
const LOG_SPAN = Math.log(SIGMA_SLIDER_MAX / SIGMA_SLIDER_MIN);

/** The slider position nearest σ (σ outside the range: its end). */
export const sigmaToSlider = (sigma: number): number =>
  Math.min(POSITIONS, Math.max(0, Math.round((POSITIONS * Math.log(sigma / SIGMA_SLIDER_MIN)) / LOG_SPAN)));

/** The σ of a slider position: on the log scale, or the two-digit number within half a step of it. */
export function sigmaFromSlider(position: number): number {
  const sigma = SIGMA_SLIDER_MIN * Math.exp((position / POSITIONS) * LOG_SPAN);
  const round = Number(sigma.toPrecision(2));
  const halfStep = Math.expm1(LOG_SPAN / POSITIONS / 2);
  return Math.abs(round / sigma - 1) < halfStep ? round : sigma;
}
