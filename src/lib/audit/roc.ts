/**
 * ROC curve of a membership score (higher = "member"), its area, and the true-positive rate at a fixed low
 * false-positive rate — the numbers Carlini et al. (2022, "Membership Inference Attacks From First
 * Principles") ask every attack to report, on log–log axes.
 */

export interface RocCurve {
  /** False-positive rates, from 0 to 1, one per distinct threshold (and the two ends). */
  fpr: number[];
  /** True-positive rates, same length. */
  tpr: number[];
  /** The threshold at each point: "member" if score ≥ threshold (Infinity at the (0, 0) end). */
  thresholds: number[];
  positives: number;
  negatives: number;
}

/** The full ROC: every distinct score is a threshold; tied scores move together (one diagonal step). */
export function rocCurve(scores: ArrayLike<number>, isMember: ArrayLike<boolean>): RocCurve {
  if (scores.length !== isMember.length)
    throw new Error(`scores and labels differ in length: ${scores.length} vs ${isMember.length}`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < isMember.length; i++) if (isMember[i]) positives++;
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0)
    throw new Error(`an ROC needs members and non-members, got ${positives} and ${negatives}`);
  for (let i = 0; i < scores.length; i++) if (Number.isNaN(scores[i]!)) throw new Error(`score ${i} is NaN`);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length;) {
    const t = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === t) {
      if (isMember[order[k]!]) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    thresholds.push(t);
  }
  return { fpr, tpr, thresholds, positives, negatives };
}

/** Area under the ROC by the trapezoid rule (= P[score(member) > score(non-member)] + ½·P[tie]). */
export function rocAuc(roc: RocCurve): number {
  let area = 0;
  for (let i = 1; i < roc.fpr.length; i++)
    area += ((roc.fpr[i]! - roc.fpr[i - 1]!) * (roc.tpr[i]! + roc.tpr[i - 1]!)) / 2;
  return area;
}

/**
 * The AUC with its 95% confidence interval by DeLong, DeLong & Clarke-Pearson (1988): the AUC is the mean of
 * ψ(member score, non-member score) (1 if greater, ½ if tied), and its variance is estimated from each example's
 * own mean ψ against the other class (its "structural component"): Var = S₁₀/m + S₀₁/n with S the sample
 * variances over the m members and n non-members. Normal interval, clipped to [0, 1]; where that variance is 0
 * (complete separation, or every score tied) Newcombe's score interval instead (`newcombeInterval`). By ranks,
 * O(N log N): each component is a count of the other class's scores below (ties ½). Hand-written: the field's
 * core (an attack's AUC without its uncertainty invites reading noise as signal on a few hundred images).
 */
export function aucWithInterval(
  scores: ArrayLike<number>,
  isMember: ArrayLike<boolean>,
): { auc: number; se: number; low: number; high: number } {
  const members: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < scores.length; i++) (isMember[i] ? members : others).push(scores[i]!);
  const m = members.length;
  const n = others.length;
  if (m < 2 || n < 2) throw new Error(`an AUC interval needs 2 members and 2 non-members, got ${m} and ${n}`);
  const sortedOthers = Float64Array.from(others).sort();
  const sortedMembers = Float64Array.from(members).sort();
  // how many of `sorted` are below x, ties counted ½
  const below = (sorted: Float64Array, x: number) => {
    const lt = lowerBound(sorted, x);
    const le = upperBound(sorted, x);
    return lt + (le - lt) / 2;
  };
  const v10 = members.map((x) => below(sortedOthers, x) / n);
  const v01 = others.map((y) => 1 - below(sortedMembers, y) / m);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const auc = mean(v10);
  const variance = (v: number[], mu: number) => v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1);
  const se = Math.sqrt(variance(v10, auc) / m + variance(v01, mean(v01)) / n);
  if (se === 0) return { auc, se, ...newcombeInterval(auc, m, n) };
  return { auc, se, low: Math.max(0, auc - AUC_Z * se), high: Math.min(1, auc + AUC_Z * se) };
}

/** The normal quantile of a two-sided 95% interval. */
const AUC_Z = 1.959963984540054;

/**
 * The AUC's 95% interval where DeLong's has no width: complete separation (AUC 0 or 1, a perfect attack) or every
 * score tied. DeLong's variance is then 0 and its interval a point, which would claim certainty from a few hundred
 * examples. Newcombe (2006, "Confidence intervals for an effect size measure based on the Mann–Whitney statistic,
 * Part 2", method 5): the θ whose Hanley–McNeil variance, with both class sizes replaced by N* = (m + n)/2, keeps
 * (AUC − θ)² ≤ z²·V(θ), where V(θ) = θ(1 − θ)/(mn) · [(2N* − 1) − 3(N* − 1)/((2 − θ)(1 + θ))]. Like Wilson's
 * interval for a proportion it stays inside [0, 1] and has width at the ends (AUC 1 with 100 of each class:
 * 0.980–1). Each end by bisection: (AUC − θ)² − z²V(θ) changes sign once between AUC and that end.
 */
export function newcombeInterval(auc: number, m: number, n: number): { low: number; high: number } {
  const half = (m + n) / 2;
  const v = (t: number) => ((t * (1 - t)) / (m * n)) * (2 * half - 1 - (3 * half - 3) / ((2 - t) * (1 + t)));
  const outside = (t: number) => (auc - t) ** 2 > AUC_Z * AUC_Z * v(t);
  // the end of the interval between `inside` (a θ that satisfies it: the AUC) and `out` (0 or 1)
  const end = (inside: number, out: number) => {
    if (!outside(out)) return out;
    for (let i = 0; i < 60; i++) {
      const mid = (inside + out) / 2;
      if (outside(mid)) out = mid;
      else inside = mid;
    }
    return inside;
  };
  return { low: end(auc, 0), high: end(auc, 1) };
}

/** The first index whose value is ≥ x (`sorted` ascending). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x (`sorted` ascending). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The low false-positive rate the audit reports a TPR at (`tprAtFpr001`): 0.1%. */
export const LOW_FPR = 0.001;

/** The highest TPR among thresholds whose FPR is at most `maxFpr` (as in Carlini et al.'s code). */
export function tprAtFpr(roc: RocCurve, maxFpr: number): number {
  let best = 0;
  for (let i = 0; i < roc.fpr.length; i++) if (roc.fpr[i]! <= maxFpr) best = Math.max(best, roc.tpr[i]!);
  return best;
}

/**
 * Up to `maxPoints` points of the curve for a log–log plot (both rates > 0), evenly spaced in log FPR, always
 * keeping the points with the lowest FPR; aggregates only (no per-example score leaves through it).
 */
export function rocForPlot(roc: RocCurve, maxPoints = 200): { fpr: number[]; tpr: number[] } {
  const fpr: number[] = [];
  const tpr: number[] = [];
  const minFpr = 1 / roc.negatives;
  const step = Math.log(1 / minFpr) / Math.max(1, maxPoints - 1);
  let nextLog = -Infinity;
  for (let i = 0; i < roc.fpr.length; i++) {
    const f = roc.fpr[i]!;
    const t = roc.tpr[i]!;
    const last = i === roc.fpr.length - 1;
    // the top of each vertical run (the best TPR at this FPR), spaced in log FPR
    if (f <= 0 || t <= 0 || (!last && roc.fpr[i + 1] === f)) continue;
    if (Math.log(f) >= nextLog || last) {
      fpr.push(f);
      tpr.push(t);
      nextLog = Math.log(f) + step;
    }
  }
  return { fpr, tpr };
}
