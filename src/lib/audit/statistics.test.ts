import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { betaQuantile, clopperPearson, logGamma, regularizedBeta } from './clopper-pearson';
import { boundAtThreshold, epsilonFromRates, maxTprUnderDp } from './epsilon-bound';
import { fitLira, liraScores } from './lira';
import { aucWithInterval, rocAuc, rocCurve, rocForPlot, tprAtFpr } from './roc';
import { probeScores } from './scores';

/**
 * Slow, independent truth for integer a, b: I_x(a, b) = P[Bin(a + b − 1, x) ≥ a], summed term by term in log
 * space (no continued fraction, no Lanczos), inverted by plain bisection.
 */
function slowRegularizedBeta(x: number, a: number, b: number): number {
  const n = a + b - 1;
  const logFact = [0];
  for (let i = 1; i <= n; i++) logFact.push(logFact[i - 1]! + Math.log(i));
  let s = 0;
  for (let j = a; j <= n; j++)
    s += Math.exp(logFact[n]! - logFact[j]! - logFact[n - j]! + j * Math.log(x) + (n - j) * Math.log1p(-x));
  return s;
}
function slowQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (slowRegularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('Clopper–Pearson', () => {
  it('matches R binom.confint(method "exact") = qbeta, as pasted in statsmodels (stats/tests/results/results_proportion.py)', () => {
    // [successes, trials, lower, upper], the "exact" column of that file (R's qbeta, the same function as
    // scipy's beta.ppf).
    const cases: [number, number, number, number][] = [
      [18, 20, 0.6830172859809176, 0.9876514728297052],
      [4, 20, 0.05733399705003284, 0.436614002996668],
      [4, 200, 0.005475565879556443, 0.05041360908989634],
      [190, 200, 0.9099724622986486, 0.975765834527891],
      [1, 30, 8.435709e-4, 0.17216946],
      [29, 30, 0.8278305, 0.9991564],
      [0, 30, 0, 0.11570331],
      [30, 30, 0.8842967, 1],
    ];
    for (const [k, n, lo, hi] of cases) {
      const ci = clopperPearson(k, n);
      const digits = String(hi).length > 12 ? 1e-12 : 1e-6;
      expect(Math.abs(ci.lower - lo)).toBeLessThanOrEqual(digits * Math.max(lo, 1e-3));
      expect(Math.abs(ci.upper - hi)).toBeLessThanOrEqual(digits * hi);
    }
  });

  it("matches scipy's beta.ppf values published with their inputs", () => {
    // sintervals/clopper_pearson.py (doomsuckle/sintervals), computed with scipy.stats.beta.ppf:
    //   clopper_pearson(8, 10, 0.01) = (0.35179883369516324, 0.98914949062025948)
    //   clopper_pearson(8, 10, (0, 0.1))[1] = beta.ppf(0.9, 9, 2) = 0.94547138000232922
    expect(betaQuantile(0.005, 8, 3)).toBeCloseTo(0.35179883369516324, 14);
    expect(betaQuantile(0.995, 9, 2)).toBeCloseTo(0.98914949062025948, 14);
    expect(betaQuantile(0.9, 9, 2)).toBeCloseTo(0.94547138000232922, 14);
    // scipy.stats.binomtest docs: binomtest(k=7, n=50).proportion_ci() = (0.05819170033997342, 0.26739600249700846)
    // (scipy finds that root with brentq, whose tolerance leaves ~4e-13 in the lower value)
    const ci = clopperPearson(7, 50);
    expect(ci.lower).toBeCloseTo(0.05819170033997342, 11);
    expect(ci.upper).toBeCloseTo(0.26739600249700846, 13);
  });

  it('has the closed forms at the ends: 0 of n → upper 1 − (α/2)^(1/n), n of n → lower (α/2)^(1/n)', () => {
    for (const n of [1, 7, 100, 5000]) {
      expect(clopperPearson(0, n).upper).toBeCloseTo(1 - 0.025 ** (1 / n), 13);
      expect(clopperPearson(n, n).lower).toBeCloseTo(0.025 ** (1 / n), 13);
      expect(clopperPearson(0, n).lower).toBe(0);
      expect(clopperPearson(n, n).upper).toBe(1);
    }
    // Beta(a, 1) has CDF x^a, Beta(1, b) has 1 − (1 − x)^b
    expect(betaQuantile(0.3, 4, 1)).toBeCloseTo(0.3 ** (1 / 4), 14);
    expect(betaQuantile(0.3, 1, 6)).toBeCloseTo(1 - 0.7 ** (1 / 6), 14);
  });

  it('agrees with a slow binomial-sum inversion at the audit sizes (n up to 1,000)', () => {
    for (const [k, n] of [
      [0, 500],
      [3, 500],
      [17, 1000],
      [500, 1000],
      [990, 1000],
    ] as const) {
      const ci = clopperPearson(k, n);
      if (k > 0) expect(ci.lower).toBeCloseTo(slowQuantile(0.025, k, n - k + 1), 11);
      expect(ci.upper).toBeCloseTo(slowQuantile(0.975, k + 1, n - k), 11);
    }
    expect(regularizedBeta(0.3, 3, 5)).toBeCloseTo(slowRegularizedBeta(0.3, 3, 5), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it('refuses bad input with the value in the message', () => {
    expect(() => clopperPearson(5, 4)).toThrow('successes must be an integer in [0, 4], got 5');
    expect(() => clopperPearson(1, 0)).toThrow('trials must be an integer ≥ 1, got 0');
    expect(() => clopperPearson(1, 4, 1.5)).toThrow('confidence must be in (0, 1), got 1.5');
    expect(() => regularizedBeta(0.5, 0, 1)).toThrow('beta parameters must be > 0');
  });
});

describe('ε lower bound from (FPR, FNR)', () => {
  it('takes the larger of the two directions (hand-computed)', () => {
    // FPR 1%, FNR 50%, δ 0: ln((1 − 0.5)/0.01) = ln 50 beats ln((1 − 0.01)/0.5) = ln 1.98
    expect(epsilonFromRates({ fpr: 0.01, fnr: 0.5, delta: 0 })).toBeCloseTo(Math.log(50), 14);
    // the symmetric test (swap the roles) gives the same bound
    expect(epsilonFromRates({ fpr: 0.5, fnr: 0.01, delta: 0 })).toBeCloseTo(Math.log(50), 14);
    // δ comes off the numerator: ln((1 − 1e-5 − 0.5)/0.01) = ln 49.999
    expect(epsilonFromRates({ fpr: 0.01, fnr: 0.5, delta: 1e-5 })).toBeCloseTo(Math.log(49.999), 14);
    // δ = 0.2 leaves ln((1 − 0.2 − 0.1)/0.1) = ln 7 and ln((1 − 0.2 − 0.1)/0.1) = ln 7
    expect(epsilonFromRates({ fpr: 0.1, fnr: 0.1, delta: 0.2 })).toBeCloseTo(Math.log(7), 14);
    // a coin flip (FPR + FNR = 1) proves nothing; worse than a coin flip is clamped to 0
    expect(epsilonFromRates({ fpr: 0.3, fnr: 0.7, delta: 0 })).toBeCloseTo(0, 15);
    expect(epsilonFromRates({ fpr: 0.9, fnr: 0.9, delta: 0 })).toBe(0);
    // a perfect test with no uncertainty would prove ε = ∞
    expect(epsilonFromRates({ fpr: 0, fnr: 0.2, delta: 0 })).toBe(Infinity);
    expect(() => epsilonFromRates({ fpr: 0.1, fnr: 0.1, delta: 1 })).toThrow(
      'delta must be in [0, 1), got 1',
    );
  });

  it('the DP region: TPR ≤ e^ε·FPR + δ at low FPR, 1 − e^(−ε)(1 − δ − FPR) at high FPR, and ε is tight on it', () => {
    // ε = ln 2, δ = 0.01: at FPR 0.1, 2·0.1 + 0.01 = 0.21 < 1 − 0.5·0.89 = 0.555
    expect(maxTprUnderDp({ fpr: 0.1, epsilon: Math.log(2), delta: 0.01 })).toBeCloseTo(0.21, 14);
    // at FPR 0.6: 1.21 vs 1 − 0.5·0.39 = 0.805
    expect(maxTprUnderDp({ fpr: 0.6, epsilon: Math.log(2), delta: 0.01 })).toBeCloseTo(0.805, 14);
    expect(maxTprUnderDp({ fpr: 0, epsilon: 0, delta: 0 })).toBe(0);
    // a test sitting on the boundary proves exactly that ε
    for (const fpr of [0.001, 0.05, 0.3]) {
      const tpr = maxTprUnderDp({ fpr, epsilon: 1.5, delta: 1e-5 });
      expect(epsilonFromRates({ fpr, fnr: 1 - tpr, delta: 1e-5 })).toBeCloseTo(1.5, 10);
    }
  });

  it('uses the Clopper–Pearson upper bounds of the counted rates', () => {
    // 10 members all scored ≥ 0.5, 10 non-members all below: 0 errors of 10 on each side.
    const scores = [...Array<number>(10).fill(1), ...Array<number>(10).fill(0)];
    const isMember = scores.map((s) => s === 1);
    const b = boundAtThreshold({ scores, isMember, threshold: 0.5, delta: 0 });
    const up = 1 - 0.025 ** (1 / 10); // CP upper bound of 0/10
    expect(b.falsePositives).toBe(0);
    expect(b.falseNegatives).toBe(0);
    expect(b.epsilon).toBeCloseTo(Math.log((1 - up) / up), 12); // ln(0.6915/0.3085) = 0.807
    expect(b.pointEstimate).toBe(Infinity);
  });
});

describe('ROC', () => {
  it('hand-made scores: steps, AUC, TPR at FPR', () => {
    const roc = rocCurve([4, 3, 2, 1], [true, false, true, false]);
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(rocAuc(roc)).toBe(0.75);
    expect(tprAtFpr(roc, 0)).toBe(0.5);
    expect(tprAtFpr(roc, 0.5)).toBe(1);
    // ties count half
    expect(rocAuc(rocCurve([1, 1], [true, false]))).toBe(0.5);
    expect(() => rocCurve([1, 2], [true, true])).toThrow('an ROC needs members and non-members, got 2 and 0');
  });

  it('AUC equals the Mann–Whitney probability counted pair by pair', () => {
    const rng = createRng(3);
    const scores = Array.from({ length: 300 }, (_, i) =>
      Math.round((rng.normal() + (i % 3 === 0 ? 0.7 : 0)) * 4),
    );
    const isMember = scores.map((_, i) => i % 3 === 0);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < scores.length; i++)
      for (let j = 0; j < scores.length; j++)
        if (isMember[i] && !isMember[j]) {
          pairs++;
          wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
    expect(rocAuc(rocCurve(scores, isMember))).toBeCloseTo(wins / pairs, 12);
    const plot = rocForPlot(rocCurve(scores, isMember), 20);
    expect(plot.fpr.length).toBeLessThanOrEqual(21);
    expect(plot.fpr.every((f, i) => f > 0 && plot.tpr[i]! > 0 && (i === 0 || f > plot.fpr[i - 1]!))).toBe(
      true,
    );
  });
});

describe('attack statistics', () => {
  it('loss and logit-scaled confidence match a direct softmax', () => {
    const dim = 3;
    const weights = Float32Array.from([1, -2, 0.5, 0, 3, -1, 2, 1, 0]); // [3 × 3]
    const bias = Float32Array.from([0.1, -0.2, 0.3]);
    const x = Float32Array.from([1, 2, -1, 0.5, 0, 2]);
    const y = [2, 0];
    const s = probeScores({ probe: { weights, bias }, x, y, dim, indices: [0, 1] });
    for (let n = 0; n < 2; n++) {
      const z = [0, 1, 2].map(
        (c) => bias[c]! + [0, 1, 2].reduce((a, t) => a + x[n * 3 + t]! * weights[t * 3 + c]!, 0),
      );
      const e = z.map(Math.exp);
      const p = e[y[n]!]! / e.reduce((a, b) => a + b, 0);
      expect(s.loss[n]).toBeCloseTo(-Math.log(p), 6);
      expect(s.logitConfidence[n]).toBeCloseTo(Math.log(p / (1 - p)), 6);
    }
    // a label past the probe's classes is refused, not scored as NaN
    expect(() => probeScores({ probe: { weights, bias }, x, y: [3, 0], dim, indices: [0] })).toThrow(
      'example 0 has label 3, outside 0…2',
    );
  });

  it('LiRA separates members whose φ is shifted by the shadows’ own in/out gap, and not when there is no gap', () => {
    const rng = createRng(11);
    const shadows = 16;
    const count = 400;
    const base = Array.from({ length: count }, () => 3 * rng.normal()); // examples differ a lot in difficulty
    for (const gap of [1.5, 0]) {
      const phi: Float64Array[] = [];
      const inSet: Uint8Array[] = [];
      for (let s = 0; s < shadows; s++) {
        const ins = Uint8Array.from({ length: count }, () => (rng.float() < 0.5 ? 1 : 0));
        inSet.push(ins);
        phi.push(Float64Array.from(base, (b, e) => b + gap * ins[e]! + 0.5 * rng.normal()));
      }
      const isMember = base.map((_, e) => e % 2 === 0);
      const target = base.map((b, e) => b + gap * (isMember[e] ? 1 : 0) + 0.5 * rng.normal());
      const fit = fitLira({ phi, inSet }, true);
      const online = rocAuc(rocCurve(liraScores(fit, target, 'online'), isMember));
      const offline = rocAuc(rocCurve(liraScores(fit, target, 'offline'), isMember));
      // Thresholding φ itself barely works: the per-example spread (3) swamps the gap.
      const raw = rocAuc(rocCurve(target, isMember));
      if (gap > 0) {
        expect(online).toBeGreaterThan(0.9);
        expect(offline).toBeGreaterThan(0.9);
        expect(raw).toBeLessThan(0.7);
      } else {
        expect(Math.abs(online - 0.5)).toBeLessThan(0.08);
        expect(Math.abs(offline - 0.5)).toBeLessThan(0.08);
      }
    }
  });
});

describe('the AUC’s confidence interval (DeLong)', () => {
  /** DeLong's structural components the slow way: every member against every non-member. */
  function slowDeLong(scores: number[], isMember: boolean[]) {
    const xs = scores.filter((_, i) => isMember[i]);
    const ys = scores.filter((_, i) => !isMember[i]);
    const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
    const v10 = xs.map((x) => ys.reduce((a, y) => a + psi(x, y), 0) / ys.length);
    const v01 = ys.map((y) => xs.reduce((a, x) => a + psi(x, y), 0) / xs.length);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const s2 = (v: number[]) => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1);
    return { auc: mean(v10), se: Math.sqrt(s2(v10) / xs.length + s2(v01) / ys.length) };
  }

  it('matches the all-pairs computation, ties included, and the trapezoid AUC', () => {
    const rng = createRng(7);
    for (const [m, n] of [
      [5, 9],
      [40, 33],
      [300, 250],
    ] as const) {
      // scores rounded to one decimal: many ties, within and across the classes
      const scores = Array.from(
        { length: m + n },
        (_, i) => Math.round((rng.normal() + (i < m ? 0.4 : 0)) * 10) / 10,
      );
      const isMember = scores.map((_, i) => i < m);
      const fast = aucWithInterval(scores, isMember);
      const slow = slowDeLong(scores, isMember);
      expect(fast.auc).toBeCloseTo(slow.auc, 12);
      expect(fast.se).toBeCloseTo(slow.se, 12);
      expect(fast.auc).toBeCloseTo(rocAuc(rocCurve(scores, isMember)), 12);
      expect(fast.low).toBeCloseTo(Math.max(0, slow.auc - 1.959963984540054 * slow.se), 12);
    }
  });

  it('covers the true AUC about 95% of the time', () => {
    // members ~ N(0.5, 1), non-members ~ N(0, 1): true AUC = Φ(0.5/√2) = 0.63816...
    const truth = 0.6381631950841185;
    const rng = createRng(11);
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const scores = Array.from({ length: 300 }, (_, i) => rng.normal() + (i < 150 ? 0.5 : 0));
      const { low, high } = aucWithInterval(
        scores,
        scores.map((_, i) => i < 150),
      );
      if (low <= truth && truth <= high) covered++;
    }
    // binomial(400, 0.95) has sd 1.1 points: 92–98% is within about 3 sd
    expect(covered / trials).toBeGreaterThan(0.92);
    expect(covered / trials).toBeLessThan(0.98);
  });

  it('is clipped to [0, 1], and refuses fewer than two of a class', () => {
    const perfect = aucWithInterval([5, 6, 7, 1, 2, 3], [true, true, true, false, false, false]);
    expect([perfect.auc, perfect.high]).toEqual([1, 1]);
    expect(() => aucWithInterval([1, 2, 3], [true, false, false])).toThrow(/2 members/);
  });

  it("has width where DeLong's has none (a perfect attack, every score tied): Newcombe's score interval", () => {
    // a slow, independent solution of Newcombe's method 5: scan θ on a grid of 1e-5 for (A − θ)² ≤ z²·V(θ)
    const z = 1.959963984540054;
    const slow = (auc: number, m: number, n: number) => {
      const half = (m + n) / 2;
      const ok = (t: number) =>
        (auc - t) ** 2 <=
        z * z * ((t * (1 - t)) / (m * n)) * (2 * half - 1 - (3 * half - 3) / ((2 - t) * (1 + t)));
      const grid = Array.from({ length: 100_001 }, (_, i) => i / 100_000).filter(ok);
      return { low: grid[0]!, high: grid[grid.length - 1]! };
    };
    const members = (k: number) => Array.from({ length: 2 * k }, (_, i) => i < k);
    const up = (k: number) => Array.from({ length: 2 * k }, (_, i) => (i < k ? 1000 + i : i));
    for (const k of [3, 10, 100]) {
      const perfect = aucWithInterval(up(k), members(k));
      const reference = slow(1, k, k);
      expect(perfect.auc).toBe(1);
      expect(perfect.high).toBe(1);
      expect(perfect.low).toBeLessThan(1);
      expect(Math.abs(perfect.low - reference.low)).toBeLessThan(2e-5);
      // the worst attack possible mirrors it
      const reversed = aucWithInterval(
        up(k),
        members(k).map((x) => !x),
      );
      expect(reversed.auc).toBe(0);
      expect(reversed.low).toBe(0);
      expect(reversed.high).toBeCloseTo(1 - perfect.low, 12);
    }
    // 100 members and 100 non-members perfectly told apart: 0.980–1 (worked by hand from the formula)
    expect(aucWithInterval(up(100), members(100)).low).toBeCloseTo(0.98045, 4);
    // every score tied: AUC ½ with an interval symmetric about it
    const tied = aucWithInterval(new Array<number>(20).fill(1), members(10));
    const reference = slow(0.5, 10, 10);
    expect(tied.auc).toBe(0.5);
    expect(tied.low).toBeCloseTo(1 - tied.high, 12);
    expect(Math.abs(tied.low - reference.low)).toBeLessThan(2e-5);
    expect(tied.high - tied.low).toBeGreaterThan(0.4);
  });

  it('covers the true AUC when an attack separates a small audit perfectly', () => {
    // members ~ N(3, 1), non-members ~ N(0, 1), 10 of each: true AUC = Φ(3/√2) = 0.98305...; about half the
    // samples separate perfectly, where DeLong's interval is the point 1 and never covers the truth
    const truth = 0.9830525732376554;
    const rng = createRng(5);
    let perfect = 0;
    let covered = 0;
    for (let t = 0; t < 400; t++) {
      const scores = Array.from({ length: 20 }, (_, i) => rng.normal() + (i < 10 ? 3 : 0));
      const r = aucWithInterval(
        scores,
        scores.map((_, i) => i < 10),
      );
      if (r.auc < 1) continue;
      perfect++;
      if (r.low <= truth) covered++;
    }
    expect(perfect).toBeGreaterThan(100);
    expect(covered / perfect).toBeGreaterThan(0.95);
  });
});
