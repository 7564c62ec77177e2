import { beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { buildScatterEncoder } from '../../src/lib/encoders/kinds.ts';
import { blobImage } from '../../src/lib/encoders/fixtures.ts';
import { embedImages, encoderOutputDim } from '../../src/lib/simclr/encoder.ts';
import { startBackend } from './node-io.ts';
import { embedImagesParallel, embedSetsParallel, embedThreads } from './parallel-embed.ts';

beforeAll(async () => {
  await startBackend('wasm');
});

function images(n: number): Uint8Array {
  const out = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) blobImage(3 + i).forEach((v, p) => (out[i * 784 + p] = Math.round(255 * v)));
  return out;
}

describe('embedImagesParallel', () => {
  it('gives, in worker threads, exactly the embeddings of one thread, in image order', async () => {
    const encoder = buildScatterEncoder(28, 1, { logOffset: 1e-4 });
    const n = 7; // uneven slices: 2, 2, 3
    const x = images(n);
    const one = await embedImages({ encoder, images: x, count: n, size: 28, channels: 1 });
    const seen: number[] = [];
    const three = await embedImagesParallel({
      encoder,
      images: x,
      count: n,
      size: 28,
      channels: 1,
      threads: 3,
      onProgress: (done) => seen.push(done),
    });
    expect(three.length).toBe(n * 3969);
    expect(Array.from(three)).toEqual(Array.from(one));
    expect(seen.at(-1)).toBe(n);
    encoder.dispose();
  });

  it('rejects with the thread’s error when a thread fails', async () => {
    const encoder = buildScatterEncoder(28, 1);
    // 4 images claimed, 3 given: the second thread cannot build its tensor
    await expect(
      embedImagesParallel({ encoder, images: images(3), count: 4, size: 28, channels: 1, threads: 2 }),
    ).rejects.toThrow(/shape|values/i);
    encoder.dispose();
  });

  it('uses one thread for small jobs, at most one per 2,048 images, and EPSILON_LAB_EMBED_THREADS when set', () => {
    expect(embedThreads(100)).toBe(1);
    const before = process.env['EPSILON_LAB_EMBED_THREADS'];
    try {
      process.env['EPSILON_LAB_EMBED_THREADS'] = '3';
      expect(embedThreads(1e6)).toBe(3);
      expect(embedThreads(5000)).toBe(2);
      process.env['EPSILON_LAB_EMBED_THREADS'] = 'many';
      expect(embedThreads(1e6)).toBe(Math.min(8, availableParallelism()));
    } finally {
      if (before === undefined) delete process.env['EPSILON_LAB_EMBED_THREADS'];
      else process.env['EPSILON_LAB_EMBED_THREADS'] = before;
    }
  });
});

describe('embedSetsParallel', () => {
  it('embeds several sets in one pool of threads: each set’s embeddings are those of one thread', async () => {
    const encoder = buildScatterEncoder(28, 1, { logOffset: 1e-4, fine: true });
    const all = images(7);
    const first = all.slice(0, 4 * 784);
    const second = all.slice(4 * 784);
    const one = await embedImages({ encoder, images: all, count: 7, size: 28, channels: 1 });
    const [a, b] = await embedSetsParallel({
      encoder,
      sets: [
        { images: first, count: 4 },
        { images: second, count: 3 },
      ],
      size: 28,
      channels: 1,
      threads: 2, // the thread boundary (after image 3) is not the sets' boundary (after image 4)
    });
    const dim = encoderOutputDim(encoder);
    expect(a!.length).toBe(4 * dim);
    expect(b!.length).toBe(3 * dim);
    expect(Array.from(a!)).toEqual(Array.from(one.subarray(0, 4 * dim)));
    expect(Array.from(b!)).toEqual(Array.from(one.subarray(4 * dim)));
    encoder.dispose();
  });

  it('refuses a set that holds fewer values than it claims images', async () => {
    const encoder = buildScatterEncoder(28, 1);
    await expect(
      embedSetsParallel({ encoder, sets: [{ images: images(2), count: 3 }], size: 28, channels: 1 }),
    ).rejects.toThrow(/claims 3 images of 784 values but holds 1568/);
    encoder.dispose();
  });
});
