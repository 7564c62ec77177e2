import { describe, expect, it } from 'vitest';
import { datasetSpent } from './dataset-ledger';
import { RdpAccountant } from '../privacy/accountant';

describe('the privacy ledger of a dataset', () => {
  const ledger = (q: number, sigma: number, steps: number) => ({
    accountant: 'rdp' as const,
    ledger: [{ q, sigma, steps }],
  });

  it('composes every DP run by RDP: the same as one accountant that recorded all their steps', () => {
    const runs = [
      { label: 'run 1', private: true, ledger: ledger(0.5, 1, 6) },
      { label: 'run 2', private: true, ledger: ledger(0.5, 2.5, 6) },
      { label: 'sweep 1 run 1', private: true, ledger: ledger(0.1, 1.3, 40) },
    ];
    const spent = datasetSpent(runs, 1e-5);
    const one = new RdpAccountant().record(0.5, 1, 6).record(0.5, 2.5, 6).record(0.1, 1.3, 40);
    expect(spent.epsilon).toBe(one.getEpsilon(1e-5).epsilon);
    expect(spent.dpRuns).toBe(3);
    expect(spent.sweepRuns).toBe(1); // "sweep 1 run 1": stored before the flag, known by its label
    expect(spent.steps).toBe(52);
    // more than any run alone, less than their plain sum (RDP composes tighter than adding ε)
    const alone = runs.map((r) => RdpAccountant.fromJSON(r.ledger).getEpsilon(1e-5).epsilon);
    expect(spent.epsilon).toBeGreaterThan(Math.max(...alone));
    expect(spent.epsilon).toBeLessThan(alone.reduce((a, b) => a + b, 0));
    expect(datasetSpent([], 1e-5)).toMatchObject({ epsilon: 0, reason: null });
  });

  it('is ∞, with the reason, once a non-private run is kept', () => {
    const spent = datasetSpent(
      [
        { label: 'run 1', private: true, ledger: ledger(0.5, 1, 6) },
        { label: 'run 2 (Non-private probe)', private: false, ledger: { accountant: 'rdp', ledger: [] } },
      ],
      1e-5,
    );
    expect(spent.epsilon).toBe(Infinity);
    expect(spent.reason).toBe('run 2 (Non-private probe) was trained on this data without privacy');
    // what the DP runs alone compose to, beside the ∞
    expect(spent.dpEpsilon).toBe(new RdpAccountant().record(0.5, 1, 6).getEpsilon(1e-5).epsilon);
    expect(spent.dpRuns).toBe(1);
  });

  it('counts the DP runs a sweep made (not rows of the runs table), by flag or by the label stored before it', () => {
    const runs = [
      { label: 'run 1: DP-SGD σ=1.00', private: true, ledger: ledger(0.5, 1, 6) },
      { label: 'sweep 3 run 1 (target ε = 1)', private: true, ledger: ledger(0.5, 4, 6) },
      { label: 'anything', private: true, sweep: true, ledger: ledger(0.5, 4, 6) },
      { label: 'sweep 2: 3 runs not yet reported', private: true, ledger: ledger(0.5, 4, 18) },
      // a run whose label merely mentions a sweep is not one
      { label: 'run 4: sweep 1 run 1 lookalike', private: true, ledger: ledger(0.5, 4, 6) },
    ];
    expect(datasetSpent(runs, 1e-5)).toMatchObject({ dpRuns: 5, sweepRuns: 3 });
    expect(datasetSpent(runs.slice(0, 1), 1e-5).sweepRuns).toBe(0);
  });

  it('does not count a charge that ran no step (a run or sweep stopped before its first) as a DP run', () => {
    const none = { accountant: 'rdp' as const, ledger: [{ q: 0.5, sigma: 4, steps: 0 }] };
    const runs = [
      { label: 'run 1', private: true, ledger: ledger(0.5, 1, 6) },
      { label: 'sweep 1 run 1', private: true, sweep: true, ledger: none },
      { label: 'run 2', private: true, ledger: { accountant: 'rdp' as const, ledger: [] } },
    ];
    const spent = datasetSpent(runs, 1e-5);
    expect(spent).toMatchObject({ dpRuns: 1, sweepRuns: 0, steps: 6 });
    expect(spent.epsilon).toBe(datasetSpent(runs.slice(0, 1), 1e-5).epsilon);
    expect(datasetSpent(runs.slice(1), 1e-5)).toMatchObject({ dpRuns: 0, epsilon: 0 });
  });
});

describe('a run charged before it starts', () => {
  const planned = { accountant: 'rdp' as const, ledger: [{ q: 0.16, sigma: 1.2, steps: 240 }] };

  it('counts in full, as planned, while it has not reported, and says how many such runs there are', () => {
    const done = {
      label: 'run 1',
      private: true,
      ledger: { accountant: 'rdp' as const, ledger: [{ q: 0.16, sigma: 2, steps: 240 }] },
    };
    const interrupted = { label: 'run 2', private: true, ledger: planned, pending: 'a' };
    const spent = datasetSpent([done, interrupted], 1e-5);
    const both = new RdpAccountant().record(0.16, 2, 240).record(0.16, 1.2, 240);
    expect(spent.epsilon).toBe(both.getEpsilon(1e-5).epsilon);
    expect(spent.interrupted).toBe(1);
    expect(spent.dpRuns).toBe(2);
    expect(datasetSpent([done], 1e-5).interrupted).toBe(0);
    // the same charge while its run is in progress on this page: counted in full as well, said differently
    const running = datasetSpent([done, interrupted], 1e-5, new Set(['a']));
    expect(running.epsilon).toBe(spent.epsilon);
    expect(running).toMatchObject({ inProgress: 1, interrupted: 0 });
    expect(datasetSpent([done], 1e-5).epsilon).toBeLessThan(spent.epsilon);
  });

  it('makes ε ∞ at once when it is a non-private run, even if it never reports', () => {
    const spent = datasetSpent(
      [
        {
          label: 'run 3 (Non-private probe)',
          private: false,
          ledger: { accountant: 'rdp', ledger: [] },
          pending: 'b',
        },
      ],
      1e-5,
    );
    expect(spent.epsilon).toBe(Infinity);
    expect(spent.interrupted).toBe(1);
  });
});
