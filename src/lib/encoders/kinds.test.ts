import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_ENCODER, buildEncoder } from '../simclr/encoder';
import {
  buildPixelsEncoder,
  buildScatterEncoder,
  encoderMetadata,
  scatterAndLearnedReadout,
  withProjection,
} from './kinds';
import { applyProjection, fitProjection } from './projection';
import { Scattering2D } from './scatter';
import { blobImage } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('encoder kinds', () => {
  const images = (n: number) => {
    const out = new Float32Array(n * 784);
    for (let i = 0; i < n; i++) out.set(blobImage(10 + i), i * 784);
    return tf.tensor4d(out, [n, 28, 28, 1]);
  };

  it('each kind builds, embeds a few images with its documented size, says its kind, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const x = images(3);
    const cases: [tf.LayersModel, number, string][] = [
      [buildPixelsEncoder(28, 1), 784, 'pixels'],
      [buildScatterEncoder(28, 1), 3969, 'scatter'],
      [buildScatterEncoder(28, 1, { logOffset: 1e-4, fine: true }), 3969 + 1764, 'scatter'],
      [buildEncoder({ ...DEFAULT_ENCODER, width: 8, stages: 2, groups: 4 }), 16, 'none'],
    ];
    for (const [model, dim, kind] of cases) {
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([3, dim]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      y.dispose();
      expect(encoderMetadata(model)?.kind ?? 'none').toBe(kind);
      model.dispose();
    }
    // pixels are the image itself
    const px = buildPixelsEncoder(28, 1);
    const flat = px.predict(x) as tf.Tensor;
    expect(Array.from(flat.dataSync().slice(0, 784))).toEqual(Array.from(x.dataSync().slice(0, 784)));
    flat.dispose();
    px.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a projection appended to an encoder gives the same numbers as applying it by hand, and says so', () => {
    const model = buildScatterEncoder(28, 1);
    const x = images(6);
    const feats = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const p = fitProjection({ features: Float32Array.from(feats), dim: 3969, components: 3, iterations: 2 });
    const projected = withProjection(model, p, 'six test images', 0);
    const y = projected.predict(x) as tf.Tensor;
    const want = applyProjection(p, feats);
    const got = y.dataSync();
    for (let i = 0; i < want.length; i++) expect(got[i]!).toBeCloseTo(want[i]!, 2);
    const meta = encoderMetadata(projected)!;
    expect(meta.kind).toBe('scatter');
    expect(meta.projection).toMatchObject({ components: 3, fittedOn: 'six test images' });
    tf.dispose([x, y]);
    projected.dispose();
  });

  it('with fine: [log of the J = 2 coefficients, log of the J = 1 coefficients], each as its own layer gives it', () => {
    const model = buildScatterEncoder(28, 1, { logOffset: 1e-4, fine: true });
    const x = images(2);
    const y = (model.predict(x) as tf.Tensor).dataSync();
    const parts = [new Scattering2D(), new Scattering2D({ J: 1 })].map((layer) => {
      const s = layer.apply(x) as tf.Tensor;
      const out = s.reshape([2, -1]).dataSync();
      tf.dispose(s);
      layer.dispose();
      return out;
    });
    const d = 3969 + 1764;
    const log = (v: number) => Math.log(1e-4 + Math.max(0, v));
    let worst = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3969; j++)
        worst = Math.max(worst, Math.abs(y[i * d + j]! - log(parts[0]![i * 3969 + j]!)));
      for (let j = 0; j < 1764; j++)
        worst = Math.max(worst, Math.abs(y[i * d + 3969 + j]! - log(parts[1]![i * 1764 + j]!)));
    }
    expect(worst).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
  });

  it('a SimCLR network over the scattering front end hands down [coefficients, learned embedding]', () => {
    const enc = buildEncoder({ ...DEFAULT_ENCODER, width: 8, stages: 2, groups: 4, frontEnd: 'scatter' });
    const readout = scatterAndLearnedReadout(enc);
    const x = images(2);
    const y = readout.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3969 + 16]);
    tf.dispose([x, y]);
    readout.dispose();
  });
});
