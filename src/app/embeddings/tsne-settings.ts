/**
 * The t-SNE settings' allowed values (the controls offer exactly these) and the settings kept for the tab's life:
 * a reload mid-lecture keeps the point cap, perplexity, learning rate and iterations (they went back to the
 * defaults). Pure but for the storage key.
 */
import type { TsneSettings } from './use-tsne';

export const TSNE_CAPS = [500, 1000, 3000, 10000] as const;
export const TSNE_LEARNING_RATES = [10, 100, 200, 500, 1000] as const;
export const TSNE_ITERATIONS = [300, 500, 1000, 2000] as const;
export const TSNE_PERPLEXITY = { min: 2, max: 100 } as const;
export const TSNE_SETTINGS_KEY = 'epsilon-lab-tsne-settings';

/** Stored settings read back: each field kept only if it is one the controls offer, else the default's. */
export function parseTsneSettings(text: string | null, defaults: TsneSettings): TsneSettings {
  let raw: unknown;
  try {
    raw = text === null ? null : JSON.parse(text);
  } catch {
    return defaults;
  }
  if (typeof raw !== 'object' || raw === null) return defaults;
  const r = raw as Record<string, unknown>;
  const among = <T>(values: readonly T[], v: unknown, d: T): T => (values.includes(v as T) ? (v as T) : d);
  const p = r['perplexity'];
  return {
    split: among(['public', 'private-test', 'upload'] as const, r['split'], defaults.split),
    cap: among(TSNE_CAPS, r['cap'], defaults.cap as (typeof TSNE_CAPS)[number]),
    perplexity:
      typeof p === 'number' && Number.isInteger(p) && p >= TSNE_PERPLEXITY.min && p <= TSNE_PERPLEXITY.max
        ? p
        : defaults.perplexity,
    iterations: among(
      TSNE_ITERATIONS,
      r['iterations'],
      defaults.iterations as (typeof TSNE_ITERATIONS)[number],
    ),
    learningRate: among(['auto', ...TSNE_LEARNING_RATES] as const, r['learningRate'], defaults.learningRate),
  };
}
