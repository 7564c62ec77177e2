/**
 * npm run -s eps -- --N 60000 --batch 256 --epochs 60 --sigma 1.1 --delta 1e-5
 * Prints one JSON object (see README). --jsonl reads one JSON request per line on stdin.
 */
import { createInterface } from 'node:readline';
import { runEpsRequest } from '../src/lib/privacy/cli';

const FLAGS: Record<string, string> = {
  '--N': 'N',
  '--batch': 'batch',
  '--epochs': 'epochs',
  '--q': 'q',
  '--steps': 'steps',
  '--sigma': 'sigma',
  '--delta': 'delta',
  '--conversion': 'conversion',
  '--target-epsilon': 'target_epsilon',
  '--accountant': 'accountant',
  '--interval': 'interval',
};
const USAGE =
  'usage: eps --N n --batch b --epochs e (or --q q --steps t) --sigma s (or --target-epsilon e) --delta d [--conversion improved|classic] [--accountant rdp|pld [--interval 1e-4]] | --jsonl';

function fail(message: string): never {
  process.stderr.write(`eps: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.includes('--jsonl')) {
    if (args.length > 1) fail('--jsonl takes no other arguments');
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.trim() === '') continue;
      let out: Record<string, unknown>;
      try {
        out = runEpsRequest(JSON.parse(line));
      } catch (e) {
        out = { error: e instanceof SyntaxError ? `not valid JSON: ${e.message}` : (e as Error).message };
      }
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return;
  }
  const req: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const key = FLAGS[flag];
    if (!key) fail(`unknown argument ${flag}`);
    const value = args[i + 1];
    if (value === undefined) fail(`${flag} needs a value`);
    req[key] = value;
  }
  try {
    process.stdout.write(`${JSON.stringify(runEpsRequest(req))}\n`);
  } catch (e) {
    fail((e as Error).message);
  }
}

void main();
