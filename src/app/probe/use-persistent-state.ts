/**
 * A list kept in IndexedDB one record per item: restored on start (merged with anything added meanwhile), and
 * on every change only the items that changed are written and the items removed are deleted. Another tab's
 * change (said over a BroadcastChannel) is read in: its new items appear, the items it deleted go, and this
 * page's own unsaved items stay. Problems are never swallowed: records skipped on load, a failed read and a
 * failed save (a full storage, say) reach `onError` in words.
 */
import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from 'react';
import { storageErrorMessage } from './run-store';

export interface PersistentList<T> {
  /** These four must be stable (module-level functions). */
  load: (onProblem: (message: string) => void) => Promise<T[]>;
  keyOf: (item: T) => string;
  /** Writes these items, deletes those keys. */
  write: (put: T[], remove: string[]) => Promise<void>;
  /** Calls back when another tab changed the stored list; returns the unsubscribe. */
  subscribe: (onChange: () => void) => () => void;
}

/**
 * The stored list read again: stored items in stored order, each in this page's version if this page has one
 * it has not saved yet; this page's items never saved come after; items this page had saved that are no longer
 * stored were deleted by another tab, and go; items this page removed and has not yet deleted stay removed.
 */
export function mergeStored<T>(
  stored: readonly T[],
  current: readonly T[],
  saved: ReadonlyMap<string, T>,
  keyOf: (item: T) => string,
): T[] {
  const mine = new Map(current.map((c) => [keyOf(c), c]));
  const storedKeys = new Set(stored.map(keyOf));
  const unsaved = (c: T) => saved.get(keyOf(c)) !== c;
  const out: T[] = [];
  for (const s of stored) {
    const c = mine.get(keyOf(s));
    if (c === undefined) {
      if (!saved.has(keyOf(s))) out.push(s); // new to this page (the removed ones were saved here)
    } else out.push(unsaved(c) ? c : s);
  }
  for (const c of current) if (!storedKeys.has(keyOf(c)) && !saved.has(keyOf(c))) out.push(c);
  return out;
}

export function usePersistentList<T>(
  list: PersistentList<T>,
  /** What is stored, for messages ("runs", "sweeps"). */
  what: string,
  onErrorOption: (message: string) => void,
): [T[], Dispatch<SetStateAction<T[]>>] {
  const { load, keyOf, write, subscribe } = list;
  const [value, setValue] = useState<T[]>([]);
  const onError = useRef(onErrorOption);
  useEffect(() => {
    onError.current = onErrorOption;
  }, [onErrorOption]);
  // the version of each item last written (or read), by key; null until the stored list was read
  const saved = useRef<Map<string, T> | null>(null);
  // writes run one after another; a re-read waits for them, so it sees this page's own writes, and one that
  // overlapped a newly queued write (counted here) reads again after it
  const writing = useRef<Promise<void>>(Promise.resolve());
  const queued = useRef(0);
  const reads = useRef(0);
  useEffect(() => {
    let live = true;
    const read = async (first: boolean) => {
      const seq = ++reads.current;
      for (;;) {
        await writing.current;
        const writesBefore = queued.current;
        let stored: T[];
        try {
          stored = await load((m) => onError.current(m));
        } catch (e) {
          // nothing stored is deleted on the strength of a failed read: only what this page adds is written
          if (first && live) saved.current ??= new Map();
          onError.current(`The saved ${what} could not be read: ${storageErrorMessage(e)}.`);
          return;
        }
        // a newer read supersedes this one; a write queued while this one read must be seen first
        if (!live || seq !== reads.current) return;
        if (queued.current !== writesBefore) continue;
        const before = saved.current ?? new Map<string, T>();
        saved.current = new Map(stored.map((s) => [keyOf(s), s]));
        setValue((current) => mergeStored(stored, current, before, keyOf));
        return;
      }
    };
    void read(true);
    const unsubscribe = subscribe(() => void read(false));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [load, keyOf, subscribe, what]);
  useEffect(() => {
    const before = saved.current;
    if (!before) return;
    const keys = new Set(value.map(keyOf));
    const put = value.filter((v) => before.get(keyOf(v)) !== v);
    const remove = [...before.keys()].filter((k) => !keys.has(k));
    if (!put.length && !remove.length) return;
    saved.current = new Map(value.map((v) => [keyOf(v), v]));
    queued.current++;
    writing.current = writing.current.then(() =>
      write(put, remove).catch((e: unknown) => {
        // not written: those items count as unsaved again (kept on a re-read, retried by the next change),
        // and the items not deleted as still stored (deleted again by the next change)
        const now = saved.current;
        if (now) {
          for (const v of put) {
            const k = keyOf(v);
            const old = before.get(k);
            if (now.get(k) !== v) continue;
            if (old === undefined) now.delete(k);
            else now.set(k, old);
          }
          for (const k of remove) if (!now.has(k)) now.set(k, before.get(k)!);
        }
        onError.current(`The ${what} could not be saved in this browser: ${storageErrorMessage(e)}.`);
      }),
    );
  }, [value, keyOf, write, what]);
  return [value, setValue];
}
