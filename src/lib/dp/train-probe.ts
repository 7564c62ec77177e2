/**
 * Training a linear probe on frozen embeddings, privately (DP-SGD / DP-Adam with Poisson sampling, exactly as
 * accounted) or not (the non-private baseline: same optimizer, no clipping, no noise). The loop records every
 * step it runs in an RdpAccountant; the ε it reports comes from that ledger, which it also returns so the UI
 * can recompute ε from what ran. Written by hand: DP-SGD is the core of this lab, and no maintained tfjs
 * DP library exists. The step itself is ProbeTrainer's (probe-trainer.ts).
 */
import type { ProbeConfig } from './plan.ts';
import { ProbeTrainer } from './probe-trainer.ts';
import type { EpochMetrics, ProbeData, ProbeResult } from './probe-data.ts';

export {
  DEFAULT_PROBE_CONFIG,
  defaultDelta,
  migrateProbeConfig,
  planProbe,
  resolveDelta,
  type PrivacyMode,
  type ProbeConfig,
} from './plan.ts';
export {
  type EpochMetrics,
  type NormHistogram,
  type ProbeData,
  type ProbeResult,
  confusionSummary,
  normHistogram,
  probeDataOf,
  validateProbeData,
} from './probe-data.ts';
export { ProbeTrainer } from './probe-trainer.ts';

export async function trainProbe(options: {
  data: ProbeData;
  config: ProbeConfig;
  signal?: AbortSignal;
  onEpoch?: (m: EpochMetrics) => void;
  /** Yield to the event loop every this many steps (lets a worker take pause/stop messages). */
  yieldEvery?: number;
  /** Awaited at every yield: resolve to continue (a pause holds it). */
  gate?: () => Promise<void>;
  /** This run's own seeded streams under a shared user seed (see ProbeTrainer). */
  stream?: readonly number[];
}): Promise<ProbeResult> {
  const { data, config, signal, onEpoch } = options;
  const started = performance.now();
  const trainer = new ProbeTrainer(data, config, options.stream ? { stream: options.stream } : {});
  const metrics: EpochMetrics[] = [];
  let stopReason: ProbeResult['stopReason'] = 'done';
  let divergence: string | undefined;
  try {
    trainer.keepWeights();
    for (let epoch = 0; epoch < config.epochs && trainer.stepsDone < trainer.allowedSteps; epoch++) {
      const epochStart = performance.now();
      const last = Math.min(trainer.epochEnd(epoch), trainer.allowedSteps);
      while (trainer.stepsDone < last) {
        if (signal?.aborted) break;
        if (options.yieldEvery && trainer.stepsDone % options.yieldEvery === 0) {
          await new Promise((r) => setTimeout(r, 0));
          await options.gate?.();
          if (signal?.aborted) break;
        }
        trainer.step();
      }
      if (signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      const m: EpochMetrics = {
        epoch,
        ...(await trainer.takeEpochStats()),
        seconds: (performance.now() - epochStart) / 1000,
      };
      // The losses read back anyway: NaN or ±∞ means the run diverged (a learning rate far too high);
      // stop and return the weights of the last epoch that ended with finite losses (the steps stay accounted).
      if (![m.trainLoss, m.testLoss].every(Number.isFinite)) {
        const back = trainer.restoreWeights();
        stopReason = 'diverged';
        divergence = `diverged at step ${m.step} (training loss ${m.trainLoss}); the weights of step ${back}, the last good ones, were kept`;
        break;
      }
      trainer.keepWeights();
      metrics.push(m);
      onEpoch?.(m);
    }
    if (stopReason === 'done' && trainer.allowedSteps < trainer.plannedSteps) stopReason = 'budget';
    return {
      private: trainer.isPrivate,
      noiseMultiplier: trainer.noiseMultiplier,
      sampleRate: trainer.sampleRate,
      plannedSteps: trainer.plannedSteps,
      steps: trainer.stepsDone,
      stopReason,
      ...(divergence ? { divergence } : {}),
      delta: trainer.delta,
      epsilon: trainer.epsilon(),
      ledger: trainer.accountant.toJSON(),
      seed: trainer.seed,
      seedSource: trainer.seedSource,
      metrics,
      ...(await trainer.finalReport()),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    trainer.dispose();
  }
}
