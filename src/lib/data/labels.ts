/**
 * Labels for an uploaded folder, from the path of each file: the first-level subfolder (cats/…, dogs/…) by
 * default, or a regular expression's capture group on the file name (e.g. an age in 25_John_Doe_0001.jpg),
 * optionally binned numerically (age < 40 vs ≥ 40). String labels map to class indices in sorted order, and
 * the mapping is returned so the UI can show it.
 */
export type LabelRule =
  { kind: 'folder' } | { kind: 'regex'; pattern: string; group?: number; flags?: string; bins?: number[] };

export interface LabelResult {
  classNames: string[];
  /** Class index per path, or -1 when the path has no label (see `unlabeled`). */
  labels: Int32Array;
  unlabeled: { path: string; reason: string }[];
}

/** Path parts without the top folder the user picked (webkitRelativePath starts with it). */
export function pathParts(path: string, dropRoot: boolean): string[] {
  const parts = path.split('/').filter((p) => p.length > 0);
  return dropRoot && parts.length > 1 ? parts.slice(1) : parts;
}

/** "<40", "40–60", "≥60" names for bin edges [40, 60]. */
export function binNames(edges: number[]): string[] {
  if (edges.length === 0) return [];
  const names = [`< ${edges[0]}`];
  for (let i = 1; i < edges.length; i++) names.push(`${edges[i - 1]}–${edges[i]}`);
  names.push(`≥ ${edges[edges.length - 1]}`);
  return names;
}

export function binIndex(value: number, edges: number[]): number {
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i++;
  return i;
}

/**
 * Bin edges from what the user typed: numbers separated by commas or spaces, nothing else. " 40," (a dangling
 * comma) and "4O" (a letter O) are errors with the offending text named, not silently different bins.
 * Returns the edges sorted ascending and de-duplicated; an empty text means no binning.
 */
export function parseBins(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const tokens = trimmed.split(/\s*,\s*|\s+/);
  const edges: number[] = [];
  for (const t of tokens) {
    if (t === '') throw new Error(`bin edges: an empty entry in "${text}" (a stray comma?)`);
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t))
      throw new Error(`bin edges: "${t}" is not a number`);
    const v = Number(t);
    if (!Number.isFinite(v)) throw new Error(`bin edges: "${t}" is not a finite number`);
    edges.push(v);
  }
  const sorted = [...new Set(edges)].sort((a, b) => a - b);
  if (sorted.length !== edges.length) throw new Error(`bin edges: "${text}" repeats an edge`);
  return sorted;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function inferLabels(
  paths: string[],
  rule: LabelRule,
  options: { dropRoot?: boolean } = {},
): LabelResult {
  const dropRoot = options.dropRoot ?? true;
  const raw: (string | null)[] = [];
  const unlabeled: LabelResult['unlabeled'] = [];
  let regex: RegExp | null = null;
  if (rule.kind === 'regex') {
    try {
      regex = new RegExp(rule.pattern, rule.flags ?? 'u');
    } catch (e) {
      throw new Error(`the label pattern is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const edges =
    rule.kind === 'regex' && rule.bins && rule.bins.length ? [...rule.bins].sort((a, b) => a - b) : null;
  for (const path of paths) {
    const parts = pathParts(path, dropRoot);
    if (rule.kind === 'folder') {
      if (parts.length < 2) {
        raw.push(null);
        // "cats/0.png" in a zip of one class folder: its top folder is taken as the dataset's, not a class
        const segments = path.split('/').filter((p) => p.length > 0);
        const top = dropRoot && segments.length > 1 ? segments[0] : undefined;
        unlabeled.push({
          path,
          reason: top
            ? `not inside a class subfolder: directly in "${top}", the top folder, which holds the classes' subfolders`
            : 'not inside a class subfolder',
        });
      } else raw.push(parts[0]!.normalize('NFC'));
      continue;
    }
    const name = parts[parts.length - 1]!;
    const m = regex!.exec(name);
    const value = m?.[rule.group ?? 1];
    if (value === undefined) {
      raw.push(null);
      unlabeled.push({
        path,
        reason: m
          ? `capture group ${rule.group ?? 1} took no part in the match`
          : `file name does not match /${rule.pattern}/`,
      });
      continue;
    }
    if (value.trim() === '') {
      // "_" matched by ^(\d*)_ is no label, not the number 0.
      raw.push(null);
      unlabeled.push({ path, reason: 'the label pattern captured nothing (an empty label)' });
      continue;
    }
    if (edges) {
      const x = Number(value);
      if (!Number.isFinite(x)) {
        raw.push(null);
        unlabeled.push({ path, reason: `"${value}" is not a number, cannot bin it` });
        continue;
      }
      raw.push(String(binIndex(x, edges)));
    } else raw.push(value.normalize('NFC'));
  }
  let classNames: string[];
  let index: Map<string, number>;
  if (edges) {
    const names = binNames(edges);
    const used = [...new Set(raw.filter((r): r is string => r !== null).map(Number))].sort((a, b) => a - b);
    classNames = used.map((b) => names[b]!);
    index = new Map(used.map((b, i) => [String(b), i]));
  } else {
    classNames = [...new Set(raw.filter((r): r is string => r !== null))].sort(collator.compare);
    index = new Map(classNames.map((c, i) => [c, i]));
  }
  const labels = Int32Array.from(raw, (r) => (r === null ? -1 : index.get(r)!));
  return { classNames, labels, unlabeled };
}
