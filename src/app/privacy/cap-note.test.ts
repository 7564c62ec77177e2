import { describe, expect, it } from 'vitest';
import { capCheck } from '../../lib/dp/dataset-ledger';
import { RdpAccountant } from '../../lib/privacy/accountant';
import { epsilonAtCapOrder, privacyCap } from '../../lib/privacy/filter';
import { capAdvice, capRefusalText, startCharges } from './cap-note';

const plan = { sampleRate: 0.05, noiseMultiplier: 1.2, steps: 400 };

describe('startCharges: what one start charges, as planned', () => {
  it('is dp copies of the planned run, plus a non-private baseline when asked for', () => {
    const charges = startCharges(plan, { dp: 2, nonPrivate: true });
    expect(charges.map((c) => c.private)).toEqual([true, true, false]);
    expect(charges[0]!.ledger.ledger).toEqual([{ q: 0.05, sigma: 1.2, steps: 400 }]);
    // composing the charges is composing 2·T steps of the plan
    const cap = privacyCap(5, 1e-5);
    const k = new RdpAccountant().orders.indexOf(cap.order);
    const twice = new RdpAccountant().record(0.05, 1.2, 800).rdp()[k]!;
    expect(capCheck([], charges.slice(0, 2), cap).after).toBeCloseTo(epsilonAtCapOrder(cap, twice), 12);
    expect(startCharges({ ...plan, steps: 0 }, { dp: 1, nonPrivate: false })[0]!.ledger.ledger).toEqual([]);
  });
});

describe('capRefusalText', () => {
  const cap = privacyCap(3, 1e-5);
  const ok = { reading: false, unread: null };
  const check = (extra: ReturnType<typeof startCharges>) => (c: typeof cap) => capCheck([], extra, c);

  it('lets a start within the cap through, and refuses one past it with the share of the Rényi budget it would use', () => {
    const small = startCharges({ ...plan, steps: 10 }, { dp: 1, nonPrivate: false });
    expect(capRefusalText(cap, ok, check(small))).toBeNull();
    const big = startCharges(plan, { dp: 3, nonPrivate: false });
    const c = capCheck([], big, cap);
    expect(c.allowed).toBe(false);
    expect(c.usedAfter).toBeGreaterThan(10); // shown as a whole percentage, with a thousands comma
    expect(capRefusalText(cap, ok, check(big))).toBe(
      `This start would bring this data to ${Math.round(100 * c.usedAfter).toLocaleString('en')}% of its cap's budget (ε = 3 at δ = 1e-5; 0% used so far), past the cap.`,
    );
    // what to change: raise σ (not lower it), fewer epochs or a smaller batch; the contrast if it is on
    expect(capAdvice(capRefusalText(cap, ok, check(big))!, true)).toBe(
      ' Untick the contrast, or spend less per run: raise σ, or fewer epochs or a smaller batch.',
    );
    // already past the cap: no run fits, whatever its settings (no advice to lower ε)
    const over = capRefusalText(cap, ok, (x) => capCheck(big, small, x))!;
    expect(over).toMatch(
      /^This data is already at its cap of ε = 3 at δ = 1e-5 \([\d,]+(\.\d)?% of its budget used\): no run fits/,
    );
    expect(capAdvice(over, true)).toBe('');
  });

  it('refuses while the ledger is being read or could not be read whole, or the cap itself cannot be read, without checking', () => {
    const never = () => {
      throw new Error('must not be checked');
    };
    expect(capRefusalText(cap, { reading: true, unread: null }, never)).toMatch(/still being read/);
    expect(
      capRefusalText(cap, { reading: false, unread: 'some stored privacy charges could not be read' }, never),
    ).toMatch(/cannot be checked: some stored privacy charges could not be read/);
    expect(capRefusalText('unreadable', ok, never)).toMatch(
      /cannot be read \(or whether there is one\), so no run starts on it/,
    );
    expect(capRefusalText('reading', ok, never)).toMatch(/still being read/);
  });

  it('names a non-private run (charged: nothing can start; in this start: untick it) and a cap with no budget', () => {
    const np = startCharges(plan, { dp: 0, nonPrivate: true });
    expect(capRefusalText(cap, ok, check(np))).toMatch(/non-private baseline would make this data's ε ∞/);
    const charged = [
      {
        label: 'run 4: Non-private probe',
        private: false,
        ledger: { accountant: 'rdp' as const, ledger: [] },
      },
    ];
    expect(capRefusalText(cap, ok, (c) => capCheck(charged, [], c))).toMatch(
      /already ∞ \(run 4: Non-private probe was trained on it without privacy\)/,
    );
    const none = privacyCap(0.005, 1e-6);
    expect(capRefusalText(none, ok, check(startCharges(plan, { dp: 1, nonPrivate: false })))).toMatch(
      /is too small for any DP step/,
    );
  });
});
