/**
 * A LayersModel as tfjs's own save artifacts (topology, weight specs, one weights buffer) and as the standard
 * model.json text of a folder with one weights.bin: what the Node scripts write as files and the workers hand
 * across a worker boundary, built in one place so both write the same model.json.
 */
import * as tf from '@tensorflow/tfjs';

/** The model's save artifacts, its weights joined into one buffer (tfjs may hand them over in several). */
export async function modelArtifacts(
  model: tf.LayersModel,
): Promise<tf.io.ModelArtifacts & { weightData: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      saved = artifacts;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  const artifacts: tf.io.ModelArtifacts = saved!;
  return { ...artifacts, weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData) };
}

/** model.json for these artifacts with their weights stored as one file, weights.bin (tfjs's standard layout). */
export function modelJsonText(artifacts: tf.io.ModelArtifacts): string {
  return JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  });
}
