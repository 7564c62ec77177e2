// npm run test:e2e: finds a browser, builds the app, runs Playwright against `vite preview`.
import { spawnSync } from 'node:child_process';
import { findChrome } from './find-chrome.mjs';

let chrome;
try {
  chrome = findChrome();
} catch (e) {
  console.error(`\n${e.message}\n`);
  process.exit(1);
}
const env = { ...process.env, CHROME_PATH: chrome };
const run = (cmd, args) =>
  spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' }).status ?? 1;
let status = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (status === 0) status = run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
process.exit(status);
