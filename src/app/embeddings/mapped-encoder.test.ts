import { describe, expect, it } from 'vitest';
import {
  firstImages,
  mappedCount,
  mappedEncoder,
  mappedUploadEncoder,
  perplexityText,
} from './mapped-encoder';
import { ENCODER_URLS, SHIPPED_ENCODER_URL } from '../shell/files';
import type { EncoderChoice } from '../../state/lab-config';

describe("step 6's right-hand map", () => {
  it("is step 3's encoder, named as step 3 names it", () => {
    expect(mappedEncoder('pixels', null)).toEqual({
      encoder: { kind: 'pixels' },
      title: 'Current encoder: raw pixels (no encoder)',
      note: null,
    });
    expect(mappedEncoder('simclr-v1', null).encoder).toEqual({ url: ENCODER_URLS['simclr-v1'] });
    expect(mappedEncoder('shipped', null).title).toBe('Current encoder: default (two-scale scattering)');
    const files = { modelJson: '{}', weights: new ArrayBuffer(4) };
    const session = mappedEncoder('session', { files, label: 'SimCLR, 3 epochs (this session)' });
    expect(session.encoder).toEqual(files);
    expect(session.title).toBe('Current encoder: SimCLR, 3 epochs (this session)');
  });

  it('is the default encoder when step 3 uses the random one (the left map), and says so', () => {
    const m = mappedEncoder('random', null);
    expect(m.encoder).toEqual({ url: SHIPPED_ENCODER_URL });
    expect(m.title).not.toMatch(/^Current encoder/);
    expect(m.note).toMatch(/Step 3 uses the random encoder, which is the left map/);
  });

  it('covers every encoder choice', () => {
    const choices: EncoderChoice[] = ['shipped', 'scatter', 'pixels', 'simclr-v1', 'random', 'session'];
    for (const c of choices) expect(mappedEncoder(c, null).title.length).toBeGreaterThan(0);
  });
});

describe("step 6's right-hand map of the user's images", () => {
  it("is step 3's encoder on 28 × 28 grayscale images; raw pixels, said why, on any other", () => {
    expect(mappedUploadEncoder('shipped', true, null)).toEqual(mappedEncoder('shipped', null));
    const other = mappedUploadEncoder('random', false, null);
    expect(other.encoder).toEqual({ kind: 'pixels' });
    expect(other.note).toMatch(/^Step 3 uses the random encoder on your images, which is the left map/);
    expect(mappedUploadEncoder('pixels', false, null).title).toBe('Current encoder: raw pixels (no encoder)');
    // a session's encoder step 3 accepts was pretrained on images of this shape
    const files = { modelJson: '{}', weights: new ArrayBuffer(4) };
    expect(mappedUploadEncoder('session', false, { files, label: 'mine' }).encoder).toEqual(files);
  });

  it('maps the first images of the split (a copy), with their labels', () => {
    const d = {
      name: 'x',
      width: 2,
      height: 2,
      channels: 3 as const,
      classNames: ['a', 'b'],
      images: Uint8Array.from({ length: 5 * 12 }, (_, i) => i % 251),
      labels: Int32Array.of(0, 1, 1, 0, 1),
      paths: ['p0', 'p1', 'p2', 'p3', 'p4'],
    };
    const f = firstImages(d, 3);
    expect(Array.from(f.labels)).toEqual([0, 1, 1]);
    expect(Array.from(f.images)).toEqual(Array.from(d.images.subarray(0, 36)));
    expect(f.images.buffer).not.toBe(d.images.buffer);
    expect(f.paths).toBeUndefined(); // file names stay on the page
    expect(firstImages(d, 100).labels.length).toBe(5);
  });
});

describe("step 6's caption", () => {
  it('says "All N" only when the whole split was mapped (the worker is told the split\'s size)', () => {
    expect(mappedCount({ count: 36, total: 36 }, 3000)).toBe('All 36');
    expect(mappedCount({ count: 3000, total: 10000 }, 3000)).toBe('The first 3,000');
    expect(mappedCount(null, 500)).toBe('The first 500');
  });
});

describe("step 6's perplexity", () => {
  it('is the setting, or what t-SNE could use on few points ((n − 1)/3, as computeAffinities takes it)', () => {
    expect(perplexityText(30, 1000)).toBe('30');
    expect(perplexityText(30, null)).toBe('30');
    expect(perplexityText(30, 36)).toBe('30 (11.7 used: at most a third of the other 35 points)');
  });
});
