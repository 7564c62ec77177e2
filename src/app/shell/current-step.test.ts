import { describe, expect, it } from 'vitest';
import { currentStep } from './current-step';

describe('the step the steps bar marks as current', () => {
  // six steps whose tops sit at these positions relative to the window; the line is 200 px down
  const tops = [-3000, -1200, -50, 150, 900, 2000];

  it('is the last step whose top has passed the line', () => {
    expect(currentStep(tops, 200, false)).toBe(3);
    expect(currentStep(tops, 100, false)).toBe(2);
    expect(currentStep(tops, 900, false)).toBe(4); // a top exactly on the line counts
  });

  it('is the first step at the top of the page, and the last at its end', () => {
    expect(currentStep([80, 1500, 3000], 200, false)).toBe(0);
    expect(currentStep([300, 1500, 3000], 200, false)).toBe(0); // nothing reached the line yet
    expect(currentStep(tops, 200, true)).toBe(5); // the short last step never reaches the line
  });

  it('of two steps side by side (the same top, two columns), the first', () => {
    expect(currentStep([183, 183, 900, 1500], 241, false)).toBe(0);
    expect(currentStep([-600, -600, 100, 1500], 241, false)).toBe(2);
  });

  it('skips a step that is not on the page', () => {
    expect(currentStep([-500, Infinity, -100, 400], 200, false)).toBe(2);
  });
});
