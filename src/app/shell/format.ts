/** How the lab writes numbers on screen: one home, so that the same value reads the same everywhere. */

/** 3 significant digits (∞ for a non-finite value; whole numbers from 100 on, never exponent notation). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '∞';
  if (x === 0) return '0';
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(digits);
}

/**
 * Like `fmt`, but rounded up: for a guarantee written out (a privacy statement), where ε rounded to nearest
 * could read smaller than the accountant's (1.2349 as 1.23).
 */
export function fmtUp(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '∞';
  if (x === 0) return '0';
  if (Math.abs(x) >= 100) return String(Math.ceil(x)); // whole numbers, as fmt writes them
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  // the quotient rounded to 12 digits first, so that an exact value (3.66) is not pushed up by round-off
  return fmt(Math.ceil(Number((x / unit).toPrecision(12))) * unit, digits);
}

/** A fraction as a percentage: one decimal, two below 1% (so that 0.2% and 0.6% stay apart), "0%" for 0. */
export function pct(x: number): string {
  if (x === 0) return '0%';
  return `${(100 * x).toFixed(Math.abs(x) < 0.01 ? 2 : 1)}%`;
}

/** A sentence's first letter in lower case, to go on after a colon or "since". */
export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Bytes in MiB (written MB, as browsers' storage pages do): one decimal below 10. */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;
}
