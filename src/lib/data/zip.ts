/**
 * Reading a .zip without trusting it. The central directory is read first (only the zip's last bytes and its
 * directory), every entry is screened by name and declared size before a byte of it is inflated (non-images,
 * `__MACOSX/`, hidden files, entries over the per-file limit, duplicates, encrypted or unsupported methods),
 * the entry count and the total uncompressed size are capped, and the accepted entries are inflated one at a
 * time with fflate's streaming `Inflate`, fed in small pieces and stopped as soon as an entry produces more
 * than it declared (a zip bomb costs at most its declared size plus one piece's output).
 *
 * Written here rather than with fflate's `unzip`/`unzipSync` because those inflate all entries in one call
 * (the async one with a worker per entry), keep only the last of two entries with the same name, fail the
 * whole archive on one corrupt entry and trust each entry's declared size.
 */
import { Inflate } from 'fflate';
import { MAX_FILE_BYTES, screenFile, type Skipped } from './files';

export const MAX_ZIP_ENTRIES = 100_000;
export const MAX_ZIP_TOTAL_BYTES = 2 * 1024 ** 3;

/** Reads bytes [start, end) of the zip (a Blob slice in the browser, a subarray in tests). */
export type ByteReader = (start: number, end: number) => Promise<Uint8Array>;

export interface ZipEntry {
  /** Normalised path: `\` → `/`, no leading `/` or `./`. */
  path: string;
  compression: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface UnpackedZip {
  files: { path: string; bytes: Uint8Array }[];
  skipped: Skipped[];
  /** Zip-wide problems (caps reached), in plain words. */
  notes: string[];
}

const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const le32 = (b: Uint8Array, i: number) =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 2 ** 24;
const le64 = (b: Uint8Array, i: number) => le32(b, i) + le32(b, i + 4) * 2 ** 32;

export function normaliseZipPath(name: string): string {
  return name
    .replace(/\\/g, '/')
    .replace(/^(\.?\/)+/, '')
    .split('/')
    .filter((p) => p !== '.' && p !== '..')
    .join('/');
}

const fmtBytes = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} GB`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} MB`
      : `${(n / 1e3).toFixed(1)} kB`;

/** The central directory: every entry's name, method, sizes and where its local header is. */
export async function readZipDirectory(
  read: ByteReader,
  zipSize: number,
  zipName: string,
): Promise<ZipEntry[]> {
  const notZip = (why: string) => new Error(`${zipName} is not a readable zip file (${why})`);
  const tailStart = Math.max(0, zipSize - (22 + 65535));
  const tail = await read(tailStart, zipSize);
  let e = tail.length - 22;
  while (e >= 0 && le32(tail, e) !== 0x06054b50) e--;
  if (e < 0) throw notZip('no end-of-directory record');
  let count = le16(tail, e + 10);
  let dirSize = le32(tail, e + 12);
  let dirOffset = le32(tail, e + 16);
  // Zip64: a locator 20 bytes before the end record points at the zip64 end record.
  if (e >= 20 && le32(tail, e - 20) === 0x07064b50) {
    const at = le64(tail, e - 12);
    const rec = await read(at, Math.min(zipSize, at + 56));
    if (rec.length >= 56 && le32(rec, 0) === 0x06064b50) {
      count = le64(rec, 32);
      dirSize = le64(rec, 40);
      dirOffset = le64(rec, 48);
    }
  }
  if (dirOffset + dirSize > zipSize)
    throw notZip('its directory lies beyond the end of the file: truncated?');
  const dir = await read(dirOffset, dirOffset + dirSize);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let i = 0;
  for (let k = 0; k < count && i + 46 <= dir.length; k++) {
    if (le32(dir, i) !== 0x02014b50) throw notZip(`directory entry ${k + 1} is corrupt`);
    const flags = le16(dir, i + 8);
    const nameLength = le16(dir, i + 28);
    const extraLength = le16(dir, i + 30);
    const commentLength = le16(dir, i + 32);
    let compressedSize = le32(dir, i + 20);
    let size = le32(dir, i + 24);
    let localHeaderOffset = le32(dir, i + 42);
    const name = decoder.decode(dir.subarray(i + 46, i + 46 + nameLength));
    // Zip64 extended information (id 1): the 64-bit values, in order, for the fields set to 0xFFFFFFFF.
    for (let x = i + 46 + nameLength; x + 4 <= i + 46 + nameLength + extraLength;) {
      const id = le16(dir, x);
      const len = le16(dir, x + 2);
      if (id === 1) {
        let at = x + 4;
        if (size === 0xffffffff) {
          size = le64(dir, at);
          at += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = le64(dir, at);
          at += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = le64(dir, at);
      }
      x += 4 + len;
    }
    entries.push({
      path: normaliseZipPath(name),
      compression: le16(dir, i + 10),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localHeaderOffset,
    });
    i += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's bytes, inflated in 4 kB pieces; throws when it is corrupt or inflates past its declared size. */
export async function inflateEntry(read: ByteReader, entry: ZipEntry): Promise<Uint8Array> {
  // Deflate grows incompressible data by a few bytes per 16 kB block, never by 1%.
  if (entry.compressedSize > entry.size * 1.01 + 1024)
    throw new Error(
      `it declares ${fmtBytes(entry.compressedSize)} compressed for ${fmtBytes(entry.size)} of data`,
    );
  const head = await read(entry.localHeaderOffset, entry.localHeaderOffset + 30);
  if (head.length < 30 || le32(head, 0) !== 0x04034b50)
    throw new Error('its local header is missing or corrupt');
  const start = entry.localHeaderOffset + 30 + le16(head, 26) + le16(head, 28);
  const data = await read(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw new Error('the zip ends inside this entry (truncated)');
  if (entry.compression === 0) {
    if (entry.compressedSize !== entry.size) throw new Error('a stored entry whose two sizes disagree');
    return data.slice();
  }
  const out = new Uint8Array(entry.size);
  let at = 0;
  let finished = false;
  const inflate = new Inflate((chunk, final) => {
    if (at + chunk.length > entry.size)
      throw new Error(`it inflates to more than the ${fmtBytes(entry.size)} it declares`);
    out.set(chunk, at);
    at += chunk.length;
    if (final) finished = true;
  });
  const piece = 4096; // deflate expands at most ~1032×, so one piece yields at most ~4 MB
  for (let p = 0; p < data.length; p += piece)
    inflate.push(data.subarray(p, p + piece), p + piece >= data.length);
  if (!finished || at !== entry.size)
    throw new Error(`it inflates to ${fmtBytes(at)}, not the ${fmtBytes(entry.size)} it declares (corrupt?)`);
  return out;
}

/** What `screenZip` and `unpackZip` are told: where the zip's bytes are, its name, and the caps. */
export interface ZipOptions {
  read: ByteReader;
  zipSize: number;
  zipName: string;
  maxEntries?: number;
  maxTotalBytes?: number;
  maxFileBytes?: number;
}

/**
 * Every entry of a zip that may be inflated, and every other entry with the reason it was left out, from the
 * directory alone: nothing is inflated. Caps: `maxEntries` directory entries read, `maxTotalBytes` uncompressed
 * in all, `maxFileBytes` per entry (declared sizes here; `inflateEntry` holds each entry to its declared size).
 * The data worker inflates each accepted entry only when it decodes it, so a zip's images are never all in
 * memory at once.
 */
export async function screenZip(
  options: ZipOptions,
): Promise<{ accepted: ZipEntry[]; skipped: Skipped[]; notes: string[] }> {
  const maxEntries = options.maxEntries ?? MAX_ZIP_ENTRIES;
  const maxTotal = options.maxTotalBytes ?? MAX_ZIP_TOTAL_BYTES;
  const maxFile = options.maxFileBytes ?? MAX_FILE_BYTES;
  const all = await readZipDirectory(options.read, options.zipSize, options.zipName);
  const notes: string[] = [];
  const skipped: Skipped[] = [];
  let entries = all.filter((e) => !e.path.endsWith('/') && e.path !== '');
  if (entries.length > maxEntries) {
    notes.push(
      `${options.zipName} has ${entries.length.toLocaleString('en')} entries; only the first ` +
        `${maxEntries.toLocaleString('en')} were read (the limit for one zip).`,
    );
    entries = entries.slice(0, maxEntries);
  }
  const seen = new Set<string>();
  const accepted: ZipEntry[] = [];
  let total = 0;
  let overTotal = 0;
  for (const e of entries) {
    const path = e.path;
    if (seen.has(path)) {
      skipped.push({ path, reason: 'duplicate name in the zip (the first entry with this name was kept)' });
      continue;
    }
    seen.add(path);
    const why = screenFile(path, e.size, maxFile);
    if (why) {
      skipped.push(
        e.size > maxFile && why.reason.startsWith('too large')
          ? {
              path,
              reason: `declares ${fmtBytes(e.size)} uncompressed (> ${fmtBytes(maxFile)} per file); not inflated`,
            }
          : why,
      );
      continue;
    }
    if (e.encrypted) {
      skipped.push({ path, reason: 'encrypted (password-protected zips are not supported)' });
      continue;
    }
    if (e.compression !== 0 && e.compression !== 8) {
      skipped.push({
        path,
        reason: `compressed with method ${e.compression} (only stored and deflate are supported)`,
      });
      continue;
    }
    if (total + e.size > maxTotal) {
      overTotal++;
      skipped.push({
        path,
        reason: `over the ${fmtBytes(maxTotal)} limit for all images of one zip; not inflated`,
      });
      continue;
    }
    total += e.size;
    accepted.push(e);
  }
  if (overTotal > 0)
    notes.push(
      `${options.zipName} holds more than ${fmtBytes(maxTotal)} of images: ${overTotal.toLocaleString('en')} ` +
        `entries past that limit were not read.`,
    );
  return { accepted, skipped, notes };
}

/** Why an entry that `inflateEntry` refused was left out. */
export const notUnpacked = (err: unknown) => `could not be unpacked: ${(err as Error).message}`;

/** `screenZip`, then every accepted entry inflated (`inflateEntry`); an entry that fails is skipped with why. */
export async function unpackZip(
  options: ZipOptions & { onProgress?: (done: number, total: number) => void },
): Promise<UnpackedZip> {
  const { accepted, skipped, notes } = await screenZip(options);
  const files: UnpackedZip['files'] = [];
  for (let k = 0; k < accepted.length; k++) {
    const e = accepted[k]!;
    try {
      files.push({ path: e.path, bytes: await inflateEntry(options.read, e) });
    } catch (err) {
      skipped.push({ path: e.path, reason: notUnpacked(err) });
    }
    if ((k + 1) % 64 === 0 || k + 1 === accepted.length) options.onProgress?.(k + 1, accepted.length);
  }
  return { files, skipped, notes };
}
