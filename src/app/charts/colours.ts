/**
 * The charts' colours, fixed per meaning so that a colour says the same thing in every chart and stays put as
 * runs are added (Plotly's colour cycle gives the n-th trace the n-th colour: the tour saw one encoder orange in
 * one chart and another encoder orange beside it, and a run's ROC change colour when another run's audit came).
 */

// Okabe–Ito (distinguishable with the common colour-vision deficiencies), then two of Paul Tol's.
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
  // two more from Paul Tol's palettes, far from the eight above: ten classes get ten distinct colours
  '#882255',
  '#999933',
];

/**
 * Each encoder's colour, in step 3's two charts and step 4's ROC: the same encoder, the same colour (none of them
 * Okabe–Ito's yellow, which reads as a line barely at all, nor black, the non-private probe's).
 */
const ENCODER_COLOURS: Record<string, string> = {
  shipped: '#0072B2',
  scatter: '#009E73',
  pixels: '#E69F00',
  'simclr-v1': '#CC79A7',
  random: '#D55E00',
  session: '#56B4E9',
  'this session': '#56B4E9',
};

/** An encoder's colour (an encoder the lab does not name: Tol's wine). */
export const encoderColour = (encoder: string): string => ENCODER_COLOURS[encoder] ?? '#882255';

/** The non-private probe's line. */
export const NON_PRIVATE_COLOUR = '#000000';
/** Reference lines: the majority class, a random guess. */
export const REFERENCE_COLOUR = '#999999';
/** The ε-spent line on a chart's second axis. */
export const EPSILON_COLOUR = '#555555';

/** Line styles for runs of one encoder, in the order they ran. */
export const RUN_DASHES = ['solid', 'dash', 'longdash', 'dashdot', 'longdashdot'] as const;

/**
 * Each run's line in step 3's per-epoch chart and step 4's ROC: a DP run in its encoder's colour, a non-private
 * run in black, and a dash by its place among its group's runs (that encoder's DP runs, or the non-private runs),
 * by id, over all runs given, shown or not: hiding a run, or adding one, moves no other run's line.
 */
export function runLines(
  runs: readonly { id: number; encoder: string; kind?: string }[],
): Map<number, { color: string; dash: (typeof RUN_DASHES)[number] }> {
  const seen = new Map<string, number>();
  const out = new Map<number, { color: string; dash: (typeof RUN_DASHES)[number] }>();
  for (const r of [...runs].sort((a, b) => a.id - b.id)) {
    const nonPrivate = r.kind === 'non-private';
    // (an encoder's name never starts with a space)
    const group = nonPrivate ? ' non-private' : r.encoder;
    const n = seen.get(group) ?? 0;
    seen.set(group, n + 1);
    out.set(r.id, {
      color: nonPrivate ? NON_PRIVATE_COLOUR : encoderColour(r.encoder),
      dash: RUN_DASHES[n % RUN_DASHES.length]!,
    });
  }
  return out;
}
