import { describe, expect, it } from 'vitest';
import { confusionSummary, probeDataOf } from './probe-data';

describe('probe data and its summaries', () => {
  it('confusionSummary counts confusion[true][predicted], per-class and overall accuracy', () => {
    const truth = Int32Array.from([0, 0, 0, 1, 1, 2]);
    const predicted = [0, 0, 1, 1, 2, 2];
    const s = confusionSummary(truth, predicted, 3);
    expect(s.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(s.perClassAccuracy).toEqual([2 / 3, 1 / 2, 1]);
    expect(s.testAccuracy).toBe(4 / 6);
    // a class absent from the test set has accuracy 0, not NaN; no predictions: accuracy 0
    expect(confusionSummary(Int32Array.from([0]), [0], 2).perClassAccuracy).toEqual([1, 0]);
    expect(confusionSummary(new Int32Array(0), [], 2).testAccuracy).toBe(0);
  });

  it('probeDataOf keeps the first `dims` features of every row, then normalises them (L2)', () => {
    const e = {
      trainX: Float32Array.from([3, 4, 100, 0, 5, -7]),
      trainY: Int32Array.from([0, 1]),
      testX: Float32Array.from([0, 2, 9]),
      testY: Int32Array.from([1]),
      dim: 3,
      numClasses: 2,
    };
    const d = probeDataOf(e, 'l2', 2);
    expect(d.dim).toBe(2);
    expect(Array.from(d.trainX)).toEqual([0.6, 0.8, 0, 1].map(Math.fround));
    expect(Array.from(d.testX)).toEqual([0, 1]);
    // all of them (or more) is the whole embedding; the input is left alone
    expect(probeDataOf(e, 'l2', 3).dim).toBe(3);
    expect(probeDataOf(e, 'l2', 10).dim).toBe(3);
    expect(Array.from(e.trainX)).toEqual([3, 4, 100, 0, 5, -7]);
  });
  it('probeDataOf normalises each split row by row (L2) and leaves the labels and the input alone', () => {
    const e = {
      trainX: Float32Array.from([3, 4, 0, 2]),
      trainY: Int32Array.from([0, 1]),
      testX: Float32Array.from([0, 0]),
      testY: Int32Array.from([1]),
      dim: 2,
      numClasses: 2,
    };
    const d = probeDataOf(e, 'l2');
    expect(Array.from(d.trainX)).toEqual([0.6, 0.8, 0, 1].map(Math.fround));
    expect(Array.from(d.testX)).toEqual([0, 0]); // a zero row stays zero
    expect(d.trainY).toBe(e.trainY);
    expect(Array.from(e.trainX)).toEqual([3, 4, 0, 2]);
    expect(Array.from(probeDataOf(e, 'none').trainX)).toEqual([3, 4, 0, 2]);
  });
});
