/**
 * The one CSV writer of the lab (runs export, t-SNE coordinates). RFC 4180 quoting: a field holding a comma,
 * a double quote, CR or LF is wrapped in double quotes with its quotes doubled. Numbers are written as
 * JavaScript prints them (Infinity as "Infinity"). A text field that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR; folder names become class names) gets a leading apostrophe, as OWASP
 * advises against CSV injection. Lines end with LF.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // String() of an object is "[object Object]"; its JSON at least says what it holds
  let s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? '');
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}
