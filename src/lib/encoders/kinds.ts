/**
 * Encoders are a seam, not a constant: every encoder the lab can use is a TensorFlow.js LayersModel from an
 * image [N, H, W, C] in [0, 1] to an embedding [N, d], with its kind in the model's metadata, so it is saved,
 * shipped, loaded, cached and probed the same way whatever it is:
 *
 *   pixels   the image itself, flattened (the honest floor: what a probe gets without any encoder)
 *   scatter  a fixed scattering transform (J = 2, L = 8) — no training at all (Tramèr & Boneh 2021)
 *   simclr   a network trained with SimCLR on public images, on pixels or over the scattering front end
 *   random   a SimCLR network with its initial, untrained weights (the contrast that shows what training adds)
 *
 * Any of them may end in a public-data projection (standardise + PCA whitening, `projection.ts`): a dense
 * layer named `public_projection` whose weights are stored with the encoder's files and whose fit is described
 * in the metadata.
 */
import * as tf from '@tensorflow/tfjs';
import type { Projection } from './projection.ts';
import { LogCompression } from './log-compression.ts';
import { Scattering2D } from './scatter.ts';

export type EncoderKind = 'pixels' | 'scatter' | 'simclr' | 'random';

export const ENCODER_KINDS: readonly EncoderKind[] = ['pixels', 'scatter', 'simclr', 'random'];

/** What the metadata of an encoder says about it (model.json `userDefinedMetadata.epsilonLab`). */
export interface EncoderMetadata {
  kind: EncoderKind;
  /** One line for people: what it is and what it was fitted or trained on. */
  description: string;
  projection?: {
    components: number;
    explainedVariance: number;
    fittedOn: string;
    ridge: number;
  };
  [extra: string]: unknown;
}

export function encoderMetadata(model: tf.LayersModel): EncoderMetadata | null {
  const meta = model.getUserDefinedMetadata() as { epsilonLab?: Partial<EncoderMetadata> } | undefined;
  const m = meta?.epsilonLab;
  if (!m) return null;
  // older shipped files say kind: 'simclr-encoder'
  const kind = m.kind === ('simclr-encoder' as string) ? 'simclr' : m.kind;
  if (!kind || !ENCODER_KINDS.includes(kind)) return null;
  return { ...m, kind, description: m.description ?? `${kind} encoder` };
}

function imageInput(size: number, channels: number): tf.SymbolicTensor {
  return tf.input({ shape: [size, size, channels], name: 'image' });
}

/** The image flattened: d = H·W·C. */
export function buildPixelsEncoder(size: number, channels: number): tf.LayersModel {
  const input = imageInput(size, channels);
  const flat = tf.layers.flatten({ name: 'embedding' }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: flat, name: 'pixels' });
  model.setUserDefinedMetadata({
    epsilonLab: {
      kind: 'pixels',
      description: `raw pixels (${size}×${size}×${channels} = ${size * size * channels} values)`,
    },
  });
  return model;
}

/**
 * The scattering transform flattened: d = 81·C·⌈H/4⌉·⌈W/4⌉ (3,969 for 28 × 28 × 1). With `logOffset` c, each
 * coefficient S becomes log(c + S) (`log-compression.ts`; the default encoder uses c = 1e-4). With `fine`, the
 * J = 1 scattering (orders 0 and 1 at ⌈H/2⌉ × ⌈W/2⌉: 9·C maps) is appended, log-compressed the same way:
 * d = 3,969 + 1,764 = 5,733 for 28 × 28 × 1 (the default encoder: finer detail for the classes that differ in
 * small parts, such as shirts and T-shirts).
 */
export function buildScatterEncoder(
  size: number,
  channels: number,
  options: { logOffset?: number; fine?: boolean } = {},
): tf.LayersModel {
  const input = imageInput(size, channels);
  const { logOffset, fine = false } = options;
  const branch = (J: 1 | 2, suffix: string) => {
    let maps = new Scattering2D({ J, name: `scatter${suffix}` }).apply(input) as tf.SymbolicTensor;
    if (logOffset !== undefined)
      maps = new LogCompression({ offset: logOffset, name: `log_compression${suffix}` }).apply(
        maps,
      ) as tf.SymbolicTensor;
    return maps;
  };
  let flat: tf.SymbolicTensor;
  if (!fine) flat = tf.layers.flatten({ name: 'embedding' }).apply(branch(2, '')) as tf.SymbolicTensor;
  else {
    const coarse = tf.layers.flatten({ name: 'scatter_flat' }).apply(branch(2, '')) as tf.SymbolicTensor;
    const finer = tf.layers
      .flatten({ name: 'scatter_fine_flat' })
      .apply(branch(1, '_fine')) as tf.SymbolicTensor;
    flat = tf.layers.concatenate({ name: 'embedding' }).apply([coarse, finer]) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: flat, name: 'scatter' });
  const log = logOffset === undefined ? '' : `, log-compressed (log(${logOffset} + S))`;
  const scales = fine ? ' with its J = 1 orders 0–1 at twice the resolution' : '';
  model.setUserDefinedMetadata({
    epsilonLab: {
      kind: 'scatter',
      description: `scattering transform (J = 2, L = 8 Morlet wavelets)${scales}${log}, fixed: no training`,
      ...(logOffset === undefined ? {} : { logOffset }),
      ...(fine ? { fine: true } : {}),
    },
  });
  return model;
}

/**
 * The encoder with `projection` appended as a frozen dense layer `public_projection` (d → k). The returned
 * model shares the encoder's layers; its metadata is the encoder's plus the projection's description.
 */
export function withProjection(
  encoder: tf.LayersModel,
  projection: Projection,
  fittedOn: string,
  ridge: number,
): tf.LayersModel {
  const dense = tf.layers.dense({
    units: projection.outputDim,
    name: 'public_projection',
    trainable: false,
  });
  const [features] = encoder.outputs;
  if (!features || encoder.outputs.length !== 1)
    throw new Error('an encoder to project has exactly one output');
  const out = dense.apply(features) as tf.SymbolicTensor;
  dense.setWeights([
    tf.tensor2d(projection.kernel, [projection.inputDim, projection.outputDim]),
    tf.tensor1d(projection.bias),
  ]);
  const model = tf.model({ inputs: encoder.inputs, outputs: out, name: `${encoder.name}_projected` });
  const base = encoderMetadata(encoder);
  model.setUserDefinedMetadata({
    epsilonLab: {
      ...(base ?? { kind: 'simclr', description: 'encoder' }),
      description: `${base?.description ?? 'encoder'}; standardised and PCA-whitened to ${projection.outputDim} dimensions on ${fittedOn} (no labels)`,
      projection: {
        components: projection.outputDim,
        explainedVariance: +projection.explainedVariance.toFixed(4),
        fittedOn,
        ridge,
      },
    },
  });
  return model;
}

/**
 * The embedding a SimCLR network over the scattering front end hands downstream: its learned embedding next
 * to the scattering coefficients it was computed from (d = 3,969 + width·2^(S−1) for 28 × 28 × 1), so the
 * learned part can only add to what the fixed front end already gives a linear probe.
 */
export function scatterAndLearnedReadout(encoder: tf.LayersModel): tf.LayersModel {
  const maps = encoder.getLayer('scatter').output as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'scatter_flat' }).apply(maps) as tf.SymbolicTensor;
  const learned = encoder.getLayer('embedding').output as tf.SymbolicTensor;
  const both = tf.layers
    .concatenate({ name: 'scatter_and_learned' })
    .apply([flat, learned]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: encoder.inputs, outputs: both, name: 'scatsimclr' });
  model.setUserDefinedMetadata(encoder.getUserDefinedMetadata() ?? {});
  return model;
}
