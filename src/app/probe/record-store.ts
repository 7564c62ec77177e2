/**
 * Lists kept in IndexedDB one record per item (idb-keyval stores), and word between the lab's tabs when one of
 * them changes. A list saved as one value is lost to whichever tab saves last: two tabs on the lab each held
 * their own run list and each save erased the other's runs. With one record per item, a tab writes and deletes
 * only its own items' records, and tells the other tabs (BroadcastChannel) to read the store again.
 */
import {
  type UseStore,
  createStore,
  delMany,
  entries,
  get,
  keys as idbKeys,
  promisifyRequest,
} from 'idb-keyval';

/** A stored value that is a plain object (not null, not an array): the first check of every stored record. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RecordStore {
  /** The store (opened on first use: one connection per page). */
  store: () => UseStore;
  /** Every item's record key starts with this. */
  prefix: string;
  /**
   * The page's one channel to the other tabs about this store, or null where there is none (a channel does not
   * hear its own messages, so this page is not told of its own changes).
   */
  channel: () => BroadcastChannel | null;
}

export function recordStore(db: string, name: string, prefix: string): RecordStore {
  let opened: UseStore | null = null;
  let channel: BroadcastChannel | null | undefined;
  return {
    store: () => (opened ??= createStore(db, name)),
    prefix,
    channel: () =>
      (channel ??=
        typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`epsilon-lab:${db}`)),
  };
}

/**
 * A list stored the old way (one value under `legacyKey`) moved to one record per item, in one transaction (its
 * records written and the old value replaced together, or neither). `split` turns the old value into keyed
 * items, given the keys already taken (an item whose key is taken must not overwrite that record: it stays), and
 * what could not be moved (`rest`: records this lab cannot read, or whose key is taken) stays under the old key.
 */
export async function migrateLegacy(
  rs: RecordStore,
  legacyKey: string,
  split: (legacy: unknown, taken: ReadonlySet<string>) => { records: [string, unknown][]; rest?: unknown },
): Promise<void> {
  await rs.store()('readwrite', async (os) => {
    const legacy = await promisifyRequest(os.get(legacyKey) as IDBRequest<unknown>);
    if (legacy === undefined) return;
    const keys = await promisifyRequest(os.getAllKeys());
    const taken = new Set(keys.filter((k): k is string => typeof k === 'string'));
    const { records, rest } = split(legacy, taken);
    if (!records.length && rest !== undefined) return; // nothing to move: left as it is
    for (const [key, value] of records) {
      if (taken.has(key)) throw new Error(`migrateLegacy: ${key} is taken`); // a bug in split: move nothing
      os.put(value, key);
    }
    if (rest === undefined) os.delete(legacyKey);
    else os.put(rest, legacyKey);
    await promisifyRequest(os.transaction);
  });
}

/** The old-format value left under `legacyKey` (records that could not be moved), if any. */
export async function legacyRest(rs: RecordStore, legacyKey: string): Promise<unknown> {
  return get(legacyKey, rs.store());
}

/** Every item's record: [key, stored value], in key order. */
export async function loadRecords(rs: RecordStore): Promise<[string, unknown][]> {
  return (await entries<IDBValidKey, unknown>(rs.store())).filter(
    (e): e is [string, unknown] => typeof e[0] === 'string' && e[0].startsWith(rs.prefix),
  );
}

/** Writes these items and deletes those keys in one transaction (all or none), then tells the other tabs. */
export async function writeRecords(
  rs: RecordStore,
  put: [string, unknown][],
  remove: string[] = [],
): Promise<void> {
  if (!put.length && !remove.length) return;
  await rs.store()('readwrite', (os) => {
    for (const [key, value] of put) os.put(value, key);
    for (const key of remove) os.delete(key);
    return promisifyRequest(os.transaction);
  });
  announce(rs);
}

/** Deletes every item's record (and a list stored the old way), then tells the other tabs. */
export async function clearRecords(rs: RecordStore, legacyKey?: string): Promise<void> {
  // the keys alone (reading every record's value, runs' weights included, only to drop them is waste)
  const keys = (await idbKeys(rs.store())).filter(
    (k): k is string => typeof k === 'string' && k.startsWith(rs.prefix),
  );
  await delMany(legacyKey ? [...keys, legacyKey] : keys, rs.store());
  announce(rs);
}

function announce(rs: RecordStore): void {
  rs.channel()?.postMessage('changed');
}

/** Calls `onChange` when another tab changed the store; returns the unsubscribe. */
export function onOtherTabChange(rs: RecordStore, onChange: () => void): () => void {
  const ch = rs.channel();
  if (!ch) return () => {};
  const listener = () => onChange();
  ch.addEventListener('message', listener);
  return () => ch.removeEventListener('message', listener);
}
