import { describe, expect, it } from 'vitest';
import { LEGEND_ROW, legendRoom, logTicks, wrapForPlotly } from './layout';

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
