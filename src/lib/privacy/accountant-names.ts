/**
 * The accountants' names and the words the lab uses for them: a module of constants only, so the UI can
 * name accountants without loading the PLD code (pld.ts and its FFT stay in the workers' bundles).
 */
export const ACCOUNTANT_NAMES = ['rdp', 'pld'] as const;
export type AccountantName = (typeof ACCOUNTANT_NAMES)[number];

export function isAccountantName(name: unknown): name is AccountantName {
  return typeof name === 'string' && (ACCOUNTANT_NAMES as readonly string[]).includes(name);
}

export const ACCOUNTANT_LABELS: Record<AccountantName, string> = {
  rdp: 'RDP (Rényi DP)',
  pld: 'PLD (privacy loss distribution)',
};

/** The method behind each accountant's ε, as exports and run records state it. */
export const ACCOUNTANT_METHOD: Record<AccountantName, string> = {
  rdp: 'RDP (Poisson-subsampled Gaussian), improved conversion',
  pld: 'PLD (Poisson-subsampled Gaussian, add and remove directions, pessimistic discretisation, interval 1e-4)',
};

/** One sentence for the UI and privacy statements on why the two accountants give different ε. */
export const ACCOUNTANT_DIFFERENCE =
  'RDP bounds each step by a few Rényi moments and converts to (ε, δ) at the end, which loses slack; PLD tracks the whole distribution of the privacy loss over all steps, so its ε is tighter (both are valid upper bounds for the same training).';
