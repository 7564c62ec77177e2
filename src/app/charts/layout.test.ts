import { describe, expect, it } from 'vitest';
import {
  CHART_SCALE_PRESENTING,
  LEGEND_ROW,
  RIGHT_LEGEND_CHARS,
  RIGHT_LEGEND_MIN_WIDTH,
  charsIn,
  legendChars,
  legendRoom,
  logTicks,
  placeLegend,
  plotConfig,
  roundAxis,
  wrapForPlotly,
  wrapNames,
  wrapTitle,
} from './layout';

describe('logTicks', () => {
  it('labels 1, 2 and 5 times powers of ten inside the range, as plain numbers', () => {
    expect(logTicks(0.25, 16)).toEqual({
      tickvals: [0.5, 1, 2, 5, 10],
      ticktext: ['0.5', '1', '2', '5', '10'],
    });
  });

  it('adds rounder ticks on a narrow range (runs at one ε: ε / 2 … 2ε), never two crowded together', () => {
    const { tickvals, ticktext } = logTicks(0.499995, 1.99998);
    expect(tickvals).toEqual([0.5, 0.7, 1, 1.5]);
    expect(ticktext).toEqual(['0.5', '0.7', '1', '1.5']);
    // one run at ε = 16.9: not "9 10 20 30" with 9 on top of 10
    expect(logTicks(16.9 / 2, 16.9 * 2).tickvals).toEqual([10, 15, 20, 30]);
    for (const e of [0.37, 1, 2.9, 7.7, 16.9, 123]) {
      const t = logTicks(e / 2, e * 2).tickvals;
      expect(t.length).toBeGreaterThanOrEqual(3);
      t.slice(1).forEach((v, i) => expect(Math.log10(v / t[i]!)).toBeGreaterThanOrEqual(0.1 - 1e-9));
    }
  });
});

describe('roundAxis', () => {
  it('spans the maximum in five round steps that share the 0–1 axis gridlines', () => {
    expect(roundAxis(16.9)).toEqual({ range: [0, 20], dtick: 4, tick0: 0, tickmode: 'linear' });
    expect(roundAxis(1.48)).toEqual({ range: [0, 2], dtick: 0.4, tick0: 0, tickmode: 'linear' });
    expect(roundAxis(10)).toEqual({ range: [0, 10], dtick: 2, tick0: 0, tickmode: 'linear' });
    expect(roundAxis(0.3)).toMatchObject({ range: [0, 0.5], dtick: 0.1 });
    expect(roundAxis(11)).toMatchObject({ range: [0, 12.5], dtick: 2.5 });
    expect(roundAxis(0)).toEqual({});
    expect(roundAxis(Infinity)).toEqual({});
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

  it("grows with the charts' type in presentation mode: taller rows, fewer entries to a row", () => {
    const s = CHART_SCALE_PRESENTING;
    const data = ['DP-SGD σ=1.00 (run 1)', 'ε spent (run 1)', 'non-private (run 2)'].map(trace);
    expect(legendRoom(data, {}, undefined, s)).toBe(Math.ceil(3 * LEGEND_ROW * s));
    // about 210 + 165 + 195 px at 13 px fit 600 px on one row; at 18 px they take two
    expect(legendRoom(data, {}, 600)).toBe(LEGEND_ROW);
    expect(legendRoom(data, {}, 600, s)).toBe(Math.ceil(2 * LEGEND_ROW * s));
    expect(legendChars({}, 600, s)).toBeLessThan(legendChars({}, 600));
  });
});

describe('legendRoom, given the plot width', () => {
  const trace = (name: string) => ({ x: [1], y: [1], name });
  // the ROC chart's four entries: about 100 + 150 + 230 + 150 px
  const roc = ['random guess', 'run 1: LiRA online', 'run 1: bound at ε = 10.2', 'run 2: LiRA online'].map(
    trace,
  );

  it('is one row when every entry fits beside the others, as Plotly lays them out', () => {
    expect(legendRoom(roc, {}, 1000)).toBe(LEGEND_ROW);
    // one row as tall as its tallest (wrapped) entry
    expect(legendRoom([...roc.slice(0, 3), trace('two<br>lines')], {}, 1000)).toBe(2 * LEGEND_ROW);
  });

  it('is a grid of columns as wide as the widest entry when they do not all fit, and a row each at worst', () => {
    // the widest is 45 + 8 × 24 = 237 px: two columns in 500 px, so two rows of two
    expect(legendRoom(roc, {}, 500)).toBe(2 * LEGEND_ROW);
    expect(legendRoom(roc, {}, 200)).toBe(4 * LEGEND_ROW);
    expect(legendRoom(roc, {})).toBe(4 * LEGEND_ROW);
  });
});

describe('placeLegend', () => {
  const trace = (name: string) => ({ x: [1], y: [1], name });
  const right = {
    legend: { orientation: 'v' as const, x: 1.02, y: 1 },
    margin: { l: 56, r: 160, t: 32, b: 48 },
  };
  const data = ['σ = 0.500', 'σ = 1.00 (current)', 'spent by the last or running run (RDP)'].map(trace);

  it('keeps a legend at the right of a wide chart, its entries wrapped short, and adds no room under it', () => {
    const wide = placeLegend(right, RIGHT_LEGEND_MIN_WIDTH);
    expect(wide).toBe(right);
    expect(legendChars(wide, 900)).toBe(RIGHT_LEGEND_CHARS);
    const shown = wrapNames(data, legendChars(wide, 900));
    expect(shown[2]!.name.split('<br>').every((l) => l.length <= RIGHT_LEGEND_CHARS)).toBe(true);
    expect(legendRoom(shown, wide)).toBe(0);
  });

  it('moves it to the foot of a narrow chart, with a row per entry and the right margin given back', () => {
    const narrow = placeLegend(right, RIGHT_LEGEND_MIN_WIDTH - 100);
    expect(narrow.legend).toBeUndefined();
    expect(narrow.margin).toEqual({ l: 56, r: 24, t: 32, b: 48 });
    expect(legendChars(narrow, 460)).toBe(charsIn(400));
    expect(legendRoom(wrapNames(data, legendChars(narrow, 460)), narrow)).toBe(3 * LEGEND_ROW);
  });

  it('leaves every other legend alone, at any width', () => {
    // the t-SNE maps' legend: x = 1, anchored by its right edge, inside the plot's corner
    const corner = { legend: { orientation: 'v' as const, x: 1, y: 1 } };
    for (const layout of [
      {},
      corner,
      { showlegend: false, ...right },
      { legend: { orientation: 'h' as const } },
    ])
      expect(placeLegend(layout, 300)).toBe(layout);
    expect(legendChars(corner, 460)).toBe(charsIn(400));
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

describe('plotConfig', () => {
  it('never offers Plotly Cloud, and downloads (PNG, SVG) only for a chart that may leave the lab', () => {
    const svg = { name: 'Download as SVG' };
    const open = plotConfig({ empty: false, exportable: true, svgButton: svg, filename: 'Training curves' });
    expect(open.showSendToCloud).toBe(false);
    expect(open.plotlyServerURL).toBe('');
    expect(open.modeBarButtonsToRemove).not.toContain('toImage');
    expect(open.modeBarButtonsToAdd).toEqual([svg]);
    // the PNG is named as the SVG is: after the chart (it was named after its title, the SVG after the chart)
    expect(open.toImageButtonOptions).toEqual({ filename: 'Training curves' });
    const shut = plotConfig({ empty: false, exportable: false, svgButton: svg, filename: 'x' });
    expect(shut.modeBarButtonsToRemove).toContain('toImage');
    expect(shut.modeBarButtonsToAdd).toEqual([]);
    expect(shut.showSendToCloud).toBe(false);
    expect(plotConfig({ empty: true, exportable: true, svgButton: svg, filename: 'x' }).displayModeBar).toBe(
      false,
    );
    // zoom, pan and reset stay; zoom in/out and autoscale go (fewer Tab stops per chart)
    for (const b of ['zoomIn2d', 'zoomOut2d', 'autoScale2d'])
      expect(open.modeBarButtonsToRemove).toContain(b);
    expect(open.modeBarButtonsToRemove).not.toContain('zoom2d');
    expect(open.modeBarButtonsToRemove).not.toContain('pan2d');
    expect(open.modeBarButtonsToRemove).not.toContain('resetScale2d');
  });
});
