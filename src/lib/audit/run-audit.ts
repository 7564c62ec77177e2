/**
 * A membership-inference audit of a trained linear probe: who was in its training set?
 *
 * Members are the private training examples the probe was trained on; non-members are held-out private
 * examples it never saw (the private test split). `auditSize` of each are drawn at random (seeded) and scored
 * by three attacks: the loss threshold (Yeom et al. 2018), and LiRA online and offline (Carlini et al. 2022)
 * with `shadows` shadow probes, each trained by the lab's own probe code, with the run's own settings (σ, C,
 * expected batch size, epochs, optimizer), on a random half of the pool of all members and non-members.
 * The audit uses the private data itself: it is a test of the training, not part of what is released.
 */
import { cryptoSeed, createRng, shuffleInPlace } from '../rng.ts';
import { type ProbeConfig, type ProbeData, trainProbe } from '../dp/train-probe.ts';
import { dpSgdSchedule } from '../privacy/accountant.ts';
import { cappedBatch } from '../dp/plan.ts';
import { type EpsilonLowerBound, bestThreshold, boundAtThreshold } from './epsilon-bound.ts';
import { fitLira, liraScores, type ShadowObservations } from './lira.ts';
import { LOW_FPR, type RocCurve, aucWithInterval, rocAuc, rocCurve, rocForPlot, tprAtFpr } from './roc.ts';
import { type ProbeWeights, probeScores } from './scores.ts';

export type AttackName = 'loss' | 'lira-online' | 'lira-offline';

export interface AttackResult {
  attack: AttackName;
  auc: number;
  /** The AUC's 95% confidence interval (DeLong): an interval that holds 0.5 cannot tell this attack from guessing. */
  aucInterval: [low: number, high: number];
  tprAtFpr01: number;
  tprAtFpr001: number;
  /** ε lower bound at 95% confidence (threshold chosen on one half of the audit set, counted on the other). */
  bound: EpsilonLowerBound;
  /** Up to 200 ROC points with both rates > 0, for a log–log plot. */
  roc: { fpr: number[]; tpr: number[] };
}

export interface AuditResult {
  attacks: AttackResult[];
  /** The attack named before the audit ran as the headline: LiRA online with shadows, else the loss attack. */
  primary: AttackName;
  members: number;
  nonMembers: number;
  shadowsTrained: number;
  shadowsPlanned: number;
  shadowTrainingSize: number;
  stopped: boolean;
  delta: number;
  seconds: number;
}

export interface AuditProgress {
  phase: 'target' | 'shadows' | 'scoring';
  done: number;
  total: number;
}

/**
 * The settings a shadow of this run trains with: the run's own, with σ fixed to the run's σ (a target-ε run
 * calibrated σ for its own N, a budget run was stopped by its own N's accountant; the shadows must add the
 * same noise, not re-calibrate or re-budget on their smaller N), and, when the run stopped before its plan
 * (an ε budget, a Stop), the same fraction of its epochs: shadows that train longer than the run are other
 * models, and shadows cut to 0 steps by a re-budget on fewer images would make LiRA look weaker than it is.
 */
export function shadowConfigOf(
  config: ProbeConfig,
  noiseMultiplier: number,
  /** The steps the run ran on its N training examples (absent: as planned). */
  ran?: { steps: number; datasetSize: number },
): ProbeConfig {
  const fixed: ProbeConfig =
    config.privacy && config.privacy.kind !== 'fixed-sigma'
      ? { ...config, privacy: { kind: 'fixed-sigma', noiseMultiplier } }
      : config;
  if (!ran) return fixed;
  const { steps: planned } = dpSgdSchedule({
    datasetSize: ran.datasetSize,
    batchSize: cappedBatch(config.expectedBatchSize, ran.datasetSize),
    epochs: config.epochs,
  });
  if (!(ran.steps < planned)) return fixed;
  return { ...fixed, epochs: (config.epochs * Math.max(1, ran.steps)) / planned };
}

/** The audit's data: members as the training split, non-members as the test split (each `{x, y}`). */
export function membershipData(options: {
  members: { x: Float32Array; y: Int32Array };
  nonMembers: { x: Float32Array; y: Int32Array };
  dim: number;
  numClasses: number;
}): ProbeData {
  const { members, nonMembers, dim, numClasses } = options;
  return { trainX: members.x, trainY: members.y, testX: nonMembers.x, testY: nonMembers.y, dim, numClasses };
}

function attack(
  name: AttackName,
  scores: Float64Array,
  isMember: boolean[],
  searchHalf: boolean[],
  delta: number,
): AttackResult {
  const roc: RocCurve = rocCurve(scores, isMember);
  const pick = <T>(v: ArrayLike<T>, half: boolean) => Array.from(v).filter((_, i) => searchHalf[i] === half);
  const threshold = bestThreshold(rocCurve(pick(scores, true), pick(isMember, true)), delta);
  const { low, high } = aucWithInterval(scores, isMember);
  return {
    attack: name,
    auc: rocAuc(roc),
    aucInterval: [low, high],
    tprAtFpr01: tprAtFpr(roc, 0.01),
    tprAtFpr001: tprAtFpr(roc, LOW_FPR),
    bound: boundAtThreshold({
      scores: pick(scores, false),
      isMember: pick(isMember, false),
      threshold,
      delta,
    }),
    roc: rocForPlot(roc),
  };
}

export async function runAudit(options: {
  /** trainX/trainY: the members (the run's private training set); testX/testY: non-members. */
  data: ProbeData;
  target: ProbeWeights;
  /** Settings of the shadows: `shadowConfigOf(the run's config, the run's σ)`. */
  shadowConfig: ProbeConfig;
  delta: number;
  /** Shadow probes for LiRA (0: the loss attack only). */
  shadows: number;
  /** Members audited, and as many non-members (capped by what exists). */
  auditSize: number;
  seed?: number | null;
  signal?: AbortSignal;
  gate?: () => Promise<void>;
  onProgress?: (p: AuditProgress) => void;
}): Promise<AuditResult> {
  const started = performance.now();
  const { data, target, shadowConfig, delta, signal, onProgress } = options;
  const { dim } = data;
  const nTrain = data.trainY.length;
  const nTest = data.testY.length;
  const perSide = Math.min(options.auditSize, nTrain, nTest);
  if (perSide < 2)
    throw new Error(`the audit needs at least 2 members and 2 non-members, got ${nTrain} and ${nTest}`);
  if (!(options.shadows >= 0 && Number.isInteger(options.shadows)))
    throw new Error(`shadows must be an integer ≥ 0, got ${options.shadows}`);
  const rng = createRng(options.seed ?? cryptoSeed());

  // The pool: members first (0 … nTrain − 1), then non-members.
  const poolSize = nTrain + nTest;
  const poolX = new Float32Array(poolSize * dim);
  poolX.set(data.trainX.subarray(0, nTrain * dim));
  poolX.set(data.testX.subarray(0, nTest * dim), nTrain * dim);
  const poolY = new Int32Array(poolSize);
  poolY.set(data.trainY);
  poolY.set(data.testY, nTrain);
  const draw = (n: number, offset: number) => {
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    shuffleInPlace(idx, rng);
    return Array.from(idx.subarray(0, perSide), (i) => i + offset);
  };
  const audited = [...draw(nTrain, 0), ...draw(nTest, nTrain)];
  const isMember = audited.map((i) => i < nTrain);
  // Stratified halves: the threshold is searched on one and the bound counted on the other.
  const searchHalf = audited.map((_, i) => (i % perSide) % 2 === 0);

  onProgress?.({ phase: 'target', done: 0, total: 1 });
  const targetScores = probeScores({ probe: target, x: poolX, y: poolY, dim, indices: audited });

  const obs: ShadowObservations = { phi: [], inSet: [] };
  const half = Math.floor(poolSize / 2);
  let stopped = false;
  const order = Int32Array.from({ length: poolSize }, (_, i) => i);
  for (let s = 0; s < options.shadows; s++) {
    onProgress?.({ phase: 'shadows', done: s, total: options.shadows });
    if (signal?.aborted) {
      stopped = true;
      break;
    }
    shuffleInPlace(order, rng);
    const chosen = order.subarray(0, half);
    const inPool = new Uint8Array(poolSize);
    const trainX = new Float32Array(half * dim);
    const trainY = new Int32Array(half);
    chosen.forEach((p, r) => {
      inPool[p] = 1;
      trainX.set(poolX.subarray(p * dim, (p + 1) * dim), r * dim);
      trainY[r] = poolY[p]!;
    });
    const held = order[half] ?? order[0]!; // one held-out example: trainProbe reports a test accuracy
    const result = await trainProbe({
      data: {
        trainX,
        trainY,
        testX: poolX.slice(held * dim, (held + 1) * dim),
        testY: Int32Array.of(poolY[held]!),
        dim,
        numClasses: data.numClasses,
      },
      config: { ...shadowConfig, seed: rng.int(2 ** 31) },
      yieldEvery: 10,
      ...(signal ? { signal } : {}),
      ...(options.gate ? { gate: options.gate } : {}),
    });
    if (result.stopReason === 'aborted') {
      stopped = true;
      break;
    }
    obs.phi.push(probeScores({ probe: result, x: poolX, y: poolY, dim, indices: audited }).logitConfidence);
    obs.inSet.push(Uint8Array.from(audited, (p) => inPool[p]!));
  }
  onProgress?.({ phase: 'scoring', done: obs.phi.length, total: options.shadows });

  // Loss attack: a low loss says "member".
  const attacks = [
    attack(
      'loss',
      targetScores.loss.map((l) => -l),
      isMember,
      searchHalf,
      delta,
    ),
  ];
  if (obs.phi.length >= 2) {
    const fit = fitLira(obs, obs.phi.length < 64);
    for (const variant of ['online', 'offline'] as const)
      attacks.push(
        attack(
          `lira-${variant}`,
          liraScores(fit, targetScores.logitConfidence, variant),
          isMember,
          searchHalf,
          delta,
        ),
      );
  }
  return {
    attacks,
    primary: obs.phi.length >= 2 ? 'lira-online' : 'loss',
    members: perSide,
    nonMembers: perSide,
    shadowsTrained: obs.phi.length,
    shadowsPlanned: options.shadows,
    shadowTrainingSize: half,
    stopped,
    delta,
    seconds: (performance.now() - started) / 1000,
  };
}
