/**
 * JSON has no Infinity or NaN (JSON.stringify writes null). The lab's exports and command lines write
 * ε = ∞ (a run without privacy) as the string "Infinity", −∞ as "-Infinity" and NaN as null: one codec for
 * all of them, so files written by different parts read the same way.
 */
export function jsonNumber(value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return null;
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A JSON.stringify replacer applying `jsonNumber` everywhere in a value. */
export const jsonNumberReplacer = (_key: string, value: unknown): unknown => jsonNumber(value);

/** JSON text of `value` with non-finite numbers kept as strings. */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, jsonNumberReplacer, space);
}

/** `value` as plain JSON data (non-finite numbers as strings): for metadata stored inside model files. */
export function jsonSafeCopy<T>(value: T): unknown {
  return JSON.parse(toJson(value)) as unknown;
}
