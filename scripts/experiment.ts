/**
 * npm run experiment -- --config file.json [--backend wasm|cpu]
 * Runs the lab's embedding + probe code (src/lib) in Node on a built-in dataset and prints one JSON object.
 * Config (every key optional; see scripts/experiments/*.json):
 *   dataset ("fashion-mnist"), encoder (model folder, or "random"), normalisation ("l2" | "none"),
 *   limit (use only the first N train/test images), probe (ProbeConfig fields; δ defaults to 1/(10·N) rounded
 *   down to a power of ten and δ ≥ 1/N is refused; seed defaults to null: crypto noise), runs ([{label, ...ProbeConfig}]),
 *   sweep ({kind: "sigma" | "target-epsilon", values, seeds, learningRate?: "by-epsilon"}: "by-epsilon" takes
 *   each point's learning rate from the public-data recipe, src/lib/dp/recipe.ts), baselines ({majority,
 *   nonPrivate, randomEncoder}), nonPrivateProbe (ProbeConfig fields for the non-private baseline: its own
 *   converged recipe; the same-settings non-private accuracy is reported beside it; mean and std over
 *   nonPrivateSeeds, by default the sweep's seeds), compare (more encoders —
 *   "pixels", "random", model folders — each given the same sweep and non-private baseline: the rows of the
 *   README's encoder table).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toJson } from '../src/lib/json-numbers.ts';
import { majorityBaseline, type FeatureNormalisation } from '../src/lib/dp/features.ts';
import { type SweepPoint, type SweepSpec, runSweep, summarise } from '../src/lib/dp/sweep.ts';
import { learningRateForEpsilon } from '../src/lib/dp/recipe.ts';
import {
  DEFAULT_PROBE_CONFIG,
  type ProbeConfig,
  type ProbeData,
  type ProbeResult,
  probeDataOf,
  resolveDelta,
  trainProbe,
} from '../src/lib/dp/train-probe.ts';
import { builtinCount, builtinDataset } from '../src/lib/data/builtin.ts';
import { privateEmbeddings } from './lib/embeddings.ts';
import type { Readout } from '../src/lib/simclr/encoder.ts';
import { startBackend } from './lib/node-io.ts';

export interface ExperimentConfig {
  dataset?: string;
  encoder?: string;
  normalisation?: FeatureNormalisation;
  /** 'gap' (the encoder output) or 'grid2' (its last feature map pooled over 2×2 regions). */
  readout?: Readout;
  limit?: number | null;
  probe?: Partial<ProbeConfig>;
  runs?: (Partial<ProbeConfig> & { label?: string })[];
  sweep?: SweepSpec & { learningRate?: 'by-epsilon' };
  baselines?: { majority?: boolean; nonPrivate?: boolean; randomEncoder?: boolean };
  nonPrivateProbe?: Partial<ProbeConfig>;
  nonPrivateSeeds?: number[];
  compare?: string[];
}

export function summariseRun(r: ProbeResult, label?: string) {
  return {
    ...(label ? { label } : {}),
    private: r.private,
    noiseMultiplier: r.noiseMultiplier,
    sampleRate: r.sampleRate,
    steps: r.steps,
    epsilon: r.epsilon,
    delta: r.delta,
    testAccuracy: r.testAccuracy,
    stopReason: r.stopReason,
    seconds: +r.seconds.toFixed(2),
    curve: r.metrics.map((m) => ({
      epoch: m.epoch,
      epsilon: m.epsilon,
      testAccuracy: m.testAccuracy,
      trainLoss: m.trainLoss,
    })),
  };
}

export async function runExperiment(config: ExperimentConfig, log: (line: string) => void = () => {}) {
  const started = performance.now();
  const dataset = config.dataset ?? 'fashion-mnist';
  const encoder = config.encoder ?? 'public/models/fmnist-simclr';
  const normalisation = config.normalisation ?? 'l2';
  const limit = config.limit ?? Infinity;
  // Configs written for the old `private` flag would otherwise train a DP run where they asked for none.
  for (const p of [config.probe, config.nonPrivateProbe, ...(config.runs ?? [])])
    if (p && 'private' in p)
      throw new Error('probe settings have no "private" flag any more: a non-private run is "privacy": null');
  const given: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, ...config.probe };
  // δ as in the lab: 1/(10·N) rounded down to a power of ten unless given; δ ≥ 1/N refused before any work.
  const n = Math.min(limit, builtinCount(builtinDataset(dataset), 'private-train'));
  const base: ProbeConfig = { ...given, delta: resolveDelta(given.delta, n) };
  const baselines = { majority: true, nonPrivate: true, randomEncoder: false, ...config.baselines };
  const readout = config.readout ?? 'gap';
  const emb = await privateEmbeddings(encoder, dataset, limit, readout);
  log(
    `embeddings ${encoder}: ${emb.trainY.length} + ${emb.testY.length} × ${emb.dim}${emb.seconds ? ` in ${emb.seconds.toFixed(1)} s` : ' (cached)'}`,
  );
  // the lab's small-data prefix of an ordered encoder's features (`probe.featureDims`), if the config sets one
  const data = probeDataOf(emb, normalisation, base.featureDims);
  const out: Record<string, unknown> = {
    dataset,
    encoder,
    embeddingDim: emb.dim,
    readout,
    normalisation,
    train: emb.trainY.length,
    test: emb.testY.length,
    probe: { ...base, privacy: base.privacy },
    delta: base.delta,
  };
  if (baselines.majority)
    out['majority_accuracy'] = majorityBaseline(data.trainY, data.testY, data.numClasses).accuracy;
  // the non-private baseline over several seeds (mean, and its std beside it), like every DP point
  const npSeeds = config.nonPrivateSeeds ?? config.sweep?.seeds ?? [base.seed];
  const nonPrivate = async (d: ProbeData) => {
    const own: number[] = [];
    const same: number[] = [];
    for (const seed of npSeeds) {
      const run = (extra: Partial<ProbeConfig>) =>
        trainProbe({ data: d, config: { ...base, ...extra, seed, privacy: null } }).then(
          (r) => r.testAccuracy,
        );
      const o = await run(config.nonPrivateProbe ?? {});
      own.push(o);
      same.push(config.nonPrivateProbe ? await run({}) : o);
    }
    const o = summarise(own);
    return { own: o.mean, ownStd: o.std, same: summarise(same).mean };
  };
  if (baselines.nonPrivate) {
    const r = await nonPrivate(data);
    out['non_private_accuracy'] = r.own;
    out['non_private_accuracy_std'] = r.ownStd;
    out['non_private_seeds'] = npSeeds.length;
    if (config.nonPrivateProbe) out['non_private_same_settings_accuracy'] = r.same;
    log(
      `non-private: ${(100 * r.own).toFixed(2)} ± ${(100 * r.ownStd).toFixed(2)}% (same settings as the DP runs: ${(100 * r.same).toFixed(2)}%)`,
    );
  }
  if (config.runs) {
    out['runs'] = [];
    for (const run of config.runs) {
      const { label, ...overrides } = run;
      const r = await trainProbe({ data, config: { ...base, ...overrides } });
      (out['runs'] as unknown[]).push(summariseRun(r, label));
      log(`${label ?? 'run'}: ε = ${r.epsilon.toFixed(3)}, accuracy ${(100 * r.testAccuracy).toFixed(2)}%`);
    }
  }
  const sweepOf = (d: ProbeData, onPoint?: (p: SweepPoint) => void) =>
    runSweep({
      data: d,
      base,
      spec: config.sweep!,
      ...(config.sweep!.learningRate === 'by-epsilon' ? { learningRateFor: learningRateForEpsilon } : {}),
      ...(onPoint ? { onPoint } : {}),
    });
  if (config.sweep) {
    out['points'] = await sweepOf(data, (p) =>
      log(
        `sweep ${config.sweep!.kind} ${p.value}: ε = ${p.epsilon.toFixed(3)}, ${(100 * p.accuracy).toFixed(2)} ± ${(100 * p.accuracyStd).toFixed(2)}%`,
      ),
    );
    if (baselines.randomEncoder) {
      const rnd = probeDataOf(await privateEmbeddings('random', dataset, limit, readout), normalisation);
      out['random_encoder_points'] = await sweepOf(rnd);
      out['random_encoder_non_private_accuracy'] = (await nonPrivate(rnd)).own;
    }
  }
  if (config.compare) {
    const rows: Record<string, unknown> = {};
    for (const name of config.compare) {
      const e = await privateEmbeddings(name, dataset, limit, readout);
      const d = probeDataOf(e, normalisation);
      const np = await nonPrivate(d);
      rows[name] = {
        dim: e.dim,
        embed_seconds: +e.seconds.toFixed(1),
        non_private_accuracy: np.own,
        non_private_accuracy_std: np.ownStd,
        non_private_same_settings_accuracy: np.same,
        ...(config.sweep ? { points: await sweepOf(d) } : {}),
      };
      log(`${name}: non-private ${(100 * np.own).toFixed(2)}%`);
    }
    out['encoders'] = rows;
  }
  out['seconds'] = +((performance.now() - started) / 1000).toFixed(1);
  return out;
}

const isMain = process.argv[1]?.endsWith('experiment.ts');
if (isMain) {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, backend: { type: 'string', default: 'wasm' } },
  });
  if (!values.config) {
    console.error('usage: npm run experiment -- --config file.json   (examples in scripts/experiments/)');
    process.exit(2);
  }
  let config: ExperimentConfig;
  try {
    config = JSON.parse(readFileSync(values.config, 'utf8')) as ExperimentConfig;
  } catch (e) {
    console.error(`cannot read config ${values.config}: ${(e as Error).message}`);
    process.exit(2);
  }
  await startBackend(values.backend);
  const result = await runExperiment(config, (line) => console.error(line));
  console.log(toJson(result, 2));
}
