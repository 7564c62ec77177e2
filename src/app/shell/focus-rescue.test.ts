import { describe, expect, it } from 'vitest';
import { rescueIndex } from './focus-rescue';

const group = (spec: string) =>
  // one letter a button: S primary enabled, s primary disabled, B enabled, b disabled
  [...spec].map((c) => ({ enabled: c === 'S' || c === 'B', primary: c.toLowerCase() === 's' }));

describe('focus that a disabled button would drop', () => {
  it('goes from a Start just disabled to the next enabled button (Stop), past disabled ones', () => {
    // Start, Compare, Pause, Stop: the job runs, only Stop is enabled
    expect(rescueIndex(group('sbbB'), 0)).toBe(3);
  });
  it('goes back to Start when the job ends and disables Stop', () => {
    expect(rescueIndex(group('SBbb'), 3)).toBe(0);
  });
  it('without an enabled Start: the next enabled button, else the one before', () => {
    expect(rescueIndex(group('sbbbB'), 3)).toBe(4);
    expect(rescueIndex(group('sBbb'), 3)).toBe(1);
  });
  it('nowhere, when every button is disabled', () => {
    expect(rescueIndex(group('sbb'), 0)).toBeNull();
    expect(rescueIndex(group('sbb'), 2)).toBeNull();
  });
});
