import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelArtifacts, modelJsonText } from './model-artifacts';

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const hidden = tf.layers
    .dense({ units: 4, activation: 'relu', kernelInitializer: 'glorotNormal' })
    .apply(input);
  const out = tf.layers.dense({ units: 2, biasInitializer: 'ones' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('modelArtifacts and modelJsonText', () => {
  it('give one weights buffer and a model.json that load back to the same model', async () => {
    const model = smallModel();
    const a = await modelArtifacts(model);
    // 3·4 + 4 + 4·2 + 2 float32 values in one buffer
    expect(a.weightData.byteLength).toBe(4 * 26);
    const json = JSON.parse(modelJsonText(a)) as {
      format: string;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      modelTopology: object;
    };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights.map((w) => w.shape)).toEqual([[3, 4], [4], [4, 2], [2]]);
    const back = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: a.weightData,
      }),
    );
    const x = tf.tensor2d([
      [1, -2, 0.5],
      [0, 3, -1],
    ]);
    const want = model.predict(x) as tf.Tensor;
    const got = back.predict(x) as tf.Tensor;
    expect(Array.from(await got.data())).toEqual(Array.from(await want.data()));
    tf.dispose([x, want, got]);
    model.dispose();
    back.dispose();
  });
});
