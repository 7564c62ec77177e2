/**
 * Which uploaded files are worth decoding: images by extension (the browser decides the rest when it tries),
 * never hidden or system files (.DS_Store, Thumbs.db, __MACOSX/), never empty or absurdly large files.
 * Every skipped file is reported with its path and the reason.
 */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'avif'];
/** Files above this are skipped unread (a 28–64 px lab has no use for 100 MB scans). */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
/** Decoded images above this many pixels are skipped (decoding them would take hundreds of MB). */
export const MAX_PIXELS = 50_000_000;

export interface Skipped {
  path: string;
  reason: string;
}

export function screenFile(path: string, size: number, maxBytes = MAX_FILE_BYTES): Skipped | null {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? path;
  if (parts.some((p) => p === '__MACOSX')) return { path, reason: 'macOS resource fork (__MACOSX)' };
  if (name === 'Thumbs.db' || name === 'desktop.ini') return { path, reason: 'system file' };
  if (name.startsWith('.')) return { path, reason: 'hidden file' };
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (!IMAGE_EXTENSIONS.includes(ext))
    return { path, reason: ext ? `not an image (.${ext})` : 'not an image (no extension)' };
  if (size === 0) return { path, reason: 'empty file (0 bytes)' };
  if (size > maxBytes)
    return { path, reason: `too large (${(size / 1e6).toFixed(0)} MB > ${maxBytes / 1e6} MB)` };
  return null;
}

/**
 * What a load that yielded no image says, naming the first few skipped files and why (the load then keeps the
 * data loaded before it: a folder of nothing usable must not replace a good one).
 */
export function noImagesText(name: string, skipped: readonly Skipped[], shown = 3): string {
  if (skipped.length === 0)
    return `No images were found in ${name}: choose a folder with one subfolder of images per class.`;
  const listed = skipped
    .slice(0, shown)
    // a zip's entries are listed as "x.zip: path"; the sentence names the zip already
    .map((s) => `${s.path.startsWith(`${name}: `) ? s.path.slice(name.length + 2) : s.path} (${s.reason})`)
    .join('; ');
  const more = skipped.length > shown ? `; and ${skipped.length - shown} more` : '';
  const files = skipped.length === 1 ? 'its one file was' : `all ${skipped.length} of its files were`;
  return `No images could be read from ${name}: ${files} skipped: ${listed}${more}.`;
}

/** Source rectangle for a centre crop (fit = 'crop') or the destination rectangle for padding (fit = 'pad'). */
export function fitRect(width: number, height: number, size: number, fit: 'crop' | 'pad') {
  if (fit === 'crop') {
    const side = Math.min(width, height);
    return {
      sx: (width - side) / 2,
      sy: (height - side) / 2,
      sw: side,
      sh: side,
      dx: 0,
      dy: 0,
      dw: size,
      dh: size,
    };
  }
  const scale = size / Math.max(width, height);
  const dw = Math.max(1, Math.round(width * scale));
  const dh = Math.max(1, Math.round(height * scale));
  return {
    sx: 0,
    sy: 0,
    sw: width,
    sh: height,
    dx: Math.floor((size - dw) / 2),
    dy: Math.floor((size - dh) / 2),
    dw,
    dh,
  };
}

/**
 * Paths as "root/class/…": a folder, or a zip of one, has a single top folder ("pets/cats/a.jpg") and is kept
 * as it is; a drop of the class folders themselves ("cats/a.jpg", "dogs/b.jpg", several folders selected) or
 * of loose files gets `rootName` (without ".zip") as its top folder, so labels come from the class folders.
 * `\` separators (zips made on Windows) become `/`.
 */
export function withSingleRoot<T extends { path: string }>(entries: T[], rootName: string): T[] {
  const norm = entries.map((e) => ({ ...e, path: e.path.replace(/\\/g, '/').replace(/^\/+/, '') }));
  const tops = new Set(norm.map((e) => e.path.split('/')[0]));
  if (tops.size === 1 && norm.every((e) => e.path.includes('/'))) return norm;
  const root =
    rootName
      .replace(/\.zip$/i, '')
      .split('/')
      .pop() || 'upload';
  return norm.map((e) => ({ ...e, path: `${root}/${e.path}` }));
}
