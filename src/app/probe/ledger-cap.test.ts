import { describe, expect, it } from 'vitest';
import type { LedgerRun } from '../../lib/dp/dataset-ledger';
import { privacyCap } from '../../lib/privacy/filter';
import { type LedgerIO, chargeUnderCap, storeCap } from './ledger-cap';
import { type Caps, type Ledgers, type StoredCap, capOfRecord } from './ledger-store';

/** The ledger in memory, every read and write a few event-loop turns long (as IndexedDB's are). */
function memoryLedger(start: { ledgers?: Ledgers; caps?: Caps; unreadable?: boolean } = {}) {
  const ledgers: Ledgers = structuredClone(start.ledgers ?? {});
  const caps: Caps = { ...start.caps };
  const later = () => new Promise((r) => setTimeout(r, 1));
  const io: LedgerIO = {
    loadCaps: async () => (await later(), { ...caps }),
    loadLedgers: async (onProblem) => {
      await later();
      if (start.unreadable) onProblem();
      return structuredClone(ledgers);
    },
    putCharge: async (id, dataset, run) => {
      await later();
      (ledgers[dataset] ??= []).push({ ...run, id });
    },
    putCap: async (dataset, cap) => {
      await later();
      if (cap) caps[dataset] = cap;
      else delete caps[dataset];
    },
  };
  return { io, ledgers, caps };
}

// 2,000 images, B = 1,024, σ = 1, 3 epochs: 6 steps; a cap of 12 at δ = 1e-5 holds one such run, not two
const run: LedgerRun = {
  label: 'run',
  private: true,
  ledger: { accountant: 'rdp', ledger: [{ q: 1024 / 2000, sigma: 1, steps: 6 }] },
};
const cap12: StoredCap = { ...privacyCap(12, 1e-5), at: 0, chargesBefore: 0 };
const charge = (id: string) => ({ dataset: 'd', id, run, at: 0 });
const noLock = <T>(job: () => Promise<T>) => job();

describe('chargeUnderCap: check and charge in one job under the ledger lock', () => {
  it('lets one of two simultaneous starts through a cap that holds one, and refuses the other', async () => {
    const { io, ledgers } = memoryLedger({ caps: { d: cap12 } });
    const results = await Promise.allSettled([
      chargeUnderCap(io, charge('a')),
      chargeUnderCap(io, charge('b')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toMatch(
      /^the run was not started: this start would bring this data to .* of its cap's budget/,
    );
    expect(ledgers['d']).toHaveLength(1);
  });

  it('without the lock both pass the check before either is stored: the race the lock closes', async () => {
    const { io, ledgers } = memoryLedger({ caps: { d: cap12 } });
    await Promise.all([chargeUnderCap(io, charge('a'), noLock), chargeUnderCap(io, charge('b'), noLock)]);
    expect(ledgers['d']).toHaveLength(2);
  });

  it('checks against charges this page never saw (another tab stored them), and charges freely without a cap', async () => {
    const stored = memoryLedger({ caps: { d: cap12 }, ledgers: { d: [{ ...run, id: 'other-tab' }] } });
    await expect(chargeUnderCap(stored.io, charge('a'))).rejects.toThrow(/not started/);
    const free = memoryLedger({ ledgers: { d: [{ ...run, id: 'other-tab' }] } });
    await chargeUnderCap(free.io, charge('a'));
    await chargeUnderCap(free.io, charge('b'));
    expect(free.ledgers['d']).toHaveLength(3);
  });

  it('refuses under a cap when some stored charges cannot be read, or the cap cannot be', async () => {
    const partial = memoryLedger({ caps: { d: cap12 }, unreadable: true });
    await expect(chargeUnderCap(partial.io, charge('a'))).rejects.toThrow(/cannot be checked: some stored/);
    const bad = memoryLedger({ caps: { d: 'unreadable' } });
    await expect(chargeUnderCap(bad.io, charge('a'))).rejects.toThrow(/cannot be read/);
    expect(bad.ledgers['d']).toBeUndefined();
  });

  it('says so when the store cannot be read at all: nothing is charged', async () => {
    const { io } = memoryLedger();
    io.loadCaps = () => Promise.reject(new Error('IndexedDB is gone'));
    await expect(chargeUnderCap(io, charge('a'))).rejects.toThrow(
      /^the run was not started: the stored privacy ledger could not be checked/,
    );
  });
});

describe('storeCap', () => {
  it("counts the data's stored charges under the lock, including another tab's the page has not read", async () => {
    const { io, caps } = memoryLedger({ ledgers: { d: [{ ...run, id: 'other-tab' }], e: [] } });
    expect((await storeCap(io, 'd', 12, 1e-5))!.chargesBefore).toBe(1);
    expect((await storeCap(io, 'e', 12, 1e-5))!.chargesBefore).toBe(0);
    expect(caps['d']).toMatchObject({ epsilon: 12, delta: 1e-5, order: cap12.order, chargesBefore: 1 });
    expect(await storeCap(io, 'd', null, 1e-5)).toBeNull();
    expect(caps['d']).toBeUndefined();
  });

  it('counts -1 (no guarantee) when not every stored charge can be read', async () => {
    const { io } = memoryLedger({ unreadable: true });
    expect((await storeCap(io, 'd', 12, 1e-5))!.chargesBefore).toBe(-1);
  });

  it('waits for a start in progress: a cap set while a run is being charged counts that run', async () => {
    const { io } = memoryLedger();
    const [, stored] = await Promise.all([chargeUnderCap(io, charge('a')), storeCap(io, 'd', 12, 1e-5)]);
    expect(stored!.chargesBefore).toBe(1);
  });
});

describe('capOfRecord: a stored cap as the lab can use it', () => {
  it('recomputes the budget from ε, δ and the order, and rejects what it cannot trust', () => {
    const good = { ...cap12, rdpBudget: 1e9 };
    expect(capOfRecord(good)).toEqual(cap12); // a stored budget is never trusted
    expect(capOfRecord({ ...cap12, order: 2.45 })).toBeNull(); // not one of the accountant's orders
    expect(capOfRecord({ ...cap12, delta: 1 })).toBeNull();
    expect(capOfRecord({ ...cap12, epsilon: -1 })).toBeNull();
    expect(capOfRecord({ ...cap12, chargesBefore: 'none' })).toBeNull();
    expect(capOfRecord(null)).toBeNull();
  });
});
