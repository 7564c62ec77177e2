/**
 * A target ε (or ε budget) as typed into step 3 or step 5: what is wrong with it, in words, or null. Both
 * fields read it the same way, so the same text gets the same answer in either.
 */
import { LAB_EPSILON_MAX } from '../../lib/dp/plan';

export function targetEpsilonProblem(
  text: string,
  /** How the value is named in the messages ("a target ε", "an ε budget"). */
  what: string,
  /** The smallest value taken (0: any ε > 0). */
  min = 0,
): string | null {
  const typed = text.trim();
  if (/^\d+,\d+$/.test(typed))
    return `Write ${what} with a decimal point: ${typed.replace(',', '.')}, not ${typed}.`;
  const t = Number(typed);
  if (typed !== '' && !Number.isFinite(t))
    return `"${typed}" is not a number: enter ${what} such as 1 or 0.5.`;
  if (!(t > 0)) return `Enter ${what} greater than 0.`;
  if (t < min)
    return `The lab trains for ${what} of at least ${min}: below it, σ runs to the thousands and the probe learns nothing.`;
  if (t > LAB_EPSILON_MAX)
    return `The lab takes ${what} up to ${LAB_EPSILON_MAX}: beyond it, ε promises next to nothing.`;
  return null;
}
