/**
 * The logic behind `npm run -s eps`: one request object in, one JSON-ready result out. Kept here (pure, no
 * Node imports) so that tests can call it directly; scripts/eps.ts only parses argv / stdin.
 */
import { jsonNumber } from '../json-numbers.ts';
import { dpSgdEpsilon, dpSgdSchedule } from './accountant';
import { calibrateNoiseMultiplier } from './calibrate';
import type { Conversion } from './conversion';
import { DEFAULT_PLD_INTERVAL, pldEpsilon } from './pld';
import { ACCOUNTANT_NAMES, isAccountantName } from './privacy-accountant';

export interface EpsRequest {
  N?: number;
  batch?: number;
  epochs?: number;
  q?: number;
  steps?: number;
  sigma?: number;
  delta?: number;
  conversion?: string;
  target_epsilon?: number;
  accountant?: string;
  interval?: number;
}

const NUMERIC_KEYS = [
  'N',
  'batch',
  'epochs',
  'q',
  'steps',
  'sigma',
  'delta',
  'target_epsilon',
  'interval',
] as const;
const KNOWN_KEYS = new Set<string>([...NUMERIC_KEYS, 'conversion', 'accountant']);

/** Replaces non-finite numbers by strings ("Infinity") so that JSON.stringify keeps them (json-numbers.ts). */
export function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonNumber(v)]));
}

function field(req: Record<string, unknown>, key: string): number | undefined {
  const v = req[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n))
    throw new Error(`${key} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

/** Computes ε (or a calibrated σ) for one request; throws an Error naming the bad field and value. */
export function runEpsRequest(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('each input must be a JSON object');
  const req = raw as Record<string, unknown>;
  for (const k of Object.keys(req)) if (!KNOWN_KEYS.has(k)) throw new Error(`unknown field ${k}`);
  const conversion = (req.conversion ?? 'improved') as Conversion;
  if (conversion !== 'improved' && conversion !== 'classic') {
    throw new Error(`conversion must be "improved" or "classic", got ${JSON.stringify(req.conversion)}`);
  }
  const accountant = req.accountant ?? 'rdp';
  if (!isAccountantName(accountant)) {
    throw new Error(
      `accountant must be one of ${ACCOUNTANT_NAMES.join(', ')}, got ${JSON.stringify(req.accountant)}`,
    );
  }
  const interval = field(req, 'interval');
  if (interval !== undefined && accountant !== 'pld')
    throw new Error('interval applies to --accountant pld only');
  if (interval !== undefined && !(interval > 0 && interval <= 0.1))
    throw new Error(`interval must be in (0, 0.1], got ${interval}`);
  if (accountant === 'pld' && req.conversion !== undefined)
    throw new Error('conversion applies to --accountant rdp only');
  const delta = field(req, 'delta');
  if (delta === undefined) throw new Error('delta is required');
  let q = field(req, 'q');
  let steps = field(req, 'steps');
  const N = field(req, 'N');
  const batch = field(req, 'batch');
  const epochs = field(req, 'epochs');
  if (N !== undefined || batch !== undefined || epochs !== undefined) {
    if (q !== undefined || steps !== undefined)
      throw new Error('give either N, batch, epochs or q, steps, not both');
    if (N === undefined || batch === undefined || epochs === undefined)
      throw new Error('N, batch and epochs go together');
    ({ sampleRate: q, steps } = dpSgdSchedule({ datasetSize: N, batchSize: batch, epochs }));
  }
  if (q === undefined || steps === undefined) throw new Error('give N, batch and epochs, or q and steps');
  const target = field(req, 'target_epsilon');
  const sigma = field(req, 'sigma');
  if (target !== undefined) {
    if (sigma !== undefined) throw new Error('give either sigma or target_epsilon, not both');
    const r = calibrateNoiseMultiplier({
      targetEpsilon: target,
      sampleRate: q,
      steps,
      delta,
      conversion,
      accountant,
      interval,
    });
    if (accountant === 'pld') {
      return jsonSafe({
        sigma: r.noiseMultiplier,
        epsilon: r.epsilon,
        target_epsilon: target,
        q,
        steps,
        delta,
        accountant,
        interval: interval ?? DEFAULT_PLD_INTERVAL,
      });
    }
    return jsonSafe({
      sigma: r.noiseMultiplier,
      epsilon: r.epsilon,
      target_epsilon: target,
      order: r.order,
      q,
      steps,
      delta,
      accountant: 'rdp',
      conversion,
    });
  }
  if (sigma === undefined) throw new Error('give sigma or target_epsilon');
  if (accountant === 'pld') {
    if (!(sigma >= 0)) throw new Error(`noise multiplier σ must be ≥ 0, got ${sigma}`);
    if (!(q >= 0 && q <= 1)) throw new Error(`sampling rate q must be in [0, 1], got ${q}`);
    if (!(Number.isInteger(steps) && steps >= 0))
      throw new Error(`steps must be a non-negative integer, got ${steps}`);
    const epsilon = pldEpsilon([{ q, sigma, steps }], delta, interval ?? DEFAULT_PLD_INTERVAL);
    return jsonSafe({
      epsilon,
      q,
      steps,
      sigma,
      delta,
      accountant,
      interval: interval ?? DEFAULT_PLD_INTERVAL,
    });
  }
  const r = dpSgdEpsilon({ sampleRate: q, noiseMultiplier: sigma, steps, delta, conversion });
  return jsonSafe({
    epsilon: r.epsilon,
    order: r.order,
    q,
    steps,
    sigma,
    delta,
    accountant: 'rdp',
    conversion,
    ...(r.orderAtEdge ? { warning: `the optimal order ${r.order} is at the edge of the order grid` } : {}),
  });
}
