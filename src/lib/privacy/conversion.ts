/**
 * From Rényi DP to (ε, δ)-DP, minimised over the orders.
 *
 * - `improved` (default): Balle, Barthe, Gaboardi, Hsu, Sato, "Hypothesis Testing Interpretations and
 *   Renyi Differential Privacy", AISTATS 2020 (arXiv:1905.09982, Thm 21); in this form, Canonne, Kamath &
 *   Steinke, "The Discrete Gaussian for Differential Privacy", Prop. 12 of arXiv:2004.00010v4, which
 *   dp_accounting cites:
 *       ε(α) = RDP(α) + log1p(−1/α) − log(δ·α)/(α − 1),
 *   with dp_accounting's edge rules: if δ² + expm1(−RDP) > 0 the mechanism is already (0, δ)-DP
 *   (δ ≥ sqrt(1 − e^−KL) and KL ≤ RDP(α)), so ε = 0; orders ≤ 1.01 are numerically unstable and give ∞.
 * - `classic`: Mironov 2017, Prop. 3: ε(α) = RDP(α) + log(1/δ)/(α − 1). Numbers published before 2021
 *   (Abadi et al. 2016 via TF Privacy's tutorials) used it; it is always ≥ the improved value.
 * Negative RDP (only from rounding) is treated as 0; the result is never negative.
 */
export type Conversion = 'improved' | 'classic';

export interface EpsilonResult {
  epsilon: number;
  /** The order α at which the minimum is reached (NaN when every order gives ∞). */
  order: number;
  /** True when the optimum lies at the smallest or largest order: a wider grid could give a smaller ε. */
  orderAtEdge: boolean;
}

export function validateDelta(delta: number): void {
  if (!(delta > 0 && delta < 1)) throw new Error(`delta must be in (0, 1), got ${delta}`);
}

/** ε at one order for total RDP `rdp`; see the module comment for the two conversions. */
export function epsilonAtOrder(rdp: number, order: number, delta: number, conversion: Conversion): number {
  const r = Math.max(0, rdp);
  if (conversion === 'classic') return r + Math.log(1 / delta) / (order - 1);
  if (delta * delta + Math.expm1(-r) > 0) return 0;
  if (order <= 1.01) return Infinity;
  return r + Math.log1p(-1 / order) - Math.log(delta * order) / (order - 1);
}

/**
 * ε = min over orders of ε(α), for the total RDP `rdp[k]` at `orders[k]`; `scale` multiplies every RDP
 * first (the number of identical steps), so callers need not allocate a scaled copy.
 */
export function rdpToEpsilon(options: {
  orders: readonly number[];
  rdp: ArrayLike<number>;
  delta: number;
  // callers forward their own optional `conversion`; undefined means the default
  conversion?: Conversion | undefined;
  scale?: number;
}): EpsilonResult {
  const { orders, rdp, delta, conversion = 'improved', scale = 1 } = options;
  validateDelta(delta);
  if (orders.length !== rdp.length) {
    throw new Error(`orders and rdp must have the same length, got ${orders.length} and ${rdp.length}`);
  }
  let best = Infinity;
  let bestIndex = -1;
  for (let k = 0; k < orders.length; k++) {
    const total = scale === 0 ? 0 : rdp[k]! * scale;
    const eps = epsilonAtOrder(total, orders[k]!, delta, conversion);
    if (eps < best) {
      best = eps;
      bestIndex = k;
    }
  }
  if (bestIndex < 0) return { epsilon: Infinity, order: NaN, orderAtEdge: false };
  return {
    epsilon: Math.max(0, best),
    order: orders[bestIndex]!,
    orderAtEdge: best > 0 && (bestIndex === 0 || bestIndex === orders.length - 1),
  };
}
