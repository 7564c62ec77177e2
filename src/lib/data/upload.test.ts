import { describe, expect, it } from 'vitest';
import { fitRect, noImagesText, screenFile } from './files';
import { binIndex, binNames, inferLabels } from './labels';
import { MAX_CLASSES, summarise } from './summary';

describe('inferLabels', () => {
  it('takes the first-level subfolder under the chosen folder, walks deeper folders, sorts classes naturally', () => {
    const r = inferLabels(
      [
        'pets/dogs/a.jpg',
        'pets/cats/b.png',
        'pets/cats/indoor/c.png',
        'pets/class10/x.png',
        'pets/class2/y.png',
        'pets/loose.jpg',
      ],
      { kind: 'folder' },
    );
    expect(r.classNames).toEqual(['cats', 'class2', 'class10', 'dogs']);
    expect(Array.from(r.labels)).toEqual([3, 0, 0, 2, 1, -1]);
    expect(r.unlabeled).toEqual([
      {
        path: 'pets/loose.jpg',
        reason:
          'not inside a class subfolder: directly in "pets", the top folder, which holds the classes\' subfolders',
      },
    ]);
    // a leading slash, and a folder named like its file
    expect(inferLabels(['/pets/a.png'], { kind: 'folder' }).unlabeled[0]!.reason).toContain(
      'directly in "pets"',
    );
    expect(inferLabels(['b.png/b.png'], { kind: 'folder' }).unlabeled[0]!.reason).toContain(
      'directly in "b.png"',
    );
    // a file with no folder at all (a single image dropped)
    expect(inferLabels(['loose.jpg'], { kind: 'folder' }).unlabeled[0]!.reason).toBe(
      'not inside a class subfolder',
    );
  });

  it('handles names in any script (NFC-normalised)', () => {
    const r = inferLabels(['root/猫/1.png', 'root/cafe\u0301/2.png', 'root/café/3.png'], { kind: 'folder' });
    expect(r.classNames).toEqual(['café', '猫']);
    expect(Array.from(r.labels)).toEqual([1, 0, 0]);
  });

  it('reads a regex capture group from the file name, with numeric bins', () => {
    const paths = [
      'faces/25_John_Doe_0001.jpg',
      'faces/61_Ann_Lee_0002.jpg',
      'faces/40_Bo_0003.jpg',
      'faces/unknown.jpg',
    ];
    const r = inferLabels(paths, { kind: 'regex', pattern: '^(\\d+)_', bins: [40] });
    expect(r.classNames).toEqual(['< 40', '≥ 40']);
    expect(Array.from(r.labels)).toEqual([0, 1, 1, -1]);
    expect(r.unlabeled[0]!.reason).toMatch(/does not match/);
    const plain = inferLabels(paths.slice(0, 3), { kind: 'regex', pattern: '^\\d+_([A-Za-z]+)_' });
    expect(plain.classNames).toEqual(['Ann', 'Bo', 'John']);
  });

  it('says when the pattern is not a regular expression', () => {
    expect(() => inferLabels(['a/b.png'], { kind: 'regex', pattern: '(' })).toThrow(
      /not a valid regular expression/,
    );
  });

  it('bins: names and indices at the edges', () => {
    expect(binNames([18, 65])).toEqual(['< 18', '18–65', '≥ 65']);
    expect([binIndex(17.9, [18, 65]), binIndex(18, [18, 65]), binIndex(65, [18, 65])]).toEqual([0, 1, 2]);
  });
});

describe('screenFile', () => {
  it('skips non-images, system and hidden files, empty and huge files, with the reason', () => {
    expect(screenFile('d/cats/a.JPG', 10)).toBeNull();
    expect(screenFile('d/notes.txt', 10)?.reason).toBe('not an image (.txt)');
    expect(screenFile('d/.DS_Store', 10)?.reason).toBe('hidden file');
    expect(screenFile('d/cats/Thumbs.db', 10)?.reason).toBe('system file');
    expect(screenFile('__MACOSX/d/cats/._a.jpg', 10)?.reason).toMatch(/__MACOSX/);
    expect(screenFile('d/cats/empty.png', 0)?.reason).toBe('empty file (0 bytes)');
    expect(screenFile('d/cats/huge.png', 100e6)?.reason).toMatch(/too large/);
  });

  it('centre-crops to a square or pads inside it', () => {
    expect(fitRect(200, 100, 28, 'crop')).toMatchObject({ sx: 50, sy: 0, sw: 100, sh: 100, dw: 28, dh: 28 });
    expect(fitRect(200, 100, 28, 'pad')).toMatchObject({ dx: 0, dy: 7, dw: 28, dh: 14 });
  });
});

describe('summarise', () => {
  it('counts classes, gives the majority baseline and warns past 70% or under 10 images', () => {
    const labels = [
      ...new Array<number>(80).fill(0),
      ...new Array<number>(15).fill(1),
      ...new Array<number>(5).fill(2),
    ];
    const s = summarise(labels, ['a', 'b', 'c']);
    expect(s.counts).toEqual([80, 15, 5]);
    expect(s.majorityAccuracy).toBe(0.8);
    expect(s.errors).toEqual([]);
    expect(s.warnings[0]).toMatch(/largest class \(a\) holds 80%/);
    expect(s.warnings[1]).toMatch(/fewer than 10 images: c/);
  });

  it('blocks an empty folder, a single class, and a class with one image, saying what is needed', () => {
    expect(summarise([], []).errors[0]).toMatch(/No images were found/);
    expect(summarise([0, 0, 0], ['cats']).errors[0]).toMatch(/Only one class \(cats\).*at least two/);
    expect(summarise([0, 0, 1], ['a', 'b']).errors[0]).toMatch(/fewer than 2 images.*: b/);
  });

  it('says what to change for the rule the labels came from', () => {
    expect(summarise([], [], 'pattern').errors[0]).toMatch(/the pattern matched no file name/);
    expect(summarise([0, 0, 0], ['7'], 'pattern').errors[0]).toMatch(/the pattern must capture a part/);
  });

  it('refuses more than MAX_CLASSES classes, once, without listing them; lists at most 10 names', () => {
    // a pattern that captured each image's number: one class per image
    const n = MAX_CLASSES + 1;
    const many = summarise(
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => String(i)),
      'pattern',
    );
    expect(many.errors).toEqual([
      expect.stringMatching(/^The labels give 1,001 classes, more than the 1,000 .*own number/),
    ]);
    expect(many.warnings).toEqual([]);
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const single = summarise([...names.keys(), 0], names);
    expect(single.errors[0]).toMatch(/: c1, c2, .*c10 and 1 more\.$/);
  });
});

describe('noImagesText', () => {
  it('names the first skipped files and why, and how many more', () => {
    const skipped = ['a.txt', 'b.csv', 'c.md', 'd.txt'].map((path) => ({ path, reason: 'not an image' }));
    expect(noImagesText('x.zip', skipped.slice(0, 1))).toBe(
      'No images could be read from x.zip: its one file was skipped: a.txt (not an image).',
    );
    expect(noImagesText('x.zip', skipped)).toBe(
      'No images could be read from x.zip: all 4 of its files were skipped: a.txt (not an image); b.csv (not an image); c.md (not an image); and 1 more.',
    );
    expect(noImagesText('empty', [])).toMatch(/^No images were found in empty: /);
    // a zip's entries come as "x.zip: path"
    expect(noImagesText('x.zip', [{ path: 'x.zip: a.txt', reason: 'r' }])).toContain('skipped: a.txt (r).');
  });
});
