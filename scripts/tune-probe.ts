/**
 * npm run tune -- --encoder public/models/<name> [--lrs 1,2,4] [--clips 0.1,1] [--epsilons 0.5,1,3,8]
 *                 [--batch 8192[,1024…]] [--epochs 40] [--seeds 1,2,3] [--n 2000] [--dims 512,64,32]
 * How the probe's hyperparameters and the default encoder were chosen, on public data only: the Fashion-MNIST
 * public split (its labels may be used for tuning, as the README says) is split 8,000 / 2,000 (stratified,
 * fixed seed); the probe trains on the 8,000 and is scored on the 2,000. The private splits are never read.
 *
 * A DP run for the private set (N = 49,946, expected batch B, E epochs, δ = 1e-5) is simulated on the 8,000
 * public images with the same sampling rate q = B/N, the same number of steps, and the same noise on the mean
 * gradient (σ·C/B): the batch is scaled to B' = q·8,000 and σ to σ·B'/B. Prints one JSON line per setting.
 *
 * Small private data (`--n 2000 --dims 512,64,32 --batch 1024,256 --epochs 10 --lrs 2`): a private set of n
 * images is simulated by n public training images as they are (B capped at n, σ calibrated for q = B/n), and
 * each of `--dims` keeps the first that many features before L2 normalisation (`ProbeConfig.featureDims`). This
 * is how `featureDimsFor` in src/lib/dp/recipe.ts was chosen (seeds 1,2,3; n from 500 to 8,000).
 */
import { parseArgs } from 'node:util';
import { l2NormalizeRows } from '../src/lib/dp/features.ts';
import { DEFAULT_PROBE_CONFIG, type ProbeConfig, trainProbe } from '../src/lib/dp/train-probe.ts';
import { dpSgdSchedule } from '../src/lib/privacy/accountant.ts';
import { calibrateNoiseMultiplier } from '../src/lib/privacy/calibrate.ts';
import { buildPixelsEncoder } from '../src/lib/encoders/kinds.ts';
import { ROOT, loadBuiltin, loadModelFiles, startBackend } from './lib/node-io.ts';
import { embedImagesParallel } from './lib/parallel-embed.ts';
import { join } from 'node:path';
import { bundleSplit } from '../src/lib/data/bundle.ts';

const PRIVATE_N = 49_946;
const { values: args } = parseArgs({
  options: {
    encoder: { type: 'string', default: 'public/models/fmnist-scatter' },
    lrs: { type: 'string', default: '1,2,4' },
    clips: { type: 'string', default: '1' },
    epsilons: { type: 'string', default: 'none,0.5,1,3,8' },
    batch: { type: 'string', default: '8192' },
    epochs: { type: 'string', default: '40' },
    seeds: { type: 'string', default: '1' },
    n: { type: 'string' },
    dims: { type: 'string' },
  },
});
const list = (s: string | undefined) => s!.split(',').map((v) => (v === 'none' ? Infinity : Number(v)));

await startBackend('wasm');
const pub = bundleSplit(loadBuiltin('fashion-mnist'), 'public');
const n = pub.labels.length;
const model =
  args.encoder === 'pixels' ? buildPixelsEncoder(28, 1) : await loadModelFiles(join(ROOT, args.encoder));
const feats = await embedImagesParallel({
  encoder: model,
  images: pub.images,
  count: n,
  size: 28,
  channels: 1,
});
const dim = feats.length / n;

// stratified 8,000 / 2,000 split (200 validation images per class), fixed order
const perClass = new Map<number, number>();
const train: number[] = [];
const val: number[] = [];
for (let k = 0; k < n; k++) {
  const i = (k * 7919) % n; // a fixed permutation (7919 is prime and does not divide 10,000)
  const c = pub.labels[i]!;
  const seen = perClass.get(c) ?? 0;
  perClass.set(c, seen + 1);
  (seen < 200 ? val : train).push(i);
}
// the first k features of each image, then L2-normalised (as the lab's probe data: `probeDataOf`)
const rows = (ids: number[], k: number) => {
  const out = new Float32Array(ids.length * k);
  ids.forEach((i, r) => out.set(feats.subarray(i * dim, i * dim + k), r * k));
  return l2NormalizeRows(out, k);
};
const simulatedN = args.n === undefined ? null : Number(args.n);
if (simulatedN !== null && !(simulatedN > 0 && simulatedN <= train.length))
  throw new Error(`--n must be in 1…${train.length} (the public training images), got ${args.n}`);
const trainIds = simulatedN === null ? train : train.slice(0, simulatedN);
const dataFor = (k: number) => ({
  trainX: rows(trainIds, k),
  trainY: Int32Array.from(trainIds, (i) => pub.labels[i]!),
  testX: rows(val, k),
  testY: Int32Array.from(val, (i) => pub.labels[i]!),
  dim: k,
  numClasses: 10,
});

const epochs = Number(args.epochs);
for (const k of args.dims ? list(args.dims) : [dim]) {
  const data = dataFor(Math.min(k, dim));
  for (const batch of list(args.batch)) {
    // the private run (N = 49,946, B) simulated at its q, steps and noise on the mean gradient; or, with --n,
    // a private set of n images as it is
    const privateN = simulatedN ?? PRIVATE_N;
    const runBatch = Math.min(batch, privateN);
    const scaledBatch = simulatedN === null ? Math.round((batch * train.length) / PRIVATE_N) : runBatch;
    const { sampleRate, steps } = dpSgdSchedule({ datasetSize: privateN, batchSize: runBatch, epochs });
    for (const clipNorm of list(args.clips))
      for (const learningRate of list(args.lrs))
        for (const epsilon of list(args.epsilons)) {
          const accuracies: number[] = [];
          for (const seed of list(args.seeds)) {
            const base: ProbeConfig = {
              ...DEFAULT_PROBE_CONFIG,
              expectedBatchSize: scaledBatch,
              epochs,
              learningRate,
              clipNorm,
              seed,
              delta: 1e-5,
            };
            let config: ProbeConfig = { ...base, privacy: null };
            if (Number.isFinite(epsilon)) {
              const sigma = calibrateNoiseMultiplier({
                targetEpsilon: epsilon,
                sampleRate,
                steps,
                delta: 1e-5,
              });
              config = {
                ...base,
                privacy: {
                  kind: 'fixed-sigma',
                  noiseMultiplier: (sigma.noiseMultiplier * scaledBatch) / runBatch,
                },
              };
            }
            accuracies.push((await trainProbe({ data, config })).testAccuracy);
          }
          const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
          console.log(
            JSON.stringify({
              encoder: args.encoder,
              dim: data.dim,
              ...(simulatedN === null ? {} : { n: simulatedN }),
              epsilon: Number.isFinite(epsilon) ? epsilon : 'non-private',
              clipNorm,
              learningRate,
              batch: runBatch,
              epochs,
              validation_accuracy: +mean.toFixed(4),
            }),
          );
        }
  }
}
