/**
 * The RDP accountant: turns DP events into total RDP per order and answers (ε, δ) questions.
 * Stateless analysis lives in rdp.ts / conversion.ts; this module adds
 *  - `rdpOfEvent`: RDP of any supported DpEvent (composition adds RDP order by order: Mironov 2017, Prop. 1);
 *  - a per-(q, σ) cache: one step's RDP depends on (q, σ, orders) only, so moving an epochs slider or
 *    asking ε after every step never recomputes it;
 *  - `RdpAccountant`: a compact run-length ledger of what ran ({q, σ, steps}), JSON round-trip, ε at any point.
 */
import { rdpToEpsilon, type Conversion, type EpsilonResult } from './conversion';
import { dpSgdEvent, type DpEvent } from './dp-event';
import { DEFAULT_RDP_ORDERS, validateOrders } from './orders';
import { sampledGaussianRdpOrders, validateSampledGaussian } from './rdp';

const CACHE_LIMIT = 256;
const stepCache = new Map<string, Float64Array>();

/** RDP of ONE sampled-Gaussian step at every order; cached (LRU, 256 entries) by (q, σ, orders). */
export function stepRdp(
  sampleRate: number,
  noiseMultiplier: number,
  orders: readonly number[] = DEFAULT_RDP_ORDERS,
) {
  const key = `${sampleRate}|${noiseMultiplier}|${orders === DEFAULT_RDP_ORDERS ? 'default' : orders.join(',')}`;
  const hit = stepCache.get(key);
  if (hit) {
    stepCache.delete(key);
    stepCache.set(key, hit);
    return hit;
  }
  const value = sampledGaussianRdpOrders(sampleRate, noiseMultiplier, orders);
  stepCache.set(key, value);
  if (stepCache.size > CACHE_LIMIT) stepCache.delete(stepCache.keys().next().value!);
  return value;
}

/**
 * Total RDP of `event` at every order. Composition adds RDP order by order; the event is flattened into the
 * same run-length ledger the accountant keeps, so there is one walk over events, not two.
 */
export function rdpOfEvent(event: DpEvent, orders: readonly number[] = DEFAULT_RDP_ORDERS): Float64Array {
  return new RdpAccountant(orders).compose(event).rdp();
}

function addScaled(out: Float64Array, rdp: Float64Array, times: number): void {
  if (times === 0) return;
  for (let k = 0; k < out.length; k++) out[k]! += rdp[k]! * times;
}

export interface EpsilonQuery {
  delta: number;
  conversion?: Conversion;
  orders?: readonly number[];
}

/** (ε, optimal order) of any DpEvent. */
export function epsilonOfEvent(event: DpEvent, query: EpsilonQuery): EpsilonResult {
  const orders = query.orders ?? DEFAULT_RDP_ORDERS;
  return rdpToEpsilon({
    orders,
    rdp: rdpOfEvent(event, orders),
    delta: query.delta,
    conversion: query.conversion,
  });
}

/** ε of DP-SGD (Poisson rate q, noise σ, T steps) without building an event. */
export function dpSgdEpsilon(
  options: { sampleRate: number; noiseMultiplier: number; steps: number } & EpsilonQuery,
): EpsilonResult {
  const orders = options.orders ?? DEFAULT_RDP_ORDERS;
  validateSteps(options.steps);
  validateSampledGaussian(options.sampleRate, options.noiseMultiplier);
  return rdpToEpsilon({
    orders,
    rdp: stepRdp(options.sampleRate, options.noiseMultiplier, orders),
    delta: options.delta,
    conversion: options.conversion,
    scale: options.steps,
  });
}

export function validateSteps(steps: number): void {
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new Error(`steps must be a non-negative integer, got ${steps}`);
}

/**
 * TensorFlow Privacy's `compute_dp_sgd_privacy` convention for epoch-based inputs:
 * q = batch/N and steps = ⌈epochs·N/batch⌉, in exact integer arithmetic when the inputs are integers.
 */
export function dpSgdSchedule(options: { datasetSize: number; batchSize: number; epochs: number }): {
  sampleRate: number;
  steps: number;
} {
  const { datasetSize: n, batchSize: b, epochs } = options;
  if (!(Number.isInteger(n) && n > 0))
    throw new Error(`N (dataset size) must be a positive integer, got ${n}`);
  if (!(b > 0 && b <= n)) throw new Error(`batch must be in (0, N = ${n}], got ${b}`);
  if (!(epochs >= 0) || !Number.isFinite(epochs))
    throw new Error(`epochs must be a finite number ≥ 0, got ${epochs}`);
  let steps: number;
  if (Number.isInteger(b) && Number.isInteger(epochs)) {
    const num = BigInt(epochs) * BigInt(n);
    const den = BigInt(b);
    steps = Number((num + den - 1n) / den);
  } else {
    steps = Math.ceil((epochs * n) / b);
  }
  return { sampleRate: b / n, steps };
}

/** One run-length entry of the ledger: `steps` identical DP-SGD steps with rate q and noise σ. */
export interface LedgerEntry {
  q: number;
  sigma: number;
  steps: number;
}

/**
 * Whether a value read back from storage is a ledger entry this accountant records (q in [0, 1], a finite
 * σ ≥ 0, a whole number of steps ≥ 0): what `record` would refuse must be refused where it is read, not when
 * the page composes it.
 */
export function isLedgerEntry(v: unknown): v is LedgerEntry {
  const e = v as Partial<LedgerEntry> | null;
  if (typeof e !== 'object' || e === null) return false;
  const { q, sigma, steps } = e;
  if (typeof q !== 'number' || typeof sigma !== 'number' || typeof steps !== 'number') return false;
  if (!Number.isFinite(sigma)) return false; // σ = ∞ is valid in memory, but no stored run has it
  try {
    validateSampledGaussian(q, sigma);
    validateSteps(steps);
    return true;
  } catch {
    return false;
  }
}

export interface AccountantJson {
  accountant: 'rdp';
  orders?: number[];
  ledger: LedgerEntry[];
}

/**
 * A stateful accountant over a run-length ledger. `record` merges consecutive identical (q, σ).
 * The ledger is exactly what was run; ε at any point comes from it.
 */
export class RdpAccountant {
  readonly name = 'rdp' as const;
  readonly orders: readonly number[];
  private readonly entries: LedgerEntry[] = [];

  constructor(orders: readonly number[] = DEFAULT_RDP_ORDERS) {
    validateOrders(orders);
    this.orders = orders;
  }

  /** Record `steps` DP-SGD steps with Poisson rate q and noise multiplier σ. */
  record(q: number, sigma: number, steps = 1): this {
    validateSampledGaussian(q, sigma);
    validateSteps(steps);
    if (steps === 0) return this;
    const last = this.entries[this.entries.length - 1];
    if (last && last.q === q && last.sigma === sigma) last.steps += steps;
    else this.entries.push({ q, sigma, steps });
    return this;
  }

  /**
   * Record any DP event made of (compositions of) Poisson-sampled Gaussians, in the order it runs. A plain
   * Gaussian is the sampled one with q = 1.
   */
  compose(event: DpEvent, times = 1): this {
    // Check the whole event first, so that an unsupported part leaves the ledger as it was.
    const reason = this.unsupportedReason(event);
    if (reason) throw new Error(reason);
    return this.composeUnchecked(event, times);
  }

  private composeUnchecked(event: DpEvent, times: number): this {
    switch (event.kind) {
      case 'noOp':
        return this;
      case 'gaussian':
        return this.record(1, event.noiseMultiplier, times);
      case 'poissonSampled':
        if (event.event.kind === 'noOp') return this;
        if (event.event.kind !== 'gaussian') {
          throw new Error(
            `the RDP accountant supports Poisson sampling of a Gaussian event only, got ${event.event.kind}`,
          );
        }
        return this.record(event.samplingProbability, event.event.noiseMultiplier, times);
      case 'selfComposed':
        if (!(Number.isInteger(event.count) && event.count >= 0)) {
          throw new Error(`count must be a non-negative integer, got ${event.count}`);
        }
        return this.composeUnchecked(event.event, times * event.count);
      case 'composed':
        for (let t = 0; t < times; t++) for (const e of event.events) this.composeUnchecked(e, 1);
        return this;
    }
  }

  /** Why `event` cannot be composed (null when it can); never changes this accountant. */
  unsupportedReason(event: DpEvent): string | null {
    try {
      new RdpAccountant(this.orders).composeUnchecked(event, 1);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  supports(event: DpEvent): boolean {
    return this.unsupportedReason(event) === null;
  }

  /**
   * The smallest δ over the orders for which the ledger is (ε, δ)-DP: improved conversion
   * log δ = (α − 1)(RDP − ε + log(1 − 1/α)) − log α (orders > 1.01), or classic log δ = (α − 1)(RDP − ε),
   * each also bounded by √(1 − e^−RDP) (dp_accounting's `compute_delta`).
   */
  getDelta(epsilon: number, options: { conversion?: Conversion; steps?: number } = {}): number {
    if (!(epsilon >= 0)) throw new Error(`epsilon must be ≥ 0, got ${epsilon}`);
    const rdp = this.rdp(options.steps);
    let best = Infinity;
    for (let k = 0; k < this.orders.length; k++) {
      const a = this.orders[k]!;
      const r = Math.max(0, rdp[k]!);
      let logDelta = r === 0 ? -Infinity : 0.5 * Math.log1p(-Math.exp(-r));
      if (options.conversion === 'classic') logDelta = Math.min(logDelta, (a - 1) * (r - epsilon));
      else if (a > 1.01)
        logDelta = Math.min(logDelta, (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a));
      best = Math.min(best, logDelta);
    }
    return Math.min(1, Math.exp(best));
  }

  get ledger(): readonly LedgerEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  get totalSteps(): number {
    return this.entries.reduce((s, e) => s + e.steps, 0);
  }

  /** The DP event this ledger stands for. */
  toEvent(): DpEvent {
    return {
      kind: 'composed',
      events: this.entries.map((e) =>
        dpSgdEvent({ sampleRate: e.q, noiseMultiplier: e.sigma, steps: e.steps }),
      ),
    };
  }

  /** Total RDP per order; only the first `steps` recorded steps when given (ε "at any point"). */
  rdp(steps = Infinity): Float64Array {
    const out = new Float64Array(this.orders.length);
    let left = steps;
    for (const e of this.entries) {
      if (left <= 0) break;
      const take = Math.min(e.steps, left);
      addScaled(out, stepRdp(e.q, e.sigma, this.orders), take);
      left -= take;
    }
    return out;
  }

  getEpsilon(delta: number, options: { conversion?: Conversion; steps?: number } = {}): EpsilonResult {
    return rdpToEpsilon({
      orders: this.orders,
      rdp: this.rdp(options.steps),
      delta,
      conversion: options.conversion,
    });
  }

  toJSON(): AccountantJson {
    return {
      accountant: 'rdp',
      ...(this.orders === DEFAULT_RDP_ORDERS ? {} : { orders: [...this.orders] }),
      ledger: this.ledger.slice(),
    };
  }

  static fromJSON(json: AccountantJson): RdpAccountant {
    if (json?.accountant !== 'rdp' || !Array.isArray(json.ledger)) {
      throw new Error('not an RDP accountant ledger: expected {"accountant": "rdp", "ledger": [...]}');
    }
    const acc = new RdpAccountant(json.orders ?? DEFAULT_RDP_ORDERS);
    for (const e of json.ledger) acc.record(e.q, e.sigma, e.steps);
    return acc;
  }
}
