import { describe, expect, it } from 'vitest';
import { SIGMA_SLIDER_MAX, SIGMA_SLIDER_MIN, sigmaFromSlider, sigmaToSlider } from './sigma-slider';
import { LAB_SIGMA_MIN } from '../../lib/dp/plan';

describe("step 5's σ slider", () => {
  it('spans the lab’s σ range, log scale, ends exact', () => {
    expect(SIGMA_SLIDER_MIN).toBe(LAB_SIGMA_MIN);
    expect(sigmaFromSlider(0)).toBe(SIGMA_SLIDER_MIN);
    expect(sigmaFromSlider(1000)).toBe(SIGMA_SLIDER_MAX);
    expect(sigmaToSlider(0.01)).toBe(0);
    expect(sigmaToSlider(1e6)).toBe(1000);
  });
  it('reads round σ at round positions: moved away and back to 1, it reads 1 (it read 1.001)', () => {
    for (const sigma of [0.5, 0.8, 1, 1.5, 2, 4, 12])
      expect(sigmaFromSlider(sigmaToSlider(sigma))).toBe(sigma);
  });
  it('changes σ as shown (4 significant digits) at every step, upwards', () => {
    for (let v = 1; v <= 1000; v++) {
      const [a, b] = [sigmaFromSlider(v - 1), sigmaFromSlider(v)];
      expect(b).toBeGreaterThan(a);
      expect(b.toPrecision(4)).not.toBe(a.toPrecision(4));
      expect(sigmaToSlider(b)).toBe(v);
    }
  });
});
