/**
 * Privacy loss distribution (PLD) accounting for the Poisson-subsampled Gaussian mechanism, after Google's
 * dp_accounting (`pld/privacy_loss_mechanism.py`, `pld_pmf.py`, `common.py`), written for the lab because
 * nothing like it exists for JavaScript.
 *
 * With μ = N(0, σ²) and add-or-remove adjacency there are two directions, and ε is the larger of the two
 * (δ likewise):
 *   REMOVE: upper P = (1−q)·μ(x) + q·μ(x+1), lower Q = μ(x);  ADD: upper P = μ(x), lower Q = (1−q)·μ(x) + q·μ(x−1).
 * The privacy loss ℓ(x) = log P(x)/Q(x) is monotone (non-increasing in x), so the hockey-stick divergence
 * δ(ε) = P(ℓ > ε) − e^ε·Q(ℓ > ε) has a closed form through the inverse of ℓ and normal CDFs.
 *
 * 1. Discretisation: pessimistic "connect the dots" (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi, PETS 2022,
 *    Algorithm 1) on the grid ε_i = i·d, d = `valueDiscretizationInterval` (default 1e-4), between the losses
 *    at the truncation points x where μ's tails hold ½e^−50 each. The masses reproduce δ(ε_i) exactly at every
 *    grid point and lie above δ(ε) in between (δ is convex in e^ε), so ε stays an upper bound; the truncated
 *    tail goes to +∞ (mass δ at the top grid point).
 * 2. Composition of T identical steps: one FFT, an element-wise T-th power, one inverse FFT (`fft.js`), over
 *    the index range that a Chernoff bound says holds all but 1e-15 of the mass (dp_accounting's
 *    `self_convolve`); those 1e-15 go to the +∞ mass, so ε stays an upper bound. Different steps (a ledger
 *    with several (q, σ)) compose by FFT convolution with the same tail rule.
 * 3. ε for δ: the smallest ε with Σ_{ℓ_i > ε} p_i(1 − e^{ε−ℓ_i}) + p_∞ ≤ δ, solved exactly on the grid
 *    (dp_accounting's `_get_epsilon_for_delta`).
 * A plain (unsampled) Gaussian composed T times is one Gaussian with σ/√T, as in dp_accounting.
 *
 * Modules: `normal-cdf.ts` (Φ), `pld-loss.ts` (one step: loss, δ(ε), connect-the-dots), `pld-fft.ts` (the
 * transforms), `pld-compose.ts` (self-composition and composition), this file (ε and δ of a ledger).
 */
import { validateDelta } from './conversion';
import { composePmfs, selfComposePair } from './pld-compose';
import { connectTheDotsPair, type PldPmf } from './pld-loss';

export { normalCdf } from './normal-cdf';
export { composePmfs, selfCompose, selfComposePair } from './pld-compose';
export {
  GaussianPrivacyLoss,
  connectTheDotsPair,
  connectTheDotsPmf,
  type Direction,
  type PldPmf,
} from './pld-loss';

export const DEFAULT_PLD_INTERVAL = 1e-4;

/** δ(ε) = p_∞ + Σ_{ℓ_i > ε} p_i·(1 − e^{ε − ℓ_i}) (`_get_delta_for_epsilon`). */
export function pmfDelta(pmf: PldPmf, epsilon: number): number {
  let d = pmf.infinityMass;
  for (let i = pmf.probs.length - 1; i >= 0; i--) {
    const l = (pmf.lower + i) * pmf.interval;
    if (!(l > epsilon)) break;
    d += -Math.expm1(epsilon - l) * pmf.probs[i]!;
  }
  return Math.min(1, Math.max(0, d));
}

/** The smallest ε ≥ 0 with δ(ε) ≤ δ; Infinity when p_∞ > δ (`_get_epsilon_for_delta`). */
export function pmfEpsilon(pmf: PldPmf, delta: number): number {
  if (pmf.infinityMass > delta) return Infinity;
  let massUpper = pmf.infinityMass;
  let massLower = 0;
  // e^{−ℓ_i} walking down the grid: exact every 64 bins, one product by e^d in between (≤ 64 ulps), and the
  // stopping test log((M⁺ − δ)/M⁻) ≥ ℓ_i as (M⁺ − δ)·e^{−ℓ_i} ≥ M⁻: no log or exp per bin (this loop covers
  // ~100,000 bins per direction for the bench's setting)
  const step = Math.exp(pmf.interval);
  let expNeg = 0;
  for (let i = pmf.probs.length - 1; i >= 0; i--) {
    const loss = (pmf.lower + i) * pmf.interval;
    expNeg = (i & 63) === 63 || i === pmf.probs.length - 1 ? Math.exp(-loss) : expNeg * step;
    if (massUpper > delta && massLower > 0 && (massUpper - delta) * expNeg >= massLower) break;
    const p = pmf.probs[i]!;
    massUpper += p;
    massLower += expNeg * p;
    if (massUpper >= delta && massLower === 0) return Math.max(0, loss);
  }
  if (massUpper <= massLower + delta) return 0;
  return Math.log((massUpper - delta) / massLower);
}

/** One run-length ledger entry: `steps` steps with Poisson rate q and noise multiplier σ. */
export interface PldStep {
  q: number;
  sigma: number;
  steps: number;
}

/** The two composed PMFs (remove, add) of a ledger; a ledger without steps is the identity. */
export function composeLedger(
  entries: readonly PldStep[],
  interval = DEFAULT_PLD_INTERVAL,
): [PldPmf, PldPmf] {
  let acc: [PldPmf, PldPmf] | null = null;
  for (const e of entries) {
    if (e.steps === 0 || e.q === 0 || e.sigma === Infinity) continue;
    let pair: [PldPmf, PldPmf];
    if (e.sigma === 0) {
      const never: PldPmf = { interval, lower: 0, probs: Float64Array.of(0), infinityMass: 1 };
      pair = [never, never];
    } else if (e.q === 1) {
      // T Gaussians with σ are one Gaussian with σ/√T (exact; dp_accounting does the same).
      const s = e.sigma / Math.sqrt(e.steps);
      pair = connectTheDotsPair(s, 1, interval);
    } else {
      pair = selfComposePair(...connectTheDotsPair(e.sigma, e.q, interval), e.steps);
    }
    acc = acc ? [composePmfs(acc[0], pair[0]), composePmfs(acc[1], pair[1])] : pair;
  }
  const identity: PldPmf = { interval, lower: 0, probs: Float64Array.of(1), infinityMass: 0 };
  return acc ?? [identity, { ...identity }];
}

/** ε of the ledger for δ under add-or-remove adjacency: the larger of the two directions. */
export function pldEpsilon(
  entries: readonly PldStep[],
  delta: number,
  interval = DEFAULT_PLD_INTERVAL,
): number {
  validateDelta(delta);
  return Math.max(...composeLedger(entries, interval).map((p) => pmfEpsilon(p, delta)));
}

/** δ of the ledger for ε: the larger of the two directions. */
export function pldDelta(
  entries: readonly PldStep[],
  epsilon: number,
  interval = DEFAULT_PLD_INTERVAL,
): number {
  if (!(epsilon >= 0)) throw new Error(`epsilon must be ≥ 0, got ${epsilon}`);
  return Math.max(...composeLedger(entries, interval).map((p) => pmfDelta(p, epsilon)));
}
