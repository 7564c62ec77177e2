/** sessionStorage (kept for the tab's life, across reloads), where the browser allows it. */

/** The stored text, or null (none, or a sandboxed frame or a privacy mode refused the storage). */
export function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores (null: removes) the text; where the storage is refused, nothing is kept and the page goes on. */
export function writeSession(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // not kept: the setting then ends with the page
  }
}
