import { describe, expect, it } from 'vitest';
import ref from './testdata/accountant-reference.json';
import {
  dpSgdEpsilon,
  dpSgdSchedule,
  epsilonOfEvent,
  RdpAccountant,
  rdpOfEvent,
  type AccountantJson,
  isLedgerEntry,
} from './accountant';
import { calibrateNoiseMultiplier, maxStepsForBudget } from './calibrate';
import { epsilonAtOrder, rdpToEpsilon } from './conversion';
import { composedEvent, dpSgdEvent, gaussianEvent, poissonSampledEvent, selfComposedEvent } from './dp-event';
import { DEFAULT_RDP_ORDERS } from './orders';
import { sampledGaussianRdp } from './rdp';

const relErr = (a: number, b: number) => Math.abs(a / b - 1);

/**
 * dp_accounting 0.6.0 sums the fractional-order series with |binomial coefficients| (drops their signs),
 * which over-states RDP at fractional orders. Where that moves its optimum, the reference ε/σ is not the
 * true value. For these cases we check against a 40-digit mpmath evaluation of the signed series
 * (identical to the integral definition), and check that dp_accounting's value is the ε at its own
 * (integer, exactly computed) optimal order.
 */
const TRUE_EPSILON: Record<string, number> = {
  // q = 0.05, σ = 1, 1000 steps, δ = 1e-6: true optimum at α = 2.9 (mpmath: 13.212210987251985).
  '0.05|1000|1|0.000001': 13.212210987251985, // eslint-disable-line no-loss-of-precision -- mpmath digits, as printed
};

describe('ε with the improved conversion (dp_accounting reference, 1e-6 relative)', () => {
  for (const c of ref.epsilon_improved.cases) {
    it(`q = ${c.q}, σ = ${c.sigma}, steps = ${c.steps}, δ = ${c.delta}`, () => {
      const got = dpSgdEpsilon({ sampleRate: c.q, noiseMultiplier: c.sigma, steps: c.steps, delta: c.delta });
      const truth = TRUE_EPSILON[`${c.q}|${c.steps}|${c.sigma}|${c.delta}`];
      if (truth === undefined) {
        expect(relErr(got.epsilon, c.epsilon)).toBeLessThan(1e-6);
        expect(got.order).toBe(c.order);
      } else {
        expect(relErr(got.epsilon, truth)).toBeLessThan(1e-9);
        expect(got.epsilon).toBeLessThan(c.epsilon);
        const atRefOrder = epsilonAtOrder(
          c.steps * sampledGaussianRdp(c.q, c.sigma, c.order),
          c.order,
          c.delta,
          'improved',
        );
        expect(relErr(atRefOrder, c.epsilon)).toBeLessThan(1e-6);
      }
    });
  }
});

describe('ε with the classic conversion (TF Privacy tutorial numbers)', () => {
  for (const c of ref.epsilon_classic.cases) {
    it(`N = ${c.N}, batch = ${c.batch}, epochs = ${c.epochs}, σ = ${c.sigma} → ${c.published}`, () => {
      const { sampleRate, steps } = dpSgdSchedule({ datasetSize: c.N, batchSize: c.batch, epochs: c.epochs });
      expect(steps).toBe(c.steps);
      expect(sampleRate).toBe(c.q);
      const got = dpSgdEpsilon({
        sampleRate,
        noiseMultiplier: c.sigma,
        steps,
        delta: c.delta,
        conversion: 'classic',
      });
      expect(relErr(got.epsilon, c.epsilon)).toBeLessThan(1e-6);
      expect(got.order).toBe(c.order);
      expect(got.epsilon.toFixed(2)).toBe(c.published.toFixed(2));
    });
  }
});

describe('calibration', () => {
  for (const c of ref.calibration.cases) {
    it(`target ε = ${c.target_epsilon} for N = ${c.N}, batch = ${c.batch}, epochs = ${c.epochs}`, () => {
      const r = calibrateNoiseMultiplier({
        targetEpsilon: c.target_epsilon,
        sampleRate: c.q,
        steps: c.steps,
        delta: c.delta,
      });
      const eps = (sigma: number) =>
        dpSgdEpsilon({ sampleRate: c.q, noiseMultiplier: sigma, steps: c.steps, delta: c.delta }).epsilon;
      // Never overshoots, and is within 1e-4 of the smallest σ that reaches the target (true RDP).
      expect(eps(r.noiseMultiplier)).toBeLessThanOrEqual(c.target_epsilon);
      expect(eps(r.noiseMultiplier / (1 + 1e-4))).toBeGreaterThan(c.target_epsilon);
      // Against dp_accounting: within 1e-4 where its optimum is at an integer order; where it lies at a
      // fractional order, dp_accounting's over-stated RDP makes its σ larger, never smaller.
      if (Number.isInteger(r.order)) {
        expect(r.noiseMultiplier).toBeGreaterThanOrEqual(c.sigma_smallest);
        expect(r.noiseMultiplier).toBeLessThanOrEqual(c.sigma_smallest * (1 + 1e-4));
      } else {
        expect(r.noiseMultiplier).toBeLessThanOrEqual(c.sigma_smallest * (1 + 1e-4));
        expect(relErr(r.noiseMultiplier, c.sigma_smallest)).toBeLessThan(1e-3);
      }
    });
  }

  it('never overshoots over a grid of settings (property)', () => {
    for (const q of [0.001, 0.01, 0.1]) {
      for (const steps of [10, 1000, 20000]) {
        for (const target of [0.3, 1, 4, 10]) {
          const r = calibrateNoiseMultiplier({ targetEpsilon: target, sampleRate: q, steps, delta: 1e-5 });
          const eps = dpSgdEpsilon({
            sampleRate: q,
            noiseMultiplier: r.noiseMultiplier,
            steps,
            delta: 1e-5,
          }).epsilon;
          expect(eps).toBeLessThanOrEqual(target);
          const below = dpSgdEpsilon({
            sampleRate: q,
            noiseMultiplier: r.noiseMultiplier / (1 + 1e-4),
            steps,
            delta: 1e-5,
          }).epsilon;
          expect(below).toBeGreaterThan(target);
        }
      }
    }
  });

  it('says clearly when no σ reaches the target', () => {
    expect(() =>
      calibrateNoiseMultiplier({ targetEpsilon: 0, sampleRate: 0.01, steps: 10, delta: 1e-5 }),
    ).toThrow('target epsilon must be a finite number > 0, got 0');
  });

  it('solves for the number of steps a budget allows', () => {
    const steps = maxStepsForBudget({
      targetEpsilon: 3,
      sampleRate: 256 / 60000,
      noiseMultiplier: 1.1,
      delta: 1e-5,
    });
    const eps = (t: number) =>
      dpSgdEpsilon({ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: t, delta: 1e-5 }).epsilon;
    expect(eps(steps)).toBeLessThanOrEqual(3);
    expect(eps(steps + 1)).toBeGreaterThan(3);
    expect(maxStepsForBudget({ targetEpsilon: 1, sampleRate: 0, noiseMultiplier: 1, delta: 1e-5 })).toBe(
      Infinity,
    );
  });
});

describe('identities', () => {
  it('q = 1 closed form: ε of the Gaussian mechanism from α/(2σ²)', () => {
    const sigma = 2;
    const rdp = rdpOfEvent(gaussianEvent(sigma));
    DEFAULT_RDP_ORDERS.forEach((a, k) => expect(rdp[k]).toBeCloseTo(a / (2 * sigma * sigma), 14));
  });

  it('RDP is linear in steps, and 6 composed steps equal a self-composition of 6', () => {
    const step = poissonSampledEvent(0.01, gaussianEvent(1.3));
    const six = rdpOfEvent(selfComposedEvent(step, 6));
    const composed = rdpOfEvent(composedEvent([step, step, step, step, step, step]));
    const one = rdpOfEvent(step);
    expect(composed).toHaveLength(six.length);
    expect(one).toHaveLength(six.length);
    six.forEach((v, k) => {
      expect(v).toBeCloseTo(composed[k]!, 12);
      expect(relErr(v, 6 * one[k]!)).toBeLessThan(1e-14);
    });
  });

  it('ε decreases in σ and increases in steps', () => {
    let prev = Infinity;
    for (const sigma of [0.5, 0.8, 1, 1.5, 3, 10]) {
      const e = dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: sigma, steps: 1000, delta: 1e-5 }).epsilon;
      expect(e).toBeLessThan(prev);
      prev = e;
    }
    prev = 0;
    for (const steps of [1, 10, 100, 1000, 10000]) {
      const e = dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: 1, steps, delta: 1e-5 }).epsilon;
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
  });

  it('edge cases: steps = 0, q = 0 and σ → ∞ give ε = 0; σ = 0 gives ∞', () => {
    expect(dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: 1, steps: 0, delta: 1e-5 }).epsilon).toBe(0);
    expect(dpSgdEpsilon({ sampleRate: 0, noiseMultiplier: 1, steps: 100, delta: 1e-5 }).epsilon).toBe(0);
    expect(dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: 1e9, steps: 100, delta: 1e-5 }).epsilon).toBe(0);
    expect(dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: 0, steps: 100, delta: 1e-5 }).epsilon).toBe(
      Infinity,
    );
  });

  it('the classic conversion is never below the improved one', () => {
    for (const sigma of [0.7, 1.1, 4]) {
      const base = { sampleRate: 0.004, noiseMultiplier: sigma, steps: 5000, delta: 1e-5 };
      expect(dpSgdEpsilon({ ...base, conversion: 'classic' }).epsilon).toBeGreaterThanOrEqual(
        dpSgdEpsilon(base).epsilon,
      );
    }
  });

  it('flags an optimal order at the edge of the grid', () => {
    const r = dpSgdEpsilon({ sampleRate: 0.5, noiseMultiplier: 0.4, steps: 10000, delta: 1e-5 });
    expect(r.order).toBe(1.1);
    expect(r.orderAtEdge).toBe(true);
  });

  it('δ out of range is refused with the value named', () => {
    expect(() => rdpToEpsilon({ orders: [2], rdp: [1], delta: 2 })).toThrow('delta must be in (0, 1), got 2');
    expect(() => rdpToEpsilon({ orders: [2], rdp: [1], delta: 0 })).toThrow('delta must be in (0, 1), got 0');
  });

  it('orders ≤ 1.01 give ∞ and negative RDP counts as 0', () => {
    expect(epsilonAtOrder(0.5, 1.005, 1e-5, 'improved')).toBe(Infinity);
    expect(epsilonAtOrder(-1e-18, 2, 1e-5, 'improved')).toBe(0);
  });
});

describe('steps convention', () => {
  it('steps = ⌈epochs·N/batch⌉ exactly', () => {
    expect(dpSgdSchedule({ datasetSize: 60000, batchSize: 256, epochs: 60 }).steps).toBe(14063);
    expect(dpSgdSchedule({ datasetSize: 60000, batchSize: 256, epochs: 15 }).steps).toBe(3516);
    expect(dpSgdSchedule({ datasetSize: 100, batchSize: 10, epochs: 3 }).steps).toBe(30);
    expect(dpSgdSchedule({ datasetSize: 2000, batchSize: 64, epochs: 20 }).steps).toBe(625);
  });
  it('names bad inputs', () => {
    expect(() => dpSgdSchedule({ datasetSize: 100, batchSize: 200, epochs: 1 })).toThrow(
      'batch must be in (0, N = 100], got 200',
    );
  });
});

describe('RdpAccountant ledger', () => {
  it('merges runs, round-trips JSON and answers ε at any point', () => {
    const acc = new RdpAccountant();
    acc.record(0.01, 1.1, 300).record(0.01, 1.1, 200).record(0.02, 2, 100);
    expect(acc.ledger).toEqual([
      { q: 0.01, sigma: 1.1, steps: 500 },
      { q: 0.02, sigma: 2, steps: 100 },
    ]);
    const back = RdpAccountant.fromJSON(JSON.parse(JSON.stringify(acc)) as AccountantJson);
    expect(back.getEpsilon(1e-5).epsilon).toBe(acc.getEpsilon(1e-5).epsilon);
    const at500 = acc.getEpsilon(1e-5, { steps: 500 }).epsilon;
    expect(at500).toBeCloseTo(
      dpSgdEpsilon({ sampleRate: 0.01, noiseMultiplier: 1.1, steps: 500, delta: 1e-5 }).epsilon,
      12,
    );
    // Heterogeneous composition adds RDP per order.
    const viaEvent = epsilonOfEvent(acc.toEvent(), { delta: 1e-5 }).epsilon;
    expect(viaEvent).toBeCloseTo(acc.getEpsilon(1e-5).epsilon, 12);
  });

  it('records the same thing from events as from steps', () => {
    const a = new RdpAccountant().compose(dpSgdEvent({ sampleRate: 0.01, noiseMultiplier: 1, steps: 50 }));
    expect(a.ledger).toEqual([{ q: 0.01, sigma: 1, steps: 50 }]);
    expect(() => RdpAccountant.fromJSON({ accountant: 'pld' } as never)).toThrow(
      /not an RDP accountant ledger/,
    );
  });
});

describe('a ledger entry read back from storage', () => {
  it('is accepted exactly when the accountant records it (q in [0, 1], finite σ ≥ 0, whole steps ≥ 0)', () => {
    const values = [-1, 0, 0.5, 1, 1.5, 2.5, 3, NaN, Infinity];
    for (const q of values)
      for (const sigma of values)
        for (const steps of values) {
          const entry = { q, sigma, steps };
          let recorded = true;
          try {
            new RdpAccountant().record(q, sigma, steps);
          } catch {
            recorded = false;
          }
          // σ = ∞ is a valid mechanism in memory, but no stored run has it: refused on reading
          expect(isLedgerEntry(entry), JSON.stringify(entry)).toBe(recorded && Number.isFinite(sigma));
        }
    for (const other of [null, 'x', [], { q: '0.5', sigma: 1, steps: 1 }, { q: 0.5, sigma: 1 }])
      expect(isLedgerEntry(other)).toBe(false);
  });
});

describe('calibration with a floor on σ (the lab never calibrates below LAB_SIGMA_MIN)', () => {
  const base = { sampleRate: 256 / 2000, steps: 8, delta: 1e-5 };
  it('returns the floor when it already meets the target, with its own ε (below the target)', () => {
    const free = calibrateNoiseMultiplier({ ...base, targetEpsilon: 100 });
    expect(free.noiseMultiplier).toBeLessThan(0.25); // this schedule reaches ε = 100 with less noise
    const floored = calibrateNoiseMultiplier({ ...base, targetEpsilon: 100, minNoiseMultiplier: 0.25 });
    expect(floored.noiseMultiplier).toBe(0.25);
    expect(floored.epsilon).toBeCloseTo(dpSgdEpsilon({ ...base, noiseMultiplier: 0.25 }).epsilon, 10);
    expect(floored.epsilon).toBeLessThanOrEqual(100);
  });
  it('changes nothing when the target needs more noise than the floor', () => {
    for (const targetEpsilon of [0.5, 3, 20]) {
      const free = calibrateNoiseMultiplier({ ...base, targetEpsilon });
      const floored = calibrateNoiseMultiplier({ ...base, targetEpsilon, minNoiseMultiplier: 0.25 });
      expect(floored.noiseMultiplier).toBeCloseTo(free.noiseMultiplier, 3);
      expect(floored.epsilon).toBeLessThanOrEqual(targetEpsilon);
    }
  });
});
