import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { type ProbeConfig, type ProbeResult, DEFAULT_PROBE_CONFIG } from './train-probe';
import { runSweep } from './sweep';
import { dataset } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sweeps never reuse randomness across points', () => {
  const base: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, expectedBatchSize: 30, epochs: 1, learningRate: 0.5 };

  it('the same σ at two points with one seed trains two different probes; a rerun reproduces both', async () => {
    const data = dataset(300);
    const collect = async () => {
      const runs: ProbeResult[] = [];
      await runSweep({
        data,
        base: { ...base, seed: 5 },
        spec: { kind: 'sigma', values: [1, 1], seeds: [5] },
        onRun: (_v, _s, r) => {
          runs.push(r);
        },
      });
      return runs.map((r) => Array.from(r.weights));
    };
    const [p1, p2] = await collect();
    expect(p1).not.toEqual(p2); // before #12 both points drew the same noise and batches
    expect(await collect()).toEqual([p1, p2]);
  });

  it('awaits onRunStart before each run and onRun after it: a caller across a worker hears every run in order, before the sweep ends', async () => {
    const events: string[] = [];
    const later = (ms: number, event: string) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          events.push(event);
          resolve();
        }, ms),
      );
    await runSweep({
      data: dataset(200),
      base: { ...base, epochs: 1 },
      spec: { kind: 'sigma', values: [1, 2], seeds: [3] },
      onRunStart: (v) => later(30, `start ${v}`),
      onRun: (v) => later(60, `end ${v}`),
    });
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('waits on the gate every `yieldEvery` steps of every run (how a worker pauses a sweep)', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const sweep = runSweep({
      data: dataset(200),
      base: { ...base, epochs: 1 },
      spec: { kind: 'sigma', values: [1, 2], seeds: [3] },
      yieldEvery: 1,
      gate: () => (++calls === 1 ? held : Promise.resolve()), // paused at the first checkpoint
    }).then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    expect(finished).toBe(false);
    release();
    await sweep;
    expect(calls).toBeGreaterThan(2); // every step of both runs
  });

  it('without seeds every run draws crypto randomness; repeated seeds are refused', async () => {
    const data = dataset(300);
    const runs: ProbeResult[] = [];
    await runSweep({
      data,
      base,
      spec: { kind: 'sigma', values: [1], seeds: [null, null] },
      onRun: (_v, _s, r) => {
        runs.push(r);
      },
    });
    expect(runs.map((r) => r.seedSource)).toEqual(['crypto', 'crypto']);
    expect(Array.from(runs[0]!.weights)).not.toEqual(Array.from(runs[1]!.weights));
    await expect(
      runSweep({ data, base, spec: { kind: 'sigma', values: [1], seeds: [2, 2] } }),
    ).rejects.toThrow(/seeds must differ/);
  });
});
