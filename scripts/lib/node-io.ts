/** Node-only helpers for the command-line tools: read the built-in bundles, save/load tfjs models as files. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type Bundle, decodeBundle } from '../../src/lib/data/bundle.ts';
import { builtinDataset } from '../../src/lib/data/builtin.ts';
import { registerWasmTrainingKernels } from '../../src/lib/tf/wasm-kernels.ts';
import { float16Bits } from '../../src/lib/tf/float16.ts';
import { modelArtifacts, modelJsonText } from '../../src/lib/tf/model-artifacts.ts';
// layer classes that shipped encoders contain (registered for loadModelFiles)
import '../../src/lib/encoders/scatter.ts';
import '../../src/lib/simclr/group-norm.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadBuiltin(id: string): Bundle {
  const path = join(ROOT, 'public', builtinDataset(id).file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run prepare-data" first`);
  const buf = readFileSync(path);
  return decodeBundle(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

/** Start tfjs on `backend` (wasm by default: ~14× faster than cpu here, with our Conv2DBackpropFilter). */
export async function startBackend(backend = 'wasm'): Promise<string> {
  if (backend === 'wasm') registerWasmTrainingKernels();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" did not start`);
  await tf.ready();
  return tf.getBackend();
}

/**
 * Save a LayersModel as model.json + weights.bin in `dir` (the standard tfjs file layout). With `float16`, every
 * float32 weight is stored at half precision (tfjs's float16 weight quantisation, decoded to float32 on load):
 * half the bytes, 3 significant digits.
 */
export async function saveModelFiles(
  model: tf.LayersModel,
  dir: string,
  options: { float16?: boolean } = {},
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const artifacts = await modelArtifacts(model);
  let weights = artifacts.weightData;
  if (options.float16) {
    const specs = artifacts.weightSpecs ?? [];
    if (specs.some((s) => s.dtype !== 'float32' || s.quantization))
      throw new Error('float16 storage needs float32 weights only');
    const half = float16Bits(new Float32Array(weights));
    weights = half.buffer as ArrayBuffer;
    artifacts.weightSpecs = specs.map((s) => ({ ...s, quantization: { dtype: 'float16' } }));
  }
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(weights));
  writeFileSync(join(dir, 'model.json'), modelJsonText(artifacts));
}

export async function loadModelFiles(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: Record<string, unknown>;
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData,
      ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
    }),
  );
  return model;
}
