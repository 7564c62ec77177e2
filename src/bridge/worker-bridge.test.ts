import * as Comlink from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import { createBridge, latestOnly, runWithTimeLimit, throttledProgress } from './worker-bridge';

describe('throttledProgress', () => {
  it('delivers only the latest update per frame', () => {
    const frames: (() => void)[] = [];
    const seen: number[] = [];
    const p = throttledProgress<[number]>(
      (n) => seen.push(n),
      (f) => frames.push(f),
    );
    p(1);
    p(2);
    p(3);
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(seen).toEqual([3]);
    p(4);
    frames.shift()!();
    expect(seen).toEqual([3, 4]);
  });
});

describe('createBridge', () => {
  /** A stand-in for a Worker: a MessageChannel with the API exposed on the far end. */
  function fakeWorkers(api: object) {
    const made: { terminated: boolean }[] = [];
    const factory = () => {
      const { port1, port2 } = new MessageChannel();
      Comlink.expose(api, port2);
      const w = {
        terminated: false,
        postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
        addEventListener: port1.addEventListener.bind(port1),
        removeEventListener: port1.removeEventListener.bind(port1),
        start: () => port1.start(),
        terminate() {
          w.terminated = true;
          port1.close();
          port2.close();
        },
      };
      made.push(w);
      return w as unknown as Worker;
    };
    return { made, factory };
  }
  const api = { never: () => new Promise<number>(() => {}), one: () => Promise.resolve(1) };

  it('a start that fails is reported to the calls waiting on it, and the next call starts a fresh worker', async () => {
    const { made, factory } = fakeWorkers(api);
    let starts = 0;
    const bridge = createBridge<typeof api>(factory, {
      onStart: () => (++starts === 1 ? Promise.reject(new Error('no backend')) : Promise.resolve()),
    });
    await expect(bridge.run((w) => w.one())).rejects.toThrow('no backend');
    await new Promise((r) => setTimeout(r, 10)); // the failed worker goes once its callers have the error
    expect(made[0]!.terminated).toBe(true);
    expect(await bridge.run((w) => w.one())).toBe(1);
    expect([made.length, starts]).toEqual([2, 2]);
  });

  it('aborting one call ends the worker and rejects every other call in flight; the next call gets a fresh worker', async () => {
    const { made, factory } = fakeWorkers(api);
    const bridge = createBridge<typeof api>(factory);
    const other = bridge.run((w) => w.never());
    const ac = new AbortController();
    const aborted = bridge.run((w) => w.never(), ac.signal);
    expect(await bridge.run((w) => w.one())).toBe(1);
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).rejects.toMatchObject({ name: 'AbortError', message: 'The worker was stopped' });
    expect(made.map((w) => w.terminated)).toEqual([true]);
    expect(await bridge.run((w) => w.one())).toBe(1);
    expect(made.map((w) => w.terminated)).toEqual([true, false]);
    bridge.terminate();
  });

  it('a call that runs past its time limit is stopped with the message (the worker is ended); a quick one is not', async () => {
    const slowApi = { label: () => new Promise<never>(() => {}), quick: () => Promise.resolve('ok') };
    const { made, factory } = fakeWorkers(slowApi);
    const bridge = createBridge<typeof slowApi>(factory);
    const message = 'the label pattern took longer than 0.05 s and was stopped';
    await expect(runWithTimeLimit((s) => bridge.run((w) => w.label(), s), 50, message)).rejects.toThrow(
      message,
    );
    expect(made[0]!.terminated).toBe(true);
    expect(await runWithTimeLimit((s) => bridge.run((w) => w.quick(), s), 5000, message)).toBe('ok');
    expect(made[1]!.terminated).toBe(false);
    // A newer request replaces a call still in flight: it rejects with an AbortError and its worker is ended.
    const replaced = new AbortController();
    const stuck = runWithTimeLimit((s) => bridge.run((w) => w.label(), s), 60_000, message, replaced.signal);
    replaced.abort();
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(made[1]!.terminated).toBe(true);
    bridge.terminate();
  });
});

describe('latestOnly', () => {
  it('runs one job at a time; a job given meanwhile waits and replaces any job already waiting', async () => {
    const enqueue = latestOnly();
    const log: string[] = [];
    const gates: Record<string, () => void> = {};
    const job = (name: string) => () =>
      new Promise<void>((done) => {
        log.push(`start ${name}`);
        gates[name] = () => {
          log.push(`end ${name}`);
          done();
        };
      });
    enqueue(job('a'));
    enqueue(job('b')); // waits
    enqueue(job('c')); // replaces b
    expect(log).toEqual(['start a']);
    gates['a']!();
    await vi.waitFor(() => expect(log).toEqual(['start a', 'end a', 'start c']));
    gates['c']!();
    await vi.waitFor(() => expect(log).toEqual(['start a', 'end a', 'start c', 'end c']));
    enqueue(job('d')); // nothing running: starts at once
    expect(log.at(-1)).toBe('start d');
  });

  it('goes on to the waiting job after a job that throws', async () => {
    const enqueue = latestOnly();
    const ran: string[] = [];
    enqueue(() => Promise.reject(new Error('no')));
    enqueue(() => {
      ran.push('next');
      return Promise.resolve();
    });
    await vi.waitFor(() => expect(ran).toEqual(['next']));
  });
});
