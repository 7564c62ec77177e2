/**
 * Membership-inference audit of probes on a small, leaky setting: 1,000 Fashion-MNIST private training images
 * (members) and 1,000 private test images (non-members), raw pixels (no encoder) centred by the public split's
 * mean pixel (public statistics cost no privacy) and L2-normalised per image, a linear probe trained for many
 * epochs at a high learning rate without privacy and with DP-SGD at ε ∈ {1, 8} (δ = 1e-5). Each probe
 * is attacked by the loss threshold and by LiRA with shadow probes trained the same way on random halves of
 * the 2,000 images (so each shadow sees 1,000, like the target). The headline bound is LiRA online's.
 */
import { type ProbeConfig, DEFAULT_PROBE_CONFIG, trainProbe } from '../src/lib/dp/train-probe';
import { l2NormalizeRows } from '../src/lib/dp/features';
import { membershipData, runAudit, shadowConfigOf } from '../src/lib/audit/run-audit';
import { loadBuiltin, startBackend } from '../scripts/lib/node-io';
import { bundleSplit } from '../src/lib/data/bundle';

const MEMBERS = 1000;
const SHADOWS = Number(process.env['AUDIT_SHADOWS'] ?? 16);

interface Split {
  images: Uint8Array;
  labels: ArrayLike<number>;
}

/** The mean pixel of a (public) split, per position, in [0, 1]. */
function meanPixel(split: Split, dim: number): Float32Array {
  const mean = new Float32Array(dim);
  const n = split.labels.length;
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k]! += split.images[i * dim + k]! / 255 / n;
  return mean;
}

function pixels(split: Split, n: number, dim: number, mean: Float32Array) {
  const x = Float32Array.from(split.images.subarray(0, n * dim), (v, j) => v / 255 - mean[j % dim]!);
  return { x: l2NormalizeRows(x, dim), y: Int32Array.from({ length: n }, (_, i) => split.labels[i]!) };
}

export async function benchAudit(): Promise<Record<string, unknown>> {
  const backend = await startBackend('wasm');
  const started = performance.now();
  const bundle = loadBuiltin('fashion-mnist');
  const train = bundleSplit(bundle, 'private-train');
  const test = bundleSplit(bundle, 'private-test');
  const dim = train.width * train.height * train.channels;
  const mean = meanPixel(bundleSplit(bundle, 'public'), dim);
  const data = membershipData({
    members: pixels(train, MEMBERS, dim, mean),
    nonMembers: pixels(test, MEMBERS, dim, mean),
    dim,
    numClasses: train.classNames.length,
  });
  const delta = 1e-5;
  const base: ProbeConfig = {
    ...DEFAULT_PROBE_CONFIG,
    expectedBatchSize: 100,
    epochs: 100,
    learningRate: 8,
    momentum: 0.9,
    clipNorm: 1,
    delta,
    seed: 1,
  };
  const settings: ProbeConfig[] = [
    { ...base, privacy: null },
    { ...base, privacy: { kind: 'target-epsilon', targetEpsilon: 1 } },
    { ...base, privacy: { kind: 'target-epsilon', targetEpsilon: 8 } },
  ];
  const runs: Record<string, unknown>[] = [];
  for (const [i, config] of settings.entries()) {
    const target = await trainProbe({ data, config });
    const audit = await runAudit({
      data,
      target,
      shadowConfig: shadowConfigOf(config, target.noiseMultiplier),
      delta,
      shadows: SHADOWS,
      auditSize: MEMBERS,
      seed: 100 + i,
    });
    const primary = audit.attacks.find((a) => a.attack === audit.primary)!;
    const round = (v: number) => (Number.isFinite(v) ? +v.toFixed(4) : String(v)); // JSON has no Infinity
    runs.push({
      private: config.privacy !== null,
      epsilon: config.privacy ? round(target.epsilon) : null,
      auc: round(primary.auc),
      'tpr_at_fpr_0.001': round(primary.tprAtFpr001),
      epsilon_lower_bound: round(primary.bound.epsilon),
      attack: primary.attack,
      'tpr_at_fpr_0.01': round(primary.tprAtFpr01),
      epsilon_lower_bound_point_estimate: round(primary.bound.pointEstimate),
      noise_multiplier: round(target.noiseMultiplier),
      test_accuracy: round(target.testAccuracy),
      train_accuracy: round(target.metrics.at(-1)?.trainAccuracy ?? NaN),
      other_attacks: audit.attacks
        .filter((a) => a !== primary)
        .map((a) => ({
          attack: a.attack,
          auc: round(a.auc),
          'tpr_at_fpr_0.001': round(a.tprAtFpr001),
          epsilon_lower_bound: round(a.bound.epsilon),
        })),
      seconds: round(audit.seconds),
    });
  }
  return {
    runs,
    setting: {
      data: 'fashion-mnist raw pixels, centred by the public mean, L2-normalised',
      members: MEMBERS,
      non_members: MEMBERS,
      shadows: SHADOWS,
      shadow_training_size: MEMBERS,
      expected_batch_size: base.expectedBatchSize,
      epochs: base.epochs,
      learning_rate: base.learningRate,
      clip_norm: base.clipNorm,
      delta,
      confidence: 0.95,
      backend,
    },
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  };
}
