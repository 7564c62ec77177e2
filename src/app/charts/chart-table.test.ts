import { describe, expect, it } from 'vitest';
import { confusionTable, histogramTable, percent, seriesTable } from './chart-table';

describe("a chart's numbers as a table", () => {
  it('puts series side by side on their shared x, a dash where one has no value', () => {
    const t = seriesTable(
      'epoch',
      [
        { name: 'run 1', x: [1, 2, 3], y: [0.5, 0.6, 0.7] },
        { name: 'run 2', x: [1, 2], y: [0.25, 0.3] },
      ],
      percent,
    );
    expect(t.columns).toEqual(['epoch', 'run 1', 'run 2']);
    const eps = seriesTable('epoch', [{ name: 'ε', x: [1], y: [2.5], format: (y) => y.toFixed(2) }], percent);
    expect(eps.rows).toEqual([['1', '2.50']]);
    expect(t.rows).toEqual([
      ['1', '50.0%', '25.0%'],
      ['2', '60.0%', '30.0%'],
      ['3', '70.0%', '—'],
    ]);
  });
  it('lays a confusion matrix out as true rows and predicted columns', () => {
    const t = confusionTable(
      ['cat', 'dog'],
      [
        [8, 2],
        [1, 9],
      ],
    );
    expect(t.columns).toEqual(['true \\ predicted', 'cat', 'dog']);
    expect(t.rows).toEqual([
      ['cat', '8', '2'],
      ['dog', '1', '9'],
    ]);
  });
  it('gives each histogram bin its range and count, from the first non-empty bin to the last', () => {
    const t = histogramTable('‖g_i‖', [0, 0.5, 1, 1.5, 2, 2.5], [0, 3, 0, 4, 0]);
    expect(t.rows).toEqual([
      ['0.500–1.00', '3'],
      ['1.00–1.50', '0'],
      ['1.50–2.00', '4'],
    ]);
    expect(histogramTable('x', [0, 1, 2], [0, 0]).rows).toEqual([]);
    expect(percent(Infinity)).toBe('—');
  });
});
