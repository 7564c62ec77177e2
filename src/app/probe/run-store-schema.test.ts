/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { encoderProblem } from '../pretrain/encoder-store';
import { DEFAULT_PROBE_CONFIG } from '../../lib/dp/plan';
import { RUNS_SCHEMA, parseStoredRuns, runProblem, storageErrorMessage, upgradeStoredRun } from './run-store';
import type { RunRecord } from './run-record';
import { sampleRun as run } from './run-fixture';

describe('stored runs: schema version and validation on load', () => {
  it('reads what it writes, and the bare list of earlier versions record by record', () => {
    const good = [run(1), run(2, { kind: 'non-private', private: false, epsilon: Infinity })];
    expect(parseStoredRuns({ schema: RUNS_SCHEMA, runs: good })).toEqual({ runs: good, problems: [] });
    expect(parseStoredRuns(good)).toEqual({ runs: good, problems: [] });
    expect(parseStoredRuns(undefined)).toEqual({ runs: [], problems: [] });
  });

  it('reports and skips corrupt records, keeps the others; never throws', () => {
    const stored = {
      schema: RUNS_SCHEMA,
      runs: [
        run(1),
        null,
        { ...run(2), testAccuracy: 'high' },
        run(3, { weights: new Float32Array([NaN, 1]) }),
        { ...run(4), weights: [0.1, 0.2] },
        run(5, { epsilon: NaN }),
        run(1),
        run(6),
        run(7, { accountant: 'prv' as RunRecord['accountant'] }),
        { ...run(8), accountant: undefined }, // saved before the accountant choice: accepted (read as RDP)
      ],
    };
    const { runs, problems } = parseStoredRuns(stored);
    expect(runs.map((r) => r.id)).toEqual([1, 6, 8]);
    expect(problems).toEqual([
      'stored run 2 was skipped: not a record',
      'stored run 3 was skipped: testAccuracy is not a finite number',
      'stored run 4 was skipped: weights hold non-finite values',
      'stored run 5 was skipped: weights are not stored weights',
      'stored run 6 was skipped: epsilon is not a number ≥ 0',
      'stored run 7 was skipped: a repeated id',
      'stored run 9 was skipped: unknown accountant "prv"',
    ]);
  });

  it('another schema version, or something else entirely, is reported and skipped as a whole', () => {
    expect(parseStoredRuns({ schema: 99, runs: [run(1)] })).toEqual({
      runs: [],
      problems: [`the stored runs have schema 99, this lab reads ${RUNS_SCHEMA}; skipped`],
    });
    expect(parseStoredRuns('garbage').problems).toEqual([
      'the stored runs are not in a format this lab knows and were skipped',
    ]);
    expect(runProblem(run(1, { kind: 'mystery' as RunRecord['kind'] }))).toBe('unknown kind "mystery"');
  });

  it('the lists step 3 draws, and the records a run keeps, have their shape (one bad run cannot break the page)', () => {
    const bad: [Partial<Record<keyof RunRecord, unknown>>, string][] = [
      [{ curve: [null] }, 'curve holds an entry that is not an epoch'],
      [{ curve: [{ step: 3 }] }, 'curve holds an entry that is not an epoch'],
      [{ perClassAccuracy: [{}] }, 'perClassAccuracy holds a value that is not a number'],
      [{ confusion: ['a'] }, 'confusion is not a table of numbers'],
      [{ confusion: [[1, 'x']] }, 'confusion is not a table of numbers'],
      [{ probeConfig: 'x' }, 'probeConfig is not a record'],
      [{ probeConfig: null }, 'probeConfig is not a record'],
      [{ reembed: [] }, 'reembed is not a record'],
      [{ gradientNormHistogram: { edges: [0, 1] } }, 'gradientNormHistogram is not a histogram'],
    ];
    for (const [fields, why] of bad) expect(runProblem({ ...run(1), ...fields })).toBe(why);
    // NaN is a number: a diverged run's loss, a class with no test image
    const curve = [
      {
        epoch: 0,
        step: 2,
        trainLoss: NaN,
        trainAccuracy: 0.1,
        testLoss: NaN,
        testAccuracy: 0.1,
        epsilon: 1,
        clippedFraction: 1,
        meanBatchSize: 10,
        seconds: 1,
      },
    ];
    expect(runProblem(run(1, { curve, perClassAccuracy: [NaN, 0.5] }))).toBeNull();
  });

  it('a stored trainSize is a whole number > 0, or absent (the privacy statement writes it)', () => {
    expect(runProblem(run(1, { trainSize: 2000 }))).toBeNull();
    expect(runProblem(run(1))).toBeNull();
    for (const bad of [null, 0, -3, 2.5, '2000'])
      expect(runProblem(run(1, { trainSize: bad as unknown as number }))).toBe(
        'trainSize is not a whole number > 0',
      );
  });

  it('a probe config stored with a `private` flag beside its privacy mode loads as one field', () => {
    const current = { ...DEFAULT_PROBE_CONFIG, delta: 1e-5 };
    const { privacy, ...settings } = current;
    const legacy = (isPrivate: boolean) =>
      ({ ...settings, private: isPrivate, privacy }) as unknown as NonNullable<RunRecord['probeConfig']>;
    expect(upgradeStoredRun(run(1, { probeConfig: legacy(true) })).probeConfig).toEqual(current);
    const nonPrivate = run(2, { kind: 'non-private', private: false, probeConfig: legacy(false) });
    expect(upgradeStoredRun(nonPrivate).probeConfig).toEqual({ ...current, privacy: null });
    expect(upgradeStoredRun(run(3, { probeConfig: current })).probeConfig).toEqual(current);
    expect(upgradeStoredRun(run(4)).probeConfig).toBeUndefined();
  });

  it('a full storage is said in words', () => {
    expect(storageErrorMessage(new DOMException('x', 'QuotaExceededError'))).toMatch(
      /storage for the lab is full/,
    );
    expect(storageErrorMessage(new Error('disk on fire'))).toBe('disk on fire');
  });
});

describe('saved encoders: validation on load', () => {
  const modelJson = JSON.stringify({ modelTopology: { class_name: 'Model' }, weightsManifest: [] });
  const good = {
    schema: 1,
    name: 'e',
    savedAt: '2026-11-23T00:00:00Z',
    description: '',
    files: { modelJson, weights: new ArrayBuffer(8) },
  };
  it('accepts a record of this version or one from before versions, names what is wrong otherwise', () => {
    expect(encoderProblem(good)).toBeNull();
    const { schema: _s, ...old } = good;
    expect(encoderProblem(old)).toBeNull();
    expect(encoderProblem({ ...good, schema: 2 })).toBe('schema 2, this lab reads 1');
    expect(encoderProblem({ ...good, files: { modelJson: '{', weights: new ArrayBuffer(0) } })).toBe(
      'model.json is not JSON',
    );
    expect(encoderProblem({ ...good, files: { modelJson, weights: 'x' } })).toBe('no model files');
    expect(encoderProblem(42)).toBe('not a record');
  });
});
