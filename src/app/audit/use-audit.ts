/**
 * The membership-inference audit, as the UI sees it: attacks a finished run in the probe worker (where its
 * embeddings are cached), with progress and its own pause/stop; keeps one result per run, saved in this browser.
 */
import type * as Comlink from 'comlink';
import { useCallback, useMemo, useRef, useState } from 'react';
import { AUDIT_LIST, type AuditRecord } from './audit-store';
import { usePersistentList } from '../probe/use-persistent-state';
import { throttledProgress } from '../../bridge/worker-bridge';
import type { AuditProgress } from '../../lib/audit/run-audit';
import type { JobProgress } from '../shell/progress';
import { type JobCommand, useWorkerJob } from '../shell/use-worker-job';
import type { ProbeApi } from '../../../workers/shared/contracts';
import type { RunRecord, usePrivateTraining } from '../probe/use-private-training';
import { notAuditable } from './auditable';

type Training = ReturnType<typeof usePrivateTraining>;

const PHASES: Record<AuditProgress['phase'], string> = {
  target: 'Scoring the target model',
  shadows: 'Training shadow probes',
  scoring: 'Fitting the attacks',
};

/** The audit has its own commands in the probe worker: pausing it never holds a training run. */
const auditCommand = (w: Comlink.Remote<ProbeApi>, command: JobCommand) => w.auditCommand(command);

export function useAudit(training: Training, onError: (m: string) => void) {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  // kept in IndexedDB beside the runs: a reload keeps the results (an audit with shadows takes minutes)
  const [stored, setAudits] = usePersistentList(AUDIT_LIST, 'attack results', onError);
  // only the audits of runs in the list (a cleared run's audit is not shown; run ids are never reused)
  const { runs } = training;
  const audits = useMemo(() => {
    const ids = new Set(runs.map((r) => r.id));
    return stored.filter((a) => ids.has(a.runId));
  }, [stored, runs]);
  const { bridge } = training;
  const job = useWorkerJob(bridge, onError, 'The attack', auditCommand);
  const { run: runJob } = job;
  // Progress arrives a frame late (throttled): none may land after the attack has ended.
  const active = useRef(false);
  // A stop while the run's embeddings are made again reaches no attack yet: it ends the embedding, and the
  // attack does not start (the worker's own stop flag is reset when an attack starts)
  const stopped = useRef(false);
  const { stop: stopJob } = job;
  const { abortEmbedding } = training;
  const stop = useCallback(() => {
    stopped.current = true;
    abortEmbedding();
    stopJob();
  }, [abortEmbedding, stopJob]);

  const attack = useCallback(
    async (run: RunRecord, options: { shadows: number; auditSize: number }) => {
      const reason = notAuditable(run, training);
      if (reason) {
        onError(`Run ${run.id} cannot be attacked: ${reason}.`);
        return;
      }
      active.current = true;
      stopped.current = false;
      const now = performance.now();
      setProgress({ label: PHASES.target, done: 0, total: 1, startedAt: now, updatedAt: now });
      const onProgress = throttledProgress((p: AuditProgress) =>
        setProgress((old) => {
          if (!active.current) return old;
          const t = performance.now();
          const label = PHASES[p.phase];
          return old && old.label === label
            ? { ...old, done: p.done, total: p.total, updatedAt: t }
            : { label, done: p.done, total: p.total, startedAt: t, updatedAt: t };
        }),
      );
      await runJob(async () => {
        // its embeddings: held, or made again (a run from an earlier page load; from the cache if kept there)
        if (!(await training.ensureRunEmbeddings(run)))
          throw new Error(
            `the private images of run ${run.id} could not be embedded again as it was trained on them`,
          );
        if (stopped.current) throw new DOMException('Stopped before the attack', 'AbortError');
        const result = await bridge.run((w) =>
          w.audit(
            run.embeddingsKey!,
            { weights: run.weights, bias: run.bias },
            {
              config: run.probeConfig!,
              noiseMultiplier: run.noiseMultiplier,
              normalisation: 'l2',
              steps: run.steps,
            },
            options,
            onProgress,
          ),
        );
        const record: AuditRecord = {
          runId: run.id,
          label: run.label,
          private: run.private,
          epsilon: run.epsilon,
          delta: run.delta,
          result,
        };
        setAudits((a) => [...a.filter((x) => x.runId !== run.id), record].sort((x, y) => x.runId - y.runId));
      });
      active.current = false;
      setProgress(null);
    },
    [bridge, training, onError, runJob, setAudits],
  );

  // with the runs (step 3's "Clear runs"): removed from this browser in every open tab, as the runs are
  const clear = useCallback(() => setAudits([]), [setAudits]);
  return {
    status: job.status,
    progress,
    audits,
    attack,
    clear,
    pause: job.pause,
    resume: job.resume,
    stop,
  };
}
