import { describe, expect, it } from 'vitest';
import { NON_PRIVATE_COLOUR, encoderColour, runLines } from './colours';

describe("the charts' colours, fixed per meaning", () => {
  it('gives each run its encoder’s colour and a dash by its place among that encoder’s runs', () => {
    const first = [
      { id: 1, encoder: 'shipped' },
      { id: 2, encoder: 'pixels' },
      { id: 3, encoder: 'shipped' },
    ];
    const lines = runLines(first);
    expect(lines.get(1)).toEqual({ color: encoderColour('shipped'), dash: 'solid' });
    expect(lines.get(2)).toEqual({ color: encoderColour('pixels'), dash: 'solid' });
    expect(lines.get(3)).toEqual({ color: encoderColour('shipped'), dash: 'dash' });
    expect(encoderColour('shipped')).not.toBe(encoderColour('pixels'));
    // adding runs, in any order given, moves no earlier run's line
    const more = runLines([{ id: 5, encoder: 'random' }, ...first, { id: 4, encoder: 'shipped' }]);
    for (const r of first) expect(more.get(r.id)).toEqual(lines.get(r.id));
    expect(more.get(4)).toEqual({ color: encoderColour('shipped'), dash: 'longdash' });
  });

  it('draws non-private runs black, dashed in their own order, moving no DP run’s line', () => {
    const dp = [
      { id: 1, encoder: 'shipped', kind: 'dp' },
      { id: 3, encoder: 'shipped', kind: 'dp' },
    ];
    const lines = runLines([
      ...dp,
      { id: 2, encoder: 'shipped', kind: 'non-private' },
      { id: 4, encoder: 'pixels', kind: 'non-private' },
    ]);
    expect(lines.get(2)).toEqual({ color: NON_PRIVATE_COLOUR, dash: 'solid' });
    expect(lines.get(4)).toEqual({ color: NON_PRIVATE_COLOUR, dash: 'dash' });
    for (const r of dp) expect(lines.get(r.id)).toEqual(runLines(dp).get(r.id));
    expect(lines.get(3)).toEqual({ color: encoderColour('shipped'), dash: 'dash' });
  });

  it('never uses the pale yellow or the non-private black for an encoder', () => {
    for (const e of ['shipped', 'scatter', 'pixels', 'simclr-v1', 'random', 'session', 'unknown'])
      expect(['#F0E442', NON_PRIVATE_COLOUR]).not.toContain(encoderColour(e));
  });
});
