import { describe, expect, it } from 'vitest';
import { mergeStored } from './use-persistent-state';
import { mergeLedgers } from './use-ledger';
import type { Charge } from './ledger-store';

interface Item {
  k: string;
  v: number;
}
const keyOf = (i: Item) => i.k;

describe('a stored list read again (another tab changed it)', () => {
  it('adds the other tab’s items, drops what it deleted, keeps this page’s unsaved items, versions and removals', () => {
    const a = { k: 'a', v: 1 };
    const b = { k: 'b', v: 1 };
    const c = { k: 'c', v: 1 };
    const f = { k: 'f', v: 1 }; // removed here, its deletion not yet written
    const saved = new Map([
      ['a', a],
      ['b', b],
      ['c', c],
      ['f', f],
    ]);
    const a2 = { k: 'a', v: 2 }; // changed here, not yet written
    const d = { k: 'd', v: 1 }; // added here, not yet written
    const current = [a2, b, c, d];
    // the store as the other tab left it: c deleted, e added, b rewritten by the other tab
    const storedA = { k: 'a', v: 1 };
    const storedB = { k: 'b', v: 5 };
    const e = { k: 'e', v: 1 };
    expect(mergeStored([storedA, storedB, e, { k: 'f', v: 1 }], current, saved, keyOf)).toEqual([
      a2,
      storedB,
      e,
      d,
    ]);
  });

  it('on the first read, keeps what was added before the read landed, after the stored items', () => {
    const x = { k: 'x', v: 1 };
    const s = { k: 's', v: 1 };
    expect(mergeStored([s], [x], new Map(), keyOf)).toEqual([s, x]);
    // and an item both stored and held here unsaved is not doubled
    expect(mergeStored([s], [{ k: 's', v: 2 }], new Map(), keyOf)).toEqual([{ k: 's', v: 2 }]);
  });
});

describe('the privacy ledger read again', () => {
  const charge = (id: string, steps: number, pending?: string): Charge => ({
    id,
    label: id,
    private: true,
    ledger: { accountant: 'rdp', ledger: [{ q: 0.1, sigma: 1, steps }] },
    ...(pending ? { pending } : {}),
  });
  it('takes another tab’s settled charge, keeps this page’s own newer version and its own unsaved charge', () => {
    const theirsPlanned = charge('t', 100, 't');
    const theirsSettled = charge('t', 40);
    const mineSettled = charge('m', 30);
    const minePlannedStored = charge('m', 100, 'm');
    const mineNotYetStored = charge('n', 10);
    const merged = mergeLedgers(
      { d: [theirsSettled, minePlannedStored] },
      { d: [theirsPlanned, mineSettled, mineNotYetStored] },
      new Set(['m', 'n']),
    );
    expect(merged['d']).toEqual([theirsSettled, mineSettled, mineNotYetStored]);
  });

  it('drops another tab’s charge that is gone from the store (withdrawn there: its run never trained)', () => {
    const theirs = charge('t', 100, 't');
    const kept = charge('k', 20);
    expect(mergeLedgers({ d: [kept] }, { d: [theirs, kept] }, new Set())['d']).toEqual([kept]);
  });

  it('never brings back a charge this page withdrew (a read begun before its delete still has it)', () => {
    const withdrawnCharge = charge('w', 100, 'w');
    const kept = charge('k', 20);
    const merged = mergeLedgers(
      { d: [withdrawnCharge, kept] },
      { d: [kept] },
      new Set(['w', 'k']),
      new Set(['w']),
    );
    expect(merged['d']).toEqual([kept]);
  });
});
