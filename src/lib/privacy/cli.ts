/**
 * The logic behind `npm run -s eps`: one request object in, one JSON-ready result out. Kept here (pure, no
 * Node imports) so that tests can call it directly; scripts/eps.ts only parses argv / stdin.
 */
import { dpSgdEpsilon, dpSgdSchedule } from './accountant';
import { calibrateNoiseMultiplier } from './calibrate';
import type { Conversion } from './conversion';

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
}

const NUMERIC_KEYS = ['N', 'batch', 'epochs', 'q', 'steps', 'sigma', 'delta', 'target_epsilon'] as const;
const KNOWN_KEYS = new Set<string>([...NUMERIC_KEYS, 'conversion']);

/** Replaces non-finite numbers by strings ("Infinity") so that JSON.stringify keeps them. */
export function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      typeof v === 'number' && !Number.isFinite(v)
        ? Number.isNaN(v)
          ? null
          : v > 0
            ? 'Infinity'
            : '-Infinity'
        : v;
  }
  return out;
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
    const r = calibrateNoiseMultiplier({ targetEpsilon: target, sampleRate: q, steps, delta, conversion });
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
