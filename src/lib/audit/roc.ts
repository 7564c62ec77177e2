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
