import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

/** A small RFC 4180 reader, to check that what we write reads back field for field. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('the CSV writer', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and reads back exactly', () => {
    const names = ['T-shirt/top', 'a,b', 'say "hi"', 'two\nlines', 'plain', 'ünï'];
    const text = toCsv(
      ['index', 'class'],
      names.map((n, i) => [i, n]),
    );
    expect(parse(text)).toEqual([['index', 'class'], ...names.map((n, i) => [String(i), n])]);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('writes numbers as numbers (Infinity too) and defuses spreadsheet formulas in text', () => {
    expect(toCsv(['x'], [[Infinity], [-0.5], [1e-7]])).toBe('x\nInfinity\n-0.5\n1e-7\n');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(null)).toBe('');
  });

  it('writes an object or array as its JSON, not "[object Object]"', () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField([1, 2])).toBe('"[1,2]"');
    expect(csvField(true)).toBe('true');
  });
});
