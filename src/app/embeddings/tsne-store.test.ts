import { describe, expect, it } from 'vitest';
import { type StoredTsneMap, TSNE_MAP_SCHEMA, tsneMapProblem } from './tsne-store';
import { DEFAULT_TSNE } from './use-tsne';

/** A map of 3 public 2 × 2 grey images in 2 classes, as the panel keeps it. */
function map(): StoredTsneMap {
  return {
    schema: TSNE_MAP_SCHEMA,
    settings: { ...DEFAULT_TSNE },
    title: 'Current encoder: default (two-scale scattering)',
    note: null,
    madeAt: 1_765_000_000_000,
    result: {
      images: new Uint8Array(3 * 4),
      width: 2,
      channels: 1,
      labels: Int32Array.from([0, 1, 1]),
      classNames: ['T-shirt', 'Trouser'],
      random: Float32Array.from([0, 1, 2, 3, 4, 5]),
      current: Float32Array.from([-1, 1, -2, 2, -3, 3]),
      randomKnn: 0.5,
      currentKnn: 1,
      count: 3,
      total: 10_000,
      seconds: 1.5,
      iterationsRun: 1000,
    },
  };
}

describe("step 6's kept public map", () => {
  it('accepts a finished public map as the panel keeps it (and one stopped part way)', () => {
    expect(tsneMapProblem(map())).toBeNull();
    const stopped = map();
    stopped.result.iterationsRun = 120;
    expect(tsneMapProblem(stopped)).toBeNull();
  });

  it('refuses a map of private images: those are never stored', () => {
    for (const split of ['private-test', 'upload'] as const) {
      const m = map();
      m.settings.split = split;
      expect(tsneMapProblem(m)).toBe('a map of private images');
    }
  });

  it('names each kind of corruption, so a bad record is dropped rather than drawn', () => {
    type Loose = Omit<StoredTsneMap, 'title' | 'note'> & Record<string, unknown>;
    const cases: [string, (m: Loose) => void][] = [
      ['schema 2, not 1', (m) => (m.schema = 2)],
      ['settings the controls do not offer', (m) => (m.settings.cap = 7)],
      ['settings the controls do not offer', (m) => Object.assign(m.settings, { extra: 1 })],
      ['no title', (m) => (m['title'] = 3)],
      ['a bad note', (m) => (m['note'] = 3)],
      ['no time', (m) => (m['madeAt'] = NaN)],
      ['a bad count', (m) => (m.result.count = 0)],
      ['a bad total', (m) => (m.result.total = 2)],
      ['a bad image size', (m) => (m.result.channels = 2)],
      ['images that do not match the count', (m) => (m.result.images = new Uint8Array(5))],
      ['bad class names', (m) => (m.result.classNames = [])],
      ['labels that do not match the count', (m) => (m.result.labels = Int32Array.from([0, 1, 2]))],
      ['labels that do not match the count', (m) => (m.result.labels = Int32Array.from([0, 1]))],
      ['random coordinates that do not match the count', (m) => (m.result.random = new Float32Array(4))],
      ['current coordinates that do not match the count', (m) => (m.result.current[3] = NaN)],
      ['a bad currentKnn', (m) => (m.result.currentKnn = 1.5)],
      ['bad iterations', (m) => (m.result.iterationsRun = 1.5)],
      ['bad iterations', (m) => (m.result.iterationsRun = 1001)],
      [
        'a bad count',
        (m) => {
          m.settings.cap = 500;
          m.result.count = 501;
        },
      ],
      ['no time taken', (m) => Object.assign(m.result, { seconds: '1' })],
      ['no time taken', (m) => (m.result.seconds = Infinity)],
    ];
    for (const [problem, spoil] of cases) {
      const m = map() as unknown as Loose;
      spoil(m);
      expect(tsneMapProblem(m)).toBe(problem);
    }
    for (const x of [null, 3, 'map', []]) expect(tsneMapProblem(x)).toBe('not an object');
  });
});
