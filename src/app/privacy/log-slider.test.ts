import { describe, expect, it } from 'vitest';
import { CLIP_SCALE, SIGMA_SCALE, clipText, logScale } from './log-slider';
import { LAB_SIGMA_MIN } from '../../lib/dp/plan';
import { PRESETS } from '../../state/presets';

describe("step 5's σ slider", () => {
  const { fromPosition, toPosition } = SIGMA_SCALE;
  it('spans the lab’s σ range, log scale, ends exact', () => {
    expect(SIGMA_SCALE.min).toBe(LAB_SIGMA_MIN);
    expect(fromPosition(0)).toBe(LAB_SIGMA_MIN);
    expect(fromPosition(1000)).toBe(20);
    expect(toPosition(0.01)).toBe(0);
    expect(toPosition(1e6)).toBe(1000);
  });
  it('reads round σ at round positions: moved away and back to 1, it reads 1 (it read 1.001)', () => {
    for (const sigma of [0.5, 0.8, 1, 1.5, 2, 4, 12]) expect(fromPosition(toPosition(sigma))).toBe(sigma);
  });
  it('changes σ as shown (4 significant digits) at every step, upwards', () => {
    for (let v = 1; v <= 1000; v++) {
      const [a, b] = [fromPosition(v - 1), fromPosition(v)];
      expect(b).toBeGreaterThan(a);
      expect(b.toPrecision(4)).not.toBe(a.toPrecision(4));
      expect(toPosition(b)).toBe(v);
    }
  });
});

describe("step 5's clipping-norm slider (log scale: it was linear from 0.1, below which a preset's C = 0.01 sat)", () => {
  const { fromPosition, toPosition } = CLIP_SCALE;
  it('reaches every preset’s C and reads it exactly', () => {
    for (const p of PRESETS) {
      const c = p.patch.clipNorm!;
      expect(c).toBeGreaterThanOrEqual(CLIP_SCALE.min);
      expect(c).toBeLessThanOrEqual(CLIP_SCALE.max);
      expect(fromPosition(toPosition(c))).toBe(c);
    }
    expect(fromPosition(0)).toBe(0.01);
    expect(fromPosition(600)).toBe(10);
  });
  it('uses what it shows: 3 significant digits, each step a new value that maps back to its position', () => {
    for (let v = 1; v <= 600; v++) {
      const [a, b] = [fromPosition(v - 1), fromPosition(v)];
      expect(b).toBeGreaterThan(a);
      expect(Number(clipText(b))).toBe(b);
      expect(clipText(b)).not.toBe(clipText(a));
      expect(toPosition(b)).toBe(v);
    }
  });
  it('shows C as used: without trailing zeros, a link’s C with all its digits, beyond the range as set', () => {
    expect(clipText(1)).toBe('1');
    expect(clipText(0.0123)).toBe('0.0123');
    expect(clipText(0.12345)).toBe('0.12345');
    expect(clipText(1234.5)).toBe('1234.5');
    expect(toPosition(250)).toBe(600);
    expect(toPosition(1e-4)).toBe(0);
  });
  it('a scale without rounding keeps its exact log values off the two-digit grid; C’s rounds them to 3 digits', () => {
    const s = logScale(1, 1000, 300);
    expect(s.fromPosition(1)).toBeCloseTo(10 ** 0.01, 14);
    expect(s.fromPosition(1).toPrecision(3)).not.toBe(String(s.fromPosition(1)));
    const c = logScale(1, 1000, 300, 3);
    expect(c.fromPosition(1)).toBe(1.02);
  });
});
