/**
 * The likelihood-ratio attack (LiRA; Carlini et al. 2022, "Membership Inference Attacks From First
 * Principles", Algorithm 1). Shadow models are trained on random halves of a data pool; for every audited
 * example its logit-scaled confidence φ under the shadows that trained on it ("in") and those that did not
 * ("out") is fitted by a Gaussian. The target model's φ is then scored
 *   online:  ln N(φ; μ_in, σ_in²) − ln N(φ; μ_out, σ_out²)
 *   offline: (φ − μ_out)/σ_out   — the one-sided test 1 − Pr[Z > φ], Z ~ N(μ_out, σ_out²), is monotone in it,
 * higher meaning "member". With few shadows the per-example variance is noisy; the paper then uses one global
 * variance per side ("fixed variance"), which is the default here below 64 shadows.
 */

export interface ShadowObservations {
  /** φ of audited example e under shadow s: phi[s][e]. */
  phi: Float64Array[];
  /** Whether shadow s trained on audited example e: inSet[s][e]. */
  inSet: Uint8Array[];
}

export interface LiraFit {
  meanIn: Float64Array;
  meanOut: Float64Array;
  stdIn: Float64Array;
  stdOut: Float64Array;
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Per-example Gaussians of φ on the in and out sides. An example that no shadow saw on one side (rare: 2^-S)
 * gets that side's pooled mean. Standard deviations have a floor of 1e-3 of the pooled one (no zero widths).
 */
export function fitLira(obs: ShadowObservations, fixedVariance: boolean): LiraFit {
  const shadows = obs.phi.length;
  const first = obs.phi[0];
  if (!first || shadows < 2) throw new Error(`LiRA needs at least 2 shadow models, got ${shadows}`);
  const count = first.length;
  const meanIn = new Float64Array(count);
  const meanOut = new Float64Array(count);
  const stdIn = new Float64Array(count);
  const stdOut = new Float64Array(count);
  const allIn: number[] = [];
  const allOut: number[] = [];
  const residIn: number[] = [];
  const residOut: number[] = [];
  const perIn: number[][] = [];
  const perOut: number[][] = [];
  for (let e = 0; e < count; e++) {
    const ins: number[] = [];
    const outs: number[] = [];
    for (let s = 0; s < shadows; s++) (obs.inSet[s]![e] ? ins : outs).push(obs.phi[s]![e]!);
    perIn.push(ins);
    perOut.push(outs);
    allIn.push(...ins);
    allOut.push(...outs);
  }
  const pooledIn = meanStd(allIn.length ? allIn : allOut);
  const pooledOut = meanStd(allOut.length ? allOut : allIn);
  for (let e = 0; e < count; e++) {
    const i = perIn[e]!.length ? meanStd(perIn[e]!) : { mean: pooledIn.mean, std: NaN };
    const o = perOut[e]!.length ? meanStd(perOut[e]!) : { mean: pooledOut.mean, std: NaN };
    meanIn[e] = i.mean;
    meanOut[e] = o.mean;
    stdIn[e] = i.std;
    stdOut[e] = o.std;
    for (const v of perIn[e]!) residIn.push(v - i.mean);
    for (const v of perOut[e]!) residOut.push(v - o.mean);
  }
  // The global ("fixed") variance: residuals around each example's own mean, pooled over examples.
  const globalStd = (r: number[], fallback: number) =>
    r.length > 1 ? Math.sqrt(r.reduce((s, v) => s + v * v, 0) / (r.length - 1)) : fallback;
  const gIn = globalStd(residIn, pooledIn.std) || 1;
  const gOut = globalStd(residOut, pooledOut.std) || 1;
  for (let e = 0; e < count; e++) {
    stdIn[e] = fixedVariance || !(stdIn[e]! > 0) ? gIn : Math.max(stdIn[e]!, 1e-3 * gIn);
    stdOut[e] = fixedVariance || !(stdOut[e]! > 0) ? gOut : Math.max(stdOut[e]!, 1e-3 * gOut);
  }
  return { meanIn, meanOut, stdIn, stdOut };
}

const logNormal = (x: number, mean: number, std: number) =>
  -0.5 * ((x - mean) / std) ** 2 - Math.log(std) - 0.5 * Math.log(2 * Math.PI);

/** LiRA scores of the target's φ (one per audited example, in the fit's order); higher = "member". */
export function liraScores(
  fit: LiraFit,
  targetPhi: ArrayLike<number>,
  variant: 'online' | 'offline',
): Float64Array {
  const out = new Float64Array(targetPhi.length);
  for (let e = 0; e < targetPhi.length; e++) {
    const phi = targetPhi[e]!;
    out[e] =
      variant === 'offline'
        ? (phi - fit.meanOut[e]!) / fit.stdOut[e]!
        : logNormal(phi, fit.meanIn[e]!, fit.stdIn[e]!) - logNormal(phi, fit.meanOut[e]!, fit.stdOut[e]!);
  }
  return out;
}
