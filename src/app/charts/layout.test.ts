import { describe, expect, it } from 'vitest';
import { LEGEND_ROW, legendRoom, logTicks, wrapForPlotly, wrapNames, wrapTitle } from './layout';

describe('logTicks', () => {
  it('labels 1, 2 and 5 times powers of ten inside the range, as plain numbers', () => {
    expect(logTicks(0.25, 16)).toEqual({
      tickvals: [0.5, 1, 2, 5, 10],
      ticktext: ['0.5', '1', '2', '5', '10'],
    });
  });

  it('uses every integer multiple on a narrow range (runs at one ε: 0.99999 / 2 … 0.99999 · 2)', () => {
    const { tickvals, ticktext } = logTicks(0.499995, 1.99998);
    expect(tickvals).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ticktext).toEqual(['0.5', '0.6', '0.7', '0.8', '0.9', '1']);
  });
});

describe('legendRoom', () => {
  const trace = (name: string) => ({ x: [1], y: [1], name });
  it('is one legend row per named entry of a horizontal legend, nothing for one entry or no legend', () => {
    const data = [trace('a'), trace('b'), trace('c'), { x: [1], y: [1] }];
    expect(legendRoom(data, {})).toBe(3 * LEGEND_ROW);
    expect(legendRoom([trace('a')], {})).toBe(0);
    expect(legendRoom(data, { showlegend: false })).toBe(0);
    expect(legendRoom(data, { legend: { orientation: 'v' } })).toBe(0);
    expect(legendRoom([...data, { ...trace('d'), showlegend: false }], {})).toBe(3 * LEGEND_ROW);
  });

  it('counts a row per line of a wrapped entry, so a long name never runs off a half-width chart', () => {
    const majority = trace('majority class (of the private training split, scored on the test split)');
    const wrapped = wrapNames([trace('DP probe'), majority], 40);
    expect(wrapped[0]).toEqual(trace('DP probe'));
    expect(wrapped[1]!.name.split('<br>').every((l) => l.length <= 40)).toBe(true);
    expect(wrapped[1]!.name.replaceAll('<br>', ' ')).toBe(majority.name);
    expect(legendRoom(wrapped, {})).toBe(3 * LEGEND_ROW);
  });
});

describe('wrapTitle', () => {
  it('wraps a title longer than the width and says how many lines it takes; leaves short ones alone', () => {
    const title = { text: 'Per-example gradient norms at the end (non-private diagnostic)', x: 0.5 };
    expect(wrapTitle(title, 40)).toEqual({
      title: { text: 'Per-example gradient norms at the end<br>(non-private diagnostic)', x: 0.5 },
      lines: 2,
    });
    expect(wrapTitle({ text: 'Accuracy versus ε' }, 40)).toEqual({
      title: { text: 'Accuracy versus ε' },
      lines: 1,
    });
    expect(wrapTitle(undefined, 40)).toEqual({ title: undefined, lines: 1 });
  });
});

describe('wrapForPlotly', () => {
  it('breaks at spaces into lines of at most the width, keeping every word', () => {
    const text = 'Test accuracy and ε spent appear here, epoch by epoch, once a run starts.';
    const out = wrapForPlotly(text, 30);
    expect(out.split('<br>')).toEqual([
      'Test accuracy and ε spent',
      'appear here, epoch by epoch,',
      'once a run starts.',
    ]);
    expect(out.replaceAll('<br>', ' ')).toBe(text);
    expect(wrapForPlotly('short')).toBe('short');
  });
});
