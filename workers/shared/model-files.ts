/**
 * TensorFlow.js layers models as plain data that can cross a worker boundary (model.json text + one weights
 * buffer), and back. Shared by the pretraining, probe and t-SNE workers.
 */
import * as tf from '@tensorflow/tfjs';

export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/** A model from a URL (relative to the worker) or from model files. */
export function loadModel(src: { url: string } | ModelFiles): Promise<tf.LayersModel> {
  if ('url' in src) return tf.loadLayersModel(new URL(src.url, self.location.href).href);
  const json = JSON.parse(src.modelJson) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: src.weights,
    }),
  );
}

/** model.json (standard layout, one weights.bin) and its weights. */
export async function modelToFiles(model: tf.LayersModel): Promise<ModelFiles> {
  let out: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = {
        modelJson: JSON.stringify({
          modelTopology: a.modelTopology,
          format: a.format ?? 'layers-model',
          generatedBy: a.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
          userDefinedMetadata: a.userDefinedMetadata,
        }),
        weights: a.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}
