import { describe, expect, it } from 'vitest';
import { decodeEmbeddingsFile, encodeEmbeddingsFile, readEmbeddingsHeader } from './embeddings-file';

const file = () => {
  const dim = 3;
  return {
    header: {
      dataset: 'fashion-mnist',
      encoderKey: 'k1',
      dataKey: 'd1',
      encoder: 'fmnist-scatter',
      dim,
      train: 4,
      test: 2,
      meta: { é: 'ü' },
    },
    trainX: Float32Array.from({ length: 12 }, (_, i) => i / 7),
    testX: Float32Array.from({ length: 6 }, (_, i) => -i),
    trainY: Int32Array.of(0, 1, 2, 9),
    testY: Int32Array.of(5, 4),
  };
};

describe('the shipped embeddings file', () => {
  it('reads back exactly what it wrote (a non-ASCII header keeps the arrays 4-byte aligned)', () => {
    const bytes = encodeEmbeddingsFile(file());
    const back = decodeEmbeddingsFile(bytes);
    expect(back.header).toEqual(file().header);
    expect(Array.from(back.trainX)).toEqual(Array.from(file().trainX));
    expect(Array.from(back.testX)).toEqual(Array.from(file().testX));
    expect(Array.from(back.trainY)).toEqual([0, 1, 2, 9]);
    expect(Array.from(back.testY)).toEqual([5, 4]);
    // also from an unaligned view of the same bytes
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeEmbeddingsFile(shifted.subarray(1)).trainX)).toEqual(Array.from(file().trainX));
  });

  it('refuses truncated, padded or foreign bytes with the reason', () => {
    const bytes = encodeEmbeddingsFile(file());
    expect(() => decodeEmbeddingsFile(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated or padded/);
    expect(() => decodeEmbeddingsFile(new Uint8Array(40))).toThrow(/not an Epsilon Lab embeddings file/);
    expect(readEmbeddingsHeader(new TextEncoder().encode('EPSL....'))).toBeNull();
    expect(readEmbeddingsHeader(bytes)?.encoderKey).toBe('k1');
  });

  it('refuses to write arrays that do not match the header', () => {
    expect(() => encodeEmbeddingsFile({ ...file(), trainX: new Float32Array(11) })).toThrow(/train·dim/);
    expect(() => encodeEmbeddingsFile({ ...file(), testY: Int32Array.of(1) })).toThrow(/labels/);
  });
});
