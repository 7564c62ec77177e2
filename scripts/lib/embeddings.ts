/**
 * Embeddings of a built-in dataset's private splits through an encoder (the shipped one, a checkpoint, or a
 * random one of the same architecture), cached in .cache/embeddings/ keyed by the encoder's weights.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { encoderOutputDim } from '../../src/lib/simclr/encoder.ts';
import { embedSetsParallel } from './parallel-embed.ts';
import { SHIPPED_SIMCLR_ARCHITECTURE } from '../../src/lib/simclr/config.ts';
import {
  buildEncoder,
  type EncoderConfig,
  type Readout,
  readoutModel,
} from '../../src/lib/simclr/encoder.ts';
import { ROOT, loadBuiltin, loadModelFiles } from './node-io.ts';
import { buildPixelsEncoder } from '../../src/lib/encoders/kinds.ts';
import { bundleSplit } from '../../src/lib/data/bundle.ts';
import type { ProbeData } from '../../src/lib/dp/probe-data.ts';

/** The private splits' embeddings (a ProbeData before normalisation) and where they came from. */
export interface SplitEmbeddings extends ProbeData {
  encoder: string;
  seconds: number;
}

/**
 * `encoder`: a model folder (relative to the repo: any encoder kind, e.g. the shipped scatter or SimCLR
 * encoders), "pixels" (the image itself), or "random" / "random:<folder>" (a SimCLR network of that folder's
 * architecture with its initial weights).
 */
export async function privateEmbeddings(
  encoder: string,
  datasetId = 'fashion-mnist',
  limit = Infinity,
  readout: Readout = 'gap',
): Promise<SplitEmbeddings> {
  const bundle = loadBuiltin(datasetId);
  const train = bundleSplit(bundle, 'private-train');
  const test = bundleSplit(bundle, 'private-test');
  const nTrain = Math.min(limit, train.labels.length);
  const nTest = Math.min(limit, test.labels.length);
  let model: tf.LayersModel;
  let key: string;
  if (encoder === 'pixels') {
    model = buildPixelsEncoder(train.width, train.channels);
    key = `pixels-${train.width}-${train.channels}`;
  } else if (encoder.startsWith('random')) {
    const from = encoder.split(':')[1] ?? 'public/models/fmnist-simclr';
    let config: EncoderConfig = SHIPPED_SIMCLR_ARCHITECTURE;
    const meta = join(ROOT, from, 'model.json');
    if (existsSync(meta)) {
      const json = JSON.parse(readFileSync(meta, 'utf8')) as {
        userDefinedMetadata?: { epsilonLab?: { encoder: EncoderConfig } };
      };
      config = json.userDefinedMetadata?.epsilonLab?.encoder ?? config;
    }
    model = buildEncoder(config);
    key = `random-${JSON.stringify(config)}`;
  } else {
    const dir = join(ROOT, encoder);
    model = await loadModelFiles(dir);
    const st = statSync(join(dir, 'weights.bin'));
    key = `${encoder}-${st.size}-${st.mtimeMs}`;
  }
  model = readoutModel(model, readout);
  key = createHash('sha256')
    .update(`${key}|${datasetId}|${nTrain}|${nTest}|${readout}`)
    .digest('hex')
    .slice(0, 16);
  const dim = encoderOutputDim(model);
  const cacheDir = join(ROOT, '.cache', 'embeddings');
  const file = join(cacheDir, `${key}.bin`);
  let seconds = 0;
  let all: Float32Array;
  if (existsSync(file)) {
    const buf = readFileSync(file);
    all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  } else {
    const started = performance.now();
    const [a = new Float32Array(), b = new Float32Array()] = await embedSetsParallel({
      encoder: model,
      sets: [
        { images: train.images, count: nTrain },
        { images: test.images, count: nTest },
      ],
      size: train.width,
      channels: train.channels,
    });
    seconds = (performance.now() - started) / 1000;
    all = new Float32Array(a.length + b.length);
    all.set(a);
    all.set(b, a.length);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, Buffer.from(all.buffer));
  }
  model.dispose();
  return {
    trainX: all.subarray(0, nTrain * dim),
    trainY: train.labels.subarray(0, nTrain),
    testX: all.subarray(nTrain * dim),
    testY: test.labels.subarray(0, nTest),
    dim,
    numClasses: train.classNames.length,
    encoder,
    seconds,
  };
}
