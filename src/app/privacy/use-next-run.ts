/**
 * The next run's ε as the privacy panel shows it: the RDP plan at once on the main thread, the PLD plan (and ε
 * under both accountants) from the accountant worker.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { createAccountantBridge } from '../../bridge/accountant';
import { type ProbeConfig, planKey } from '../../lib/dp/plan';
import { dpSgdEpsilon, dpSgdSchedule } from '../../lib/privacy/accountant';
import type { LabConfig } from '../../state/lab-config';
import { cappedBatch, probeConfigOf } from '../probe/probe-config';
import type { PlannedRun } from '../../../workers/shared/contracts';
import { headlineEpsilon } from './headline';
import { fewStepsNote } from './few-steps';

/** How long the settings rest before the worker is asked for the next run's plan. */
const PLAN_DELAY_MS = 150;

/**
 * The privacy budget, live: every control change recomputes ε with the RDP accountant on the main thread
 * (≤ 1 ms fresh, microseconds when only epochs change: see bench accountant), and the next run's plan with
 * the chosen accountant plus its ε under both accountants in the accountant worker (PLD: tens of
 * milliseconds, more when it calibrates σ or a budget; a newer request makes an older answer stale).
 */
function usePlannedRun(probe: ProbeConfig | null, datasetSize: number) {
  const bridge = useMemo(() => createAccountantBridge(), []);
  useEffect(() => () => bridge.terminate(), [bridge]);
  const [state, setState] = useState<{ key: string; planned: PlannedRun | null; error?: string }>({
    key: '',
    planned: null,
  });
  // what the plan depends on only: a new learning rate or seed asks the worker nothing
  const key = probe ? planKey(probe, datasetSize) : '';
  const latest = useRef(key);
  useEffect(() => {
    latest.current = key;
    if (!probe) return;
    // asked once the settings rest (a slider dragged sends one request, not one per position: the worker
    // answers in order, and a PLD plan takes up to a second)
    const timer = setTimeout(() => {
      bridge
        .run((w) => w.plan(probe, datasetSize))
        .then(
          (planned) => latest.current === key && setState({ key, planned }),
          (e: Error) => latest.current === key && setState({ key, planned: null, error: e.message }),
        );
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
    // the key stands for probe and datasetSize
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, key]);
  return {
    bridge,
    planned: state.key === key ? state.planned : null,
    error: state.key === key ? state.error : undefined,
  };
}

/**
 * The headline ε is the next run's: from the same plan the worker will run (target ε: the calibrated σ;
 * budget: the steps the budget allows). δ ≥ 1/N (`deltaTooBig`): no plan, the slider's ε.
 */
export function useNextRun(config: LabConfig, delta: number, PRIVATE_N: number, deltaTooBig: boolean) {
  const { accountant, noiseMultiplier: sigma, epochs } = config;
  const batch = cappedBatch(config, PRIVATE_N);
  const probe = useMemo(
    () => (deltaTooBig ? null : probeConfigOf(config, delta, PRIVATE_N)),
    [config, delta, PRIVATE_N, deltaTooBig],
  );
  const rdpResult = useMemo(() => {
    let slider;
    try {
      const { sampleRate, steps } = dpSgdSchedule({ datasetSize: PRIVATE_N, batchSize: batch, epochs });
      slider = {
        sampleRate,
        steps,
        plannedSteps: steps,
        noiseMultiplier: sigma,
        ...dpSgdEpsilon({ sampleRate, noiseMultiplier: sigma, steps, delta }),
      };
    } catch (e) {
      // no schedule at all (no private images yet): no ε, the reason instead; this hook runs in App, above
      // every step's error boundary, so it must not throw
      const none = { sampleRate: NaN, steps: NaN, plannedSteps: NaN, epsilon: NaN, order: NaN };
      return { ...none, noiseMultiplier: sigma, orderAtEdge: false, planError: (e as Error).message };
    }
    // δ ≥ 1/N: no plan (the worker would refuse it); the slider's ε is shown struck through.
    if (!probe) return { ...slider, planError: null };
    // the RDP plan (a PLD plan comes from the worker below); a fixed σ plans the same under both
    const rdpProbe = { ...probe, accountant: 'rdp' as const };
    try {
      return { ...headlineEpsilon(rdpProbe, PRIVATE_N), planError: null };
    } catch (e) {
      return { ...slider, planError: (e as Error).message };
    }
  }, [probe, sigma, batch, epochs, delta, PRIVATE_N]);
  const worker = usePlannedRun(probe, PRIVATE_N);
  const planned = worker.planned;
  // The headline is the chosen accountant's: RDP at once; PLD when the worker has planned the run.
  const result =
    accountant === 'rdp' || !probe
      ? rdpResult
      : {
          ...rdpResult,
          epsilon: planned?.pldEpsilon ?? NaN,
          order: NaN,
          orderAtEdge: false,
          ...(planned
            ? {
                noiseMultiplier: planned.noiseMultiplier,
                sampleRate: planned.sampleRate,
                steps: planned.steps,
              }
            : {}),
          planError: worker.error ?? null,
        };
  const pending = accountant === 'pld' && !!probe && !planned && !worker.error;
  const bothEpsilons = planned
    ? { rdp: planned.rdpEpsilon, pld: planned.pldEpsilon }
    : { rdp: accountant === 'rdp' ? rdpResult.epsilon : NaN, pld: NaN };

  // a plan the accountant refused (a budget that covers no step): no ε, no steps, only the reason; step 3
  // shows it beside a disabled Start, step 5 in its readout
  const refused = deltaTooBig ? null : result.planError;
  const fewSteps =
    deltaTooBig || refused
      ? null
      : fewStepsNote({
          steps: result.steps,
          batch,
          datasetSize: PRIVATE_N,
          plannedSteps: result.plannedSteps,
        });

  return {
    probe,
    batch,
    deltaTooBig,
    result,
    rdpResult,
    planned,
    pending,
    bothEpsilons,
    worker,
    refused,
    fewSteps,
  };
}

/** The next run as `App` plans it once and hands to step 3 (Start, the few-steps note) and step 5 (ε). */
export type NextRun = ReturnType<typeof useNextRun>;
