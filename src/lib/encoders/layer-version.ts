/**
 * The version of the code of the lab's custom layers (Scattering2D, GroupNorm): a shipped encoder's output
 * depends on its files AND on this code, so cache keys of embeddings include it. Bump it whenever a change to
 * those layers changes what they compute (not for a change that only reorders sums: 6e-7 is not a new output).
 */
export const CUSTOM_LAYERS_VERSION = 'layers-1';
