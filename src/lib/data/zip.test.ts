import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { writeZip } from '../../../e2e/zip-writer';
import { normaliseZipPath, screenZip, unpackZip } from './zip';

const reader = (zip: Uint8Array) => (a: number, b: number) =>
  Promise.resolve(zip.subarray(a, Math.min(b, zip.length)));
const fakePng = (n: number, fill = 7) => {
  const b = new Uint8Array(n).fill(fill);
  b.set([0x89, 0x50, 0x4e, 0x47]);
  return b;
};
const unpack = (zip: Uint8Array, extra: Partial<Parameters<typeof unpackZip>[0]> = {}) =>
  unpackZip({ read: reader(zip), zipSize: zip.length, zipName: 'test.zip', ...extra });

describe('screenZip', () => {
  it("reads the zip's tail and directory only: no local header or entry data, so nothing is inflated", async () => {
    // stored (not deflated), so the entries' data lies before the zip's last 64 kB
    const z = zipSync({
      'pets/cats/a.png': [fakePng(90_000, 1), { level: 0 }],
      'pets/dogs/b.png': [fakePng(20_000, 2), { level: 0 }],
    });
    const starts: number[] = [];
    const read = (a: number, b: number) => {
      starts.push(a);
      return reader(z)(a, b);
    };
    const out = await screenZip({ read, zipSize: z.length, zipName: 'test.zip' });
    expect(out.accepted.map((e) => e.path)).toEqual(['pets/cats/a.png', 'pets/dogs/b.png']);
    const tailStart = z.length - 22 - 65535; // the end record is searched for in the last 64 kB
    const directory = Math.max(...out.accepted.map((e) => e.localHeaderOffset + 30 + e.compressedSize));
    expect(tailStart).toBeGreaterThan(0);
    expect(starts.filter((a) => a !== tailStart && a < directory)).toEqual([]);
    const inflating: number[] = [];
    await unpackZip({
      read: (a, b) => (inflating.push(a), reader(z)(a, b)),
      zipSize: z.length,
      zipName: 't',
    });
    expect(inflating).toContain(out.accepted[0]!.localHeaderOffset); // what screenZip never reads
  });
});

describe('unpackZip', () => {
  it('reads a zip made by fflate (the usual case): same paths and bytes, directories dropped', async () => {
    const a = fakePng(3000, 1);
    const b = fakePng(10, 2);
    const z = zipSync({
      'pets/cats/a.png': a,
      'pets/dogs/b.png': [b, { level: 0 }],
      'pets/dogs/': new Uint8Array(0),
    });
    const out = await unpack(z);
    expect(out.files.map((f) => f.path)).toEqual(['pets/cats/a.png', 'pets/dogs/b.png']);
    expect(out.files[0]!.bytes).toEqual(a);
    expect(out.files[1]!.bytes).toEqual(b);
    expect(out.skipped).toEqual([]);
  });

  it('screens every entry before inflating and names each one left out with its reason', async () => {
    const z = writeZip([
      { name: 'pets/cats/a.png', data: fakePng(500) },
      { name: '__MACOSX/pets/cats/._a.png', data: fakePng(50) },
      { name: 'pets/cats/.hidden.png', data: fakePng(50) },
      { name: 'pets/notes.txt', data: new TextEncoder().encode('hello') },
      { name: 'pets/cats/a.png', data: fakePng(400, 9) }, // duplicate name: the first is kept
      { name: 'pets/dogs/huge.png', data: fakePng(100), declaredSize: 3_000_000_000 }, // declares 3 GB
      { name: 'pets\\dogs\\win.png', data: fakePng(300), method: 0 },
      { name: 'pets/dogs/empty.png', data: new Uint8Array(0), method: 0 },
    ]);
    const out = await unpack(z);
    expect(out.files.map((f) => f.path)).toEqual(['pets/cats/a.png', 'pets/dogs/win.png']);
    expect(out.files[0]!.bytes).toEqual(fakePng(500));
    const reasons = Object.fromEntries(out.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      '__MACOSX/pets/cats/._a.png': 'macOS resource fork (__MACOSX)',
      'pets/cats/.hidden.png': 'hidden file',
      'pets/notes.txt': 'not an image (.txt)',
      'pets/cats/a.png': 'duplicate name in the zip (the first entry with this name was kept)',
      'pets/dogs/huge.png': 'declares 3.0 GB uncompressed (> 41.9 MB per file); not inflated',
      'pets/dogs/empty.png': 'empty file (0 bytes)',
    });
  });

  it('stops an entry that inflates past its declared size (a bomb) without inflating the rest of it', async () => {
    const zeros = new Uint8Array(20_000_000); // deflates to ~20 kB
    const z = writeZip([
      { name: 'p/x/bomb.png', data: zeros, declaredSize: 100_000 },
      { name: 'p/x/ok.png', data: fakePng(2000) },
    ]);
    const out = await unpack(z);
    expect(out.files.map((f) => f.path)).toEqual(['p/x/ok.png']);
    expect(out.skipped).toEqual([
      {
        path: 'p/x/bomb.png',
        reason: 'could not be unpacked: it inflates to more than the 100.0 kB it declares',
      },
    ]);
  });

  it('a corrupt entry is skipped, the others are kept', async () => {
    const z = writeZip([
      { name: 'p/x/a.png', data: fakePng(5000, 3) },
      { name: 'p/x/b.png', data: fakePng(5000, 4) },
    ]);
    // Overwrite the deflate stream of the first entry (after its 30 + 9 byte local header) with garbage.
    z.fill(0xff, 39, 45);
    const out = await unpack(z);
    expect(out.files.map((f) => f.path)).toEqual(['p/x/b.png']);
    expect(out.skipped[0]!.path).toBe('p/x/a.png');
    expect(out.skipped[0]!.reason).toMatch(/^could not be unpacked: /);
  });

  it('caps the entry count and the total uncompressed size, with a note for each', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `p/c/${i}.png`, data: fakePng(1000) }));
    const byCount = await unpack(writeZip(entries), { maxEntries: 4 });
    expect(byCount.files).toHaveLength(4);
    expect(byCount.notes).toEqual([
      'test.zip has 6 entries; only the first 4 were read (the limit for one zip).',
    ]);
    const bySize = await unpack(writeZip(entries), { maxTotalBytes: 3500 });
    expect(bySize.files.map((f) => f.path)).toEqual(['p/c/0.png', 'p/c/1.png', 'p/c/2.png']);
    expect(bySize.skipped.map((s) => s.path)).toEqual(['p/c/3.png', 'p/c/4.png', 'p/c/5.png']);
    expect(bySize.notes[0]).toMatch(/3 entries past that limit were not read/);
  });

  it('refuses what is not a zip with a clear message', async () => {
    const junk = new TextEncoder().encode('this is not a zip at all');
    await expect(unpack(junk)).rejects.toThrow(
      'test.zip is not a readable zip file (no end-of-directory record)',
    );
  });

  it('normalises paths: backslashes, leading ./ and /, no .. segments', () => {
    expect(normaliseZipPath('pets\\cats\\a.png')).toBe('pets/cats/a.png');
    expect(normaliseZipPath('./pets/a.png')).toBe('pets/a.png');
    expect(normaliseZipPath('/../../etc/a.png')).toBe('etc/a.png');
  });
});
