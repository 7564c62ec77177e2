/**
 * The built-in datasets' binary form, served from public/data/ and read without copying:
 *
 *   bytes 0–3   "EPSL" (magic)
 *   bytes 4–7   format version, uint32 little-endian (1)
 *   bytes 8–11  header length L, uint32 little-endian
 *   bytes 12…   header: UTF-8 JSON (BundleHeader), padded with spaces to a multiple of 4
 *   then, per split in header order: images (count·H·W·C uint8) and labels (count uint8, or uint16 LE when
 *   there are more than 256 classes), at the offsets the header gives (relative to the start of the file).
 */
import { type ImageDataset, imageSize, validateDataset } from './dataset.ts';

export const BUNDLE_MAGIC = 'EPSL';
export const BUNDLE_VERSION = 1;

export interface BundleSplitInfo {
  name: string;
  count: number;
  imagesOffset: number;
  labelsOffset: number;
}

export interface BundleHeader {
  name: string;
  width: number;
  height: number;
  channels: 1 | 3;
  classNames: string[];
  labelBytes: 1 | 2;
  /** Free-form provenance: source package, split seed, what was dropped. */
  meta: Record<string, unknown>;
  splits: BundleSplitInfo[];
}

export interface Bundle {
  header: BundleHeader;
  splits: Record<string, ImageDataset>;
}

/** Split `name` of `bundle`; a file without it (older, or another dataset's) is an error naming what it has. */
export function bundleSplit(bundle: Bundle, name: string): ImageDataset {
  const d = bundle.splits[name];
  if (!d) {
    const has = Object.keys(bundle.splits).join(', ') || 'none';
    throw new Error(`dataset bundle "${bundle.header.name}" has no split "${name}" (it has: ${has})`);
  }
  return d;
}

export function encodeBundle(options: {
  name: string;
  splits: Record<string, ImageDataset>;
  meta?: Record<string, unknown>;
}): Uint8Array {
  const entries = Object.entries(options.splits);
  const first = entries[0]?.[1];
  if (!first) throw new Error('a bundle needs at least one split');
  for (const [, d] of entries) {
    validateDataset(d);
    if (d.width !== first.width || d.height !== first.height || d.channels !== first.channels) {
      throw new Error('all splits of a bundle must share one image shape');
    }
    if (d.classNames.join('\u0000') !== first.classNames.join('\u0000')) {
      throw new Error('all splits of a bundle must share class names');
    }
  }
  const labelBytes: 1 | 2 = first.classNames.length > 256 ? 2 : 1;
  const size = imageSize(first);
  const header: BundleHeader = {
    name: options.name,
    width: first.width,
    height: first.height,
    channels: first.channels,
    classNames: first.classNames,
    labelBytes,
    meta: options.meta ?? {},
    splits: [],
  };
  // Offsets depend on the header length, which depends on the offsets' digits: lay out twice.
  const layout = (headerLength: number) => {
    let at = 12 + headerLength;
    return entries.map(([name, d]) => {
      const count = d.labels.length;
      const info = { name, count, imagesOffset: at, labelsOffset: at + count * size };
      at = info.labelsOffset + count * labelBytes;
      at += (4 - (at % 4)) % 4;
      return info;
    });
  };
  const encoder = new TextEncoder();
  let headerLength = 0;
  let json: Uint8Array;
  for (;;) {
    header.splits = layout(headerLength);
    json = encoder.encode(JSON.stringify(header));
    const padded = json.length + ((4 - (json.length % 4)) % 4);
    if (padded === headerLength) break;
    headerLength = padded;
  }
  const last = header.splits[header.splits.length - 1]!;
  let total = last.labelsOffset + last.count * labelBytes;
  total += (4 - (total % 4)) % 4;
  const out = new Uint8Array(total);
  out.set(encoder.encode(BUNDLE_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, BUNDLE_VERSION, true);
  view.setUint32(8, headerLength, true);
  out.fill(0x20, 12, 12 + headerLength);
  out.set(json, 12);
  entries.forEach(([, d], s) => {
    const info = header.splits[s]!;
    out.set(d.images, info.imagesOffset);
    for (let i = 0; i < info.count; i++) {
      if (labelBytes === 1) out[info.labelsOffset + i] = d.labels[i]!;
      else view.setUint16(info.labelsOffset + 2 * i, d.labels[i]!, true);
    }
  });
  return out;
}

/** Parse a bundle. Image bytes are views into `bytes` (no copy); labels are widened to Int32Array. */
export function decodeBundle(bytes: Uint8Array): Bundle {
  if (bytes.length < 12) throw new Error(`not a dataset bundle: only ${bytes.length} bytes`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== BUNDLE_MAGIC)
    throw new Error(`not a dataset bundle: magic "${magic}", expected "${BUNDLE_MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== BUNDLE_VERSION)
    throw new Error(`dataset bundle version ${version} is not supported (expected ${BUNDLE_VERSION})`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('dataset bundle is truncated (header)');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as BundleHeader;
  const size = header.width * header.height * header.channels;
  const splits: Record<string, ImageDataset> = {};
  for (const info of header.splits) {
    const end = info.labelsOffset + info.count * header.labelBytes;
    if (end > bytes.length) throw new Error(`dataset bundle is truncated (split "${info.name}")`);
    const labels = new Int32Array(info.count);
    for (let i = 0; i < info.count; i++) {
      labels[i] =
        header.labelBytes === 1
          ? bytes[info.labelsOffset + i]!
          : view.getUint16(info.labelsOffset + 2 * i, true);
    }
    splits[info.name] = {
      name: `${header.name} · ${info.name}`,
      width: header.width,
      height: header.height,
      channels: header.channels,
      classNames: header.classNames,
      images: bytes.subarray(info.imagesOffset, info.imagesOffset + info.count * size),
      labels,
    };
  }
  return { header, splits };
}
