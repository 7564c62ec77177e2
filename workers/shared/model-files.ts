/**
 * TensorFlow.js layers models as plain data that can cross a worker boundary (model.json text + one weights
 * buffer), and back. Shared by the pretraining, probe and t-SNE workers.
 */
import * as tf from '@tensorflow/tfjs';
import { allFiniteTensors } from '../../src/lib/tf/finite';
import { checkModelFiles } from '../../src/lib/tf/model-check';
import { modelArtifacts, modelJsonText } from '../../src/lib/tf/model-artifacts';

export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/**
 * A model from a URL (relative to the worker; the lab's own files) or from model files (untrusted: checked by
 * checkModelFiles before tfjs sees them, and the built model must map an image to a 2-D embedding, [batch, d]).
 * Whatever is built is disposed on every error path.
 */
export async function loadModel(src: { url: string } | ModelFiles): Promise<tf.LayersModel> {
  if ('url' in src) return tf.loadLayersModel(new URL(src.url, self.location.href).href);
  let checked;
  try {
    checked = checkModelFiles(src.modelJson, src.weights.byteLength);
  } catch (e) {
    throw new Error(`the model files were refused: ${(e as Error).message}`);
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: checked.modelTopology,
      weightSpecs: checked.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: src.weights,
    }),
  );
  try {
    const out = model.outputs;
    if (out.length !== 1 || out[0]!.shape.length !== 2)
      throw new Error(
        `the model files were refused: the model's output is ${out.map((o) => `[${o.shape.join(', ')}]`).join(' and ')}, not one 2-D embedding [batch, d]`,
      );
    if (!(await allFinite(model)))
      throw new Error('the model files were refused: some weights are NaN or infinite');
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Whether every weight of the model is a finite number (never save or offer one that is not). */
export function allFinite(model: tf.LayersModel): Promise<boolean> {
  return allFiniteTensors(model.getWeights());
}

/** model.json (standard layout, one weights.bin) and its weights. */
export async function modelToFiles(model: tf.LayersModel): Promise<ModelFiles> {
  const artifacts = await modelArtifacts(model);
  return { modelJson: modelJsonText(artifacts), weights: artifacts.weightData };
}
