/**
 * npm run -s bench [-- SECTION ...]: runs the named benchmark sections (all by default) and prints one JSON
 * object. With exactly one section, prints that section's object itself.
 */
import { benchAccountant } from './accountant';
import { benchAudit } from './audit';
import { benchDpProbe } from './dp-probe';
import { benchPretrain } from './pretrain';
import { benchQuality } from './quality';
import { benchTsne } from './tsne';
import { benchUi } from './ui';

const SECTIONS: Record<string, () => Record<string, unknown> | Promise<Record<string, unknown>>> = {
  accountant: benchAccountant,
  audit: benchAudit,
  'dp-probe': benchDpProbe,
  pretrain: benchPretrain,
  quality: benchQuality,
  tsne: benchTsne,
  ui: benchUi,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const names = asked.length ? asked : Object.keys(SECTIONS);
  // resolve every name before running any, so a typo fails at once rather than after minutes of benchmarks
  const runs = names.map((name) => {
    const run = SECTIONS[name];
    if (!run) {
      process.stderr.write(`bench: unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}\n`);
      process.exit(2);
    }
    return [name, run] as const;
  });
  const results: Record<string, unknown> = {};
  for (const [name, run] of runs) results[name] = await run();
  const only = runs.length === 1 ? runs[0] : undefined;
  process.stdout.write(`${JSON.stringify(only ? results[only[0]] : results)}\n`);
}

void main();
