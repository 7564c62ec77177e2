import { describe, expect, it } from 'vitest';
import { epsilonAtOrder, rdpToEpsilon } from './conversion';
import { DEFAULT_RDP_ORDERS } from './orders';
import { RdpAccountant } from './accountant';
import { epsilonAtCapOrder, privacyCap } from './filter';
import { capCheck, datasetSpent } from '../dp/dataset-ledger';
import { createRng } from '../rng';

describe('privacyCap: a cap on the total ε as an RDP filter at one order', () => {
  it("picks the order at which a Gaussian composition spending exactly the cap converts best, and that order's budget gives ε = cap", () => {
    for (const [eps, delta] of [
      [0.5, 1e-5],
      [1, 1e-5],
      [3, 1e-6],
      [8, 1e-5],
      [30, 1e-9],
    ] as const) {
      const cap = privacyCap(eps, delta);
      // independent: scan ρ on a fine grid for the Gaussian curve ρ·α whose best ε (over all orders) is the cap
      let rho = 0;
      for (let r = 1e-6; ; r *= 1.0005) {
        const best = rdpToEpsilon({
          orders: DEFAULT_RDP_ORDERS,
          rdp: DEFAULT_RDP_ORDERS.map((a) => r * a),
          delta,
        });
        if (best.epsilon > eps) break;
        rho = r;
      }
      const best = rdpToEpsilon({
        orders: DEFAULT_RDP_ORDERS,
        rdp: DEFAULT_RDP_ORDERS.map((a) => rho * a),
        delta,
      });
      expect(cap.order).toBe(best.order);
      // the budget at that order converts to exactly the cap
      expect(epsilonAtOrder(cap.rdpBudget, cap.order, delta, 'improved')).toBeCloseTo(eps, 10);
      expect(epsilonAtCapOrder(cap, cap.rdpBudget)).toBeCloseTo(eps, 10);
    }
    // larger caps (or larger δ) sit at smaller orders
    expect(privacyCap(8, 1e-5).order).toBeLessThan(privacyCap(1, 1e-5).order);
  });

  it('refuses caps that are not positive numbers', () => {
    expect(() => privacyCap(0, 1e-5)).toThrow(/positive/);
    expect(() => privacyCap(Infinity, 1e-5)).toThrow(/positive/);
    expect(() => privacyCap(1, 1)).toThrow(/delta/);
  });

  it('keeps a cap too small for δ as a cap with no budget, which refuses every DP step (never turned off)', () => {
    const cap = privacyCap(0.005, 1e-6);
    expect(cap.rdpBudget).toBeLessThanOrEqual(0);
    expect(DEFAULT_RDP_ORDERS).toContain(cap.order);
    const tiny = {
      label: 'run',
      private: true,
      ledger: { accountant: 'rdp' as const, ledger: [{ q: 0.001, sigma: 50, steps: 1 }] },
    };
    expect(capCheck([], [tiny], cap)).toMatchObject({ allowed: false, usedAfter: Infinity });
    expect(capCheck([], [], cap)).toMatchObject({ allowed: true, usedBefore: 0 });
  });
});

describe('capCheck: the filter over a dataset ledger', () => {
  const run = (q: number, sigma: number, steps: number, label = 'run') => ({
    label,
    private: true,
    ledger: { accountant: 'rdp' as const, ledger: [{ q, sigma, steps }] },
  });

  it('lets through exactly the runs whose summed RDP at the cap order stays in the budget', () => {
    const cap = privacyCap(3, 1e-5);
    const k = DEFAULT_RDP_ORDERS.indexOf(cap.order);
    const one = run(0.02, 1.1, 500);
    const rdpOne = RdpAccountant.fromJSON(one.ledger).rdp()[k]!;
    const fit = Math.floor(cap.rdpBudget / rdpOne); // how many such runs the budget holds at that order
    expect(fit).toBeGreaterThanOrEqual(1);
    const ledger = Array.from({ length: fit - 1 }, () => one);
    expect(capCheck(ledger, [one], cap).allowed).toBe(true);
    expect(capCheck([...ledger, one], [one], cap).allowed).toBe(false);
    const c = capCheck(ledger, [one], cap);
    expect(c.after).toBeCloseTo(epsilonAtOrder(fit * rdpOne, cap.order, 1e-5, 'improved'), 10);
    expect(c.after).toBeGreaterThan(c.before);
  });

  it('never lets the composed ε (at its own best order) pass the cap, over random sequences of runs', () => {
    const rng = createRng(11);
    let allowed = 0;
    let refused = 0;
    for (let trial = 0; trial < 60; trial++) {
      const capEps = 0.5 + 10 * rng.float();
      const cap = privacyCap(capEps, 1e-6);
      const ledger: ReturnType<typeof run>[] = [];
      for (let i = 0; i < 12; i++) {
        const next = run(0.001 + 0.3 * rng.float(), 0.6 + 4 * rng.float(), 1 + Math.floor(400 * rng.float()));
        if (capCheck(ledger, [next], cap).allowed) {
          ledger.push(next);
          allowed++;
        } else refused++;
      }
      // the footer's ε, minimised over all orders, is at most the filter's ε at its one order
      expect(datasetSpent(ledger, 1e-6).epsilon).toBeLessThanOrEqual(capEps + 1e-9);
    }
    // the sequences exercise both sides of the filter
    expect(allowed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('sums at its one order, never the best one: it refuses a run whose best-order ε fits under the cap', () => {
    const cap = privacyCap(1, 1e-5);
    const r = run(0.1, 2, 10);
    const best = RdpAccountant.fromJSON(r.ledger).getEpsilon(1e-5);
    expect(best.epsilon).toBeLessThan(1); // 0.94 at order 14: plain composition would let it through
    expect(best.order).not.toBe(cap.order);
    const c = capCheck([], [r], cap);
    expect(c.after).toBeGreaterThan(1); // 1.21 at the cap's order 18
    expect(c.allowed).toBe(false);
    expect(c.usedAfter).toBeGreaterThan(1);
  });

  it('refuses anything once a non-private run is charged, and a non-private run itself, naming it', () => {
    const cap = privacyCap(8, 1e-5);
    const np = {
      label: 'run 2 (Non-private probe)',
      private: false,
      ledger: { accountant: 'rdp' as const, ledger: [] },
    };
    expect(capCheck([np], [run(0.01, 2, 10)], cap)).toMatchObject({
      allowed: false,
      before: Infinity,
      nonPrivate: { label: 'run 2 (Non-private probe)', charged: true },
    });
    expect(capCheck([], [np], cap)).toMatchObject({
      allowed: false,
      before: 0,
      after: Infinity,
      nonPrivate: { charged: false },
    });
    expect(capCheck([], [], cap)).toMatchObject({ allowed: true, before: 0, after: 0 });
  });
});
