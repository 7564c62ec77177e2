import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LogCompression } from './log-compression';
import { buildScatterEncoder, encoderMetadata } from './kinds';
import { blobImage } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LogCompression', () => {
  it('computes log(c + max(x, 0)) elementwise and keeps the shape', () => {
    const layer = new LogCompression({ offset: 1e-4 });
    const values = [-1, -1e-9, 0, 1e-6, 1e-4, 0.01, 0.5, 3];
    const x = tf.tensor4d(values, [1, 2, 2, 2]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 2, 2, 2]);
    const got = y.dataSync();
    values.forEach((v, i) => expect(got[i]!).toBeCloseTo(Math.log(1e-4 + Math.max(v, 0)), 5));
    // the floor: every non-positive coefficient maps to log c
    expect(got[0]).toBeCloseTo(Math.log(1e-4), 6);
    tf.dispose([x, y]);
  });

  it('refuses an offset that is not a positive number', () => {
    for (const offset of [0, -1, NaN, Infinity])
      expect(() => new LogCompression({ offset })).toThrow(/offset/);
  });

  it('a log-scattering encoder says so, round-trips through its files with the same output, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const model = buildScatterEncoder(28, 1, { logOffset: 1e-4 });
    const meta = encoderMetadata(model)!;
    expect(meta.kind).toBe('scatter');
    expect(meta['logOffset']).toBe(1e-4);
    expect(meta.description).toMatch(/log\(0\.0001 \+ S\)/);
    const x = tf.tensor4d(Float32Array.from([...blobImage(3), ...blobImage(4)]), [2, 28, 28, 1]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3969]);
    // the log of the plain scattering coefficients, coefficient by coefficient
    const plain = buildScatterEncoder(28, 1);
    const s = plain.predict(x) as tf.Tensor;
    const sv = s.dataSync();
    const yv = y.dataSync();
    for (let i = 0; i < sv.length; i += 97)
      expect(yv[i]!).toBeCloseTo(Math.log(1e-4 + Math.max(0, sv[i]!)), 4);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler((a) => {
        artifacts = a;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
    );
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('"LogCompression"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const z = loaded.predict(x) as tf.Tensor;
    expect(Array.from(z.dataSync())).toEqual(Array.from(yv));
    tf.dispose([x, y, s, z]);
    [model, plain, loaded].forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
