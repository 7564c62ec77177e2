/**
 * Log-space helpers for the accountant. Each names the identity it uses; all are exact to a few ulps
 * over the whole range the accountant needs (no overflow for arguments up to ~1e300 in log space).
 */

/** log(e^a + e^b) = max + log1p(e^(min − max)). */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** log(1 + e^x) (softplus): x + log1p(e^−x) for x > 0, log1p(e^x) otherwise. */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log(e^x − 1) for x > 0: x + log1p(−e^−x) for large x (no overflow), log(expm1(x)) otherwise. */
export function logExpm1(x: number): number {
  if (!(x > 0)) throw new Error(`logExpm1 needs x > 0, got ${x}`);
  if (x > 40) return x; // log1p(−e^−x) < 5e-18: below one ulp of x.
  return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
}

/**
 * Streaming log-sum-exp: add log-values one at a time, read log(Σ e^x) at the end. One exp per term;
 * rescales when a new maximum arrives: Σ e^(x−m) stays in [1, n].
 */
export class LogSumExp {
  private max = -Infinity;
  private scaled = 0;

  add(x: number): void {
    if (x === -Infinity) return;
    if (x > this.max) {
      this.scaled = this.scaled * Math.exp(this.max - x) + 1;
      this.max = x;
    } else {
      this.scaled += Math.exp(x - this.max);
    }
  }

  get value(): number {
    return this.max === -Infinity ? -Infinity : this.max + Math.log(this.scaled);
  }
}
