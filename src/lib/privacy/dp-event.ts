/**
 * DP events as plain data, after Google's dp_accounting `dp_event.py`: each describes a mechanism
 * precisely enough to account for it, can cross a worker boundary (structured clone), be stored in JSON
 * and be shown in the UI. Neighbouring relation throughout: add-or-remove one example.
 */
export type DpEvent =
  /** A mechanism that releases nothing: privacy loss 0 at every order. */
  | { readonly kind: 'noOp' }
  /**
   * The Gaussian mechanism on a query of L2 sensitivity 1 with noise N(0, σ²·I), σ = `noiseMultiplier`
   * (DP-SGD scales both by the clipping norm C, which cancels). RDP(α) = α / (2σ²)
   * (Mironov 2017, "Rényi Differential Privacy", Prop. 7).
   */
  | { readonly kind: 'gaussian'; readonly noiseMultiplier: number }
  /**
   * `event` applied to a Poisson subsample: every record is included independently with probability
   * q = `samplingProbability`. For a Gaussian inner event this is the sampled Gaussian mechanism of
   * Mironov, Talwar & Zhang 2019 ("Rényi Differential Privacy of the Sampled Gaussian Mechanism").
   */
  | { readonly kind: 'poissonSampled'; readonly samplingProbability: number; readonly event: DpEvent }
  /** `event` run `count` times, each run seeing the previous outputs (adaptive composition). */
  | { readonly kind: 'selfComposed'; readonly event: DpEvent; readonly count: number }
  /** Each of `events` run once, in order (adaptive composition). */
  | { readonly kind: 'composed'; readonly events: readonly DpEvent[] };

export const noOpEvent = (): DpEvent => ({ kind: 'noOp' });

export const gaussianEvent = (noiseMultiplier: number): DpEvent => ({ kind: 'gaussian', noiseMultiplier });

export const poissonSampledEvent = (samplingProbability: number, event: DpEvent): DpEvent => ({
  kind: 'poissonSampled',
  samplingProbability,
  event,
});

export const selfComposedEvent = (event: DpEvent, count: number): DpEvent => ({
  kind: 'selfComposed',
  event,
  count,
});

export const composedEvent = (events: readonly DpEvent[]): DpEvent => ({ kind: 'composed', events });

/**
 * DP-SGD with Poisson sampling rate q, noise multiplier σ and T steps:
 * `selfComposed(poissonSampled(q, gaussian(σ)), T)`.
 */
export function dpSgdEvent(options: { sampleRate: number; noiseMultiplier: number; steps: number }): DpEvent {
  return selfComposedEvent(
    poissonSampledEvent(options.sampleRate, gaussianEvent(options.noiseMultiplier)),
    options.steps,
  );
}

/** One line of plain English for the UI and privacy statements. */
export function describeDpEvent(event: DpEvent): string {
  switch (event.kind) {
    case 'noOp':
      return 'nothing released';
    case 'gaussian':
      return `Gaussian mechanism (σ = ${event.noiseMultiplier})`;
    case 'poissonSampled':
      return `${describeDpEvent(event.event)} on a Poisson sample (q = ${event.samplingProbability})`;
    case 'selfComposed':
      return `${event.count} × [${describeDpEvent(event.event)}]`;
    case 'composed':
      return event.events.map(describeDpEvent).join(', then ');
  }
}
