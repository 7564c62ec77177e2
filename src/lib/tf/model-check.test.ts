import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_MODEL_PARAMS, checkModelFiles } from './model-check';

const shipped = readFileSync('public/models/fmnist-simclr/model.json', 'utf8');
const shippedBytes = readFileSync('public/models/fmnist-simclr/weights.bin').byteLength;

/** A one-layer model.json with the given layer class and weight shapes. */
function modelJson(layerClass: string, shapes: number[][], dtype = 'float32', quantization?: object): string {
  return JSON.stringify({
    modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: layerClass, config: {} }] } },
    weightsManifest: [
      {
        paths: ['w.bin'],
        weights: shapes.map((shape, i) => ({
          name: `w${i}`,
          shape,
          dtype,
          ...(quantization ? { quantization } : {}),
        })),
      },
    ],
  });
}

describe('checkModelFiles (untrusted Load model files)', () => {
  it('accepts every shipped encoder and counts its parameters (4 bytes each = the weights file)', () => {
    const c = checkModelFiles(shipped, shippedBytes);
    expect(c.params * 4).toBe(shippedBytes);
    expect(c.weightSpecs.length).toBeGreaterThan(0);
    // the default (scattering at two scales, its log, the public projection stored as float16): a user may
    // save and load it back
    const scatter = readFileSync('public/models/fmnist-scatter/model.json', 'utf8');
    expect(scatter).toContain('"LogCompression"');
    const bytes = readFileSync('public/models/fmnist-scatter/weights.bin').byteLength;
    const s = checkModelFiles(scatter, bytes);
    expect(s.params).toBe((3969 + 1764) * 512 + 512);
    expect(bytes).toBe(s.params * 2);
  });

  it('refuses layer classes the lab does not build, also inside nested models', () => {
    expect(() => checkModelFiles(modelJson('Lambda', []), 0)).toThrow(
      /layer of class Lambda, which this lab does not build/,
    );
    const nested = JSON.stringify({
      modelTopology: {
        class_name: 'Model',
        config: { layers: [{ class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM' }] } }] },
      },
      weightsManifest: [],
    });
    expect(() => checkModelFiles(nested, 0)).toThrow(/class LSTM/);
  });

  it('caps the parameter count before anything is allocated, and needs float32 weights of the declared length', () => {
    const huge = modelJson('Dense', [[100_000, 100_000]]);
    expect(() => checkModelFiles(huge, 0)).toThrow(
      `more than ${MAX_MODEL_PARAMS.toLocaleString('en')} parameters`,
    );
    expect(() => checkModelFiles(modelJson('Dense', [[3, 2]], 'int32'), 24)).toThrow(
      'only float32 (or float32 stored as float16) is accepted',
    );
    // float16 storage: 2 bytes a value; other quantisations are refused
    expect(
      checkModelFiles(modelJson('Dense', [[3, 2], [2]], 'float32', { dtype: 'float16' }), 16).params,
    ).toBe(8);
    expect(() =>
      checkModelFiles(modelJson('Dense', [[3, 2], [2]], 'float32', { dtype: 'float16' }), 32),
    ).toThrow('the weights file holds 32 bytes, the manifest needs 16');
    expect(() =>
      checkModelFiles(modelJson('Dense', [[3, 2]], 'float32', { dtype: 'uint8', min: 0, scale: 1 }), 6),
    ).toThrow('(quantised)');
    expect(() => checkModelFiles(modelJson('Dense', [[3, 2], [2]]), 30)).toThrow(
      'the weights file holds 30 bytes, the manifest needs 32',
    );
    expect(checkModelFiles(modelJson('Dense', [[3, 2], [2]]), 32).params).toBe(8);
    expect(() => checkModelFiles(modelJson('Dense', [[3, -2]]), 0)).toThrow('invalid shape');
  });

  it('refuses what is not a layers model', () => {
    expect(() => checkModelFiles('{not json', 0)).toThrow(/model.json is not JSON/);
    expect(() => checkModelFiles('{}', 0)).toThrow('model.json has no modelTopology');
    expect(() => checkModelFiles(JSON.stringify({ modelTopology: { node: [] } }), 0)).toThrow(
      'does not describe a layers model',
    );
  });
});
