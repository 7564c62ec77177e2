/**
 * Model files from a user (Load model files) are untrusted input. Before tfjs builds anything from them:
 * model.json must parse and be small, every layer must be one of the classes this lab builds, the weight
 * manifest may hold at most MAX_MODEL_PARAMS float32 values, and the weights file must be exactly as long as
 * the manifest says. (tfjs would otherwise allocate whatever shapes the file declares, and accept any
 * registered layer class.) The embedding-output check needs the built model: see workers/shared/model-files.ts.
 */
export const MAX_MODEL_JSON_BYTES = 10 * 1024 * 1024;
export const MAX_MODEL_PARAMS = 20_000_000;

/** The layer classes the lab's encoders and probes are made of (containers: Model, Functional, Sequential). */
export const ALLOWED_LAYER_CLASSES = new Set([
  'InputLayer',
  'Conv2D',
  'Dense',
  'Add',
  'ReLU',
  'GlobalAveragePooling2D',
  'Flatten',
  'GroupNorm',
  'Scattering2D',
  'LogCompression',
  'Concatenate',
]);
const CONTAINERS = new Set(['Model', 'Functional', 'Sequential']);

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

export interface CheckedModel {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  params: number;
}

interface LayerJson {
  class_name?: unknown;
  config?: { layers?: unknown };
}

function checkLayers(layers: unknown, where: string): void {
  if (!Array.isArray(layers)) throw new Error(`${where} has no list of layers`);
  for (const l of layers as LayerJson[]) {
    const cls = typeof l?.class_name === 'string' ? l.class_name : '(none)';
    if (CONTAINERS.has(cls)) checkLayers(l.config?.layers, `the nested model in ${where}`);
    else if (!ALLOWED_LAYER_CLASSES.has(cls))
      throw new Error(
        `it uses a layer of class ${cls.slice(0, 60)}, which this lab does not build (allowed: ${[...ALLOWED_LAYER_CLASSES].join(', ')})`,
      );
  }
}

function isFloat16(q: unknown): boolean {
  return typeof q === 'object' && q !== null && (q as { dtype?: unknown }).dtype === 'float16';
}

export function checkModelFiles(modelJson: string, weightBytes: number): CheckedModel {
  if (modelJson.length > MAX_MODEL_JSON_BYTES)
    throw new Error(`model.json is ${(modelJson.length / 1e6).toFixed(1)} MB, more than a lab model needs`);
  let json: { modelTopology?: LayerJson & { model_config?: LayerJson }; weightsManifest?: unknown };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (e) {
    throw new Error(`model.json is not JSON (${(e as Error).message})`);
  }
  const topo = json?.modelTopology;
  if (!topo || typeof topo !== 'object') throw new Error('model.json has no modelTopology');
  // Saved by tfjs: {class_name: 'Model', config: {layers}} or Keras-style {model_config: {…}}.
  const root = topo.model_config ?? topo;
  if (!CONTAINERS.has(String(root.class_name)))
    throw new Error('model.json does not describe a layers model');
  checkLayers(root.config?.layers, 'model.json');
  if (!Array.isArray(json.weightsManifest)) throw new Error('model.json has no weightsManifest');
  const weightSpecs: WeightSpec[] = [];
  for (const group of json.weightsManifest as { weights?: unknown }[]) {
    if (!Array.isArray(group?.weights)) throw new Error('a weightsManifest group has no weights');
    weightSpecs.push(...(group.weights as WeightSpec[]));
  }
  let params = 0;
  let bytes = 0;
  for (const w of weightSpecs) {
    if (typeof w?.name !== 'string' || !Array.isArray(w.shape))
      throw new Error('a weight has no name or shape');
    // float32, or float32 stored at half precision (the lab's own frozen projections: tfjs decodes them)
    const half = isFloat16(w.quantization);
    if (w.dtype !== 'float32' || (w.quantization && !half))
      throw new Error(
        `weight ${w.name.slice(0, 80)} is ${String(w.dtype)}${w.quantization ? ' (quantised)' : ''}; only float32 (or float32 stored as float16) is accepted`,
      );
    let n = 1;
    for (const d of w.shape) {
      if (!Number.isInteger(d) || d < 0)
        throw new Error(`weight ${w.name.slice(0, 80)} has an invalid shape`);
      n *= d;
    }
    params += n;
    bytes += n * (half ? 2 : 4);
    if (params > MAX_MODEL_PARAMS)
      throw new Error(
        `it has more than ${MAX_MODEL_PARAMS.toLocaleString('en')} parameters; a lab encoder has far fewer`,
      );
  }
  if (weightBytes !== bytes)
    throw new Error(
      `the weights file holds ${weightBytes.toLocaleString('en')} bytes, the manifest needs ${bytes.toLocaleString('en')}`,
    );
  return { modelTopology: topo, weightSpecs, params };
}
