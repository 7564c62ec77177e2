import { describe, expect, it } from 'vitest';
import { nearestPoint, placePoints } from './point-map';

describe('a t-SNE map placed on a canvas', () => {
  it('fits the points inside the padding with one scale for both axes, centred, y up', () => {
    // a 4 × 2 rectangle of points in a 200 × 100 box with 10 px of padding: scale min(180/4, 80/4) = 20
    const placed = placePoints([0, 0, 4, 0, 0, 2, 4, 2], 200, 100, 10);
    expect(Array.from(placed)).toEqual([60, 70, 140, 70, 60, 30, 140, 30]);
    // distances keep their ratios (no stretching)
    const d = (i: number, j: number) =>
      Math.hypot(placed[2 * i]! - placed[2 * j]!, placed[2 * i + 1]! - placed[2 * j + 1]!);
    expect(d(0, 1) / d(0, 2)).toBeCloseTo(2, 10);
  });

  it('places a single point (or all at one spot) in the middle, and skips non-finite ones', () => {
    expect(Array.from(placePoints([5, 5], 100, 60, 4))).toEqual([50, 30]);
    const withNaN = placePoints([0, 0, NaN, 1, 2, 2], 100, 100, 0);
    expect(Number.isNaN(withNaN[2]!)).toBe(true);
    expect([withNaN[0], withNaN[1], withNaN[4], withNaN[5]]).toEqual([0, 100, 100, 0]);
    expect(Array.from(placePoints([], 10, 10, 1))).toEqual([]);
  });

  it('finds the nearest point within the radius, and none beyond it', () => {
    const placed = new Float32Array([10, 10, 20, 10, 50, 50]);
    expect(nearestPoint(placed, 14, 10, 8)).toBe(0);
    expect(nearestPoint(placed, 16, 10, 8)).toBe(1);
    expect(nearestPoint(placed, 35, 30, 8)).toBeNull();
    expect(nearestPoint(new Float32Array([NaN, NaN]), 0, 0, 8)).toBeNull();
  });
});
