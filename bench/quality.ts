/**
 * Test accuracy at ε ∈ {0.5, 1, 2, 3, 8} (δ = 1e-5) on Fashion-MNIST's private split with the shipped encoder,
 * plus the non-private and majority baselines and the random-encoder contrast. Same code and settings as
 * `npm run experiment -- --config scripts/experiments/quality.json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExperimentConfig, runExperiment } from '../scripts/experiment';
import { ROOT, startBackend } from '../scripts/lib/node-io';

export async function benchQuality(): Promise<Record<string, unknown>> {
  await startBackend('wasm');
  const config = JSON.parse(
    readFileSync(join(ROOT, 'scripts', 'experiments', 'quality.json'), 'utf8'),
  ) as ExperimentConfig;
  if (process.env['QUALITY_COMPARE'] === '0') delete config.compare;
  const out = await runExperiment(config, (line) => process.stderr.write(`${line}\n`));
  const points = (out['points'] as { epsilon: number; accuracy: number; accuracyStd: number }[]).map((p) => ({
    epsilon: +p.epsilon.toFixed(4),
    accuracy: +p.accuracy.toFixed(4),
    accuracy_std: +p.accuracyStd.toFixed(4),
  }));
  const random = (out['random_encoder_points'] as { epsilon: number; accuracy: number }[] | undefined)?.map(
    (p) => ({
      epsilon: +p.epsilon.toFixed(4),
      accuracy: +p.accuracy.toFixed(4),
    }),
  );
  return {
    points,
    non_private_accuracy: out['non_private_accuracy'],
    non_private_accuracy_std: out['non_private_accuracy_std'], // over the same seeds as the DP points
    non_private_same_settings_accuracy: out['non_private_same_settings_accuracy'],
    majority_accuracy: out['majority_accuracy'],
    ...(random
      ? {
          random_encoder_points: random,
          random_encoder_non_private_accuracy: out['random_encoder_non_private_accuracy'],
        }
      : {}),
    delta: out['delta'], // the δ the runs actually used
    encoder: out['encoder'],
    train: out['train'],
    test: out['test'],
    seeds: config.sweep?.seeds.length,
    seconds: out['seconds'],
    // the other encoders of the README's table, same probe code and settings (QUALITY_COMPARE=0 skips them)
    ...(out['encoders'] ? { encoders: out['encoders'] } : {}),
  };
}
