/**
 * Step 5's log-scale sliders: σ and the clipping norm C both span decades, where a linear range gives the
 * small values no room (C = 0.01, a preset's, sat below the old linear C slider's 0.1). A scale has `positions`
 * steps from `min` to `max`; a position within half a step of a number of two significant digits (1, 1.5, 0.8,
 * 12) gives that number, so a slider moved away and back reads 1.000, not 1.001.
 */
import { LAB_SIGMA_MIN } from '../../lib/dp/plan';

export interface LogScale {
  min: number;
  max: number;
  positions: number;
  /** The position nearest x (x outside the range: its end). */
  toPosition: (x: number) => number;
  /** The value of a position: on the log scale, or the two-digit number within half a step of it. */
  fromPosition: (position: number) => number;
}

/** `significant`: values are rounded to that many significant digits (what is shown is what is used). */
export function logScale(min: number, max: number, positions: number, significant?: number): LogScale {
  const span = Math.log(max / min);
  const halfStep = Math.expm1(span / positions / 2);
  return {
    min,
    max,
    positions,
    toPosition: (x) => Math.min(positions, Math.max(0, Math.round((positions * Math.log(x / min)) / span))),
    fromPosition: (position) => {
      const x = min * Math.exp((position / positions) * span);
      const round = Number(x.toPrecision(2));
      if (Math.abs(round / x - 1) < halfStep) return round;
      return significant === undefined ? x : Number(x.toPrecision(significant));
    },
  };
}

/** σ: 1,000 positions from the lab's smallest σ (LAB_SIGMA_MIN, the least a link, Solve for σ or a target ε may
 * set) to 20, one arrow-key step ×1.0042 (4 significant digits shown: every step changes them). */
export const SIGMA_SCALE = logScale(LAB_SIGMA_MIN, 20, 1000);

/** C: 600 positions from 0.01 to 10 (200 a decade, one step ×1.0116), values of 3 significant digits. */
export const CLIP_SCALE = logScale(0.01, 10, 600, 3);

/**
 * C as step 5 shows it: exactly the C a run uses (C = 1, not 1.00). The slider's values have 3 significant digits;
 * a link's C may have more, and is shown with them (rounded, 0.12345 read 0.123 while runs used 0.12345).
 */
export const clipText = (c: number): string => String(c);
