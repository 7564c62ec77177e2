import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { SIGMA_SCALE } from '../src/app/privacy/log-slider';
import { RdpAccountant, dpSgdEpsilon } from '../src/lib/privacy';

// The σ the "Noise multiplier σ" slider sets at position v (src/app/privacy/log-slider.ts).
const sigmaOf = SIGMA_SCALE.fromPosition;
const SEED = '918273645';

/** Every array anywhere in a JSON value, with its length. */
function arrayLengths(value: unknown): number[] {
  if (Array.isArray(value)) return [value.length, ...value.flatMap(arrayLengths)];
  if (value && typeof value === 'object') return Object.values(value).flatMap(arrayLengths);
  return [];
}

test('"Privacy spent on this data" is the composition of both runs, and charges a run interrupted by a reload in full; the seed stays out of links; the JSON export holds nothing per example', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  // The random encoder has no random-encoder baseline: one DP run per start.
  await page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
  await page.getByRole('slider', { name: 'Epochs' }).fill('3');
  const spent = page.getByRole('status', { name: 'Privacy spent on this data' });
  await expect(spent).toHaveAttribute('data-epsilon', '0');
  await expect(spent).toBeVisible();

  // A seed: reproducible runs, a warning, and never in the address or a copied link.
  await page.getByRole('textbox', { name: 'Seed' }).fill(SEED);
  await expect(page.getByRole('note', { name: 'Seed warning' })).toContainText(
    'does not hold against anyone who knows the seed',
  );
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('epochs=3');
  expect(page.url()).not.toContain(SEED);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('epochs=3');
  expect(copied).not.toContain(SEED);
  expect(new URLSearchParams(new URL(copied).hash.slice(1)).has('seed')).toBe(false);

  // Run 1: σ = 1. q = 1024/2000, ⌈3·2000/1024⌉ = 6 steps, δ = 1e-5 (1/(10·N) rounded down).
  const q = 1024 / 2000;
  const runs = page.getByRole('table', { name: 'Runs' });
  await page.getByRole('button', { name: 'Start private training' }).click();
  await expect(runs.getByRole('row')).toHaveCount(2, { timeout: 200_000 }); // header + the DP run: no baseline
  const one = dpSgdEpsilon({ sampleRate: q, noiseMultiplier: 1, steps: 6, delta: 1e-5 }).epsilon;
  await expect(spent).toHaveAttribute('data-epsilon', String(one));
  await expect(spent).toContainText(`ε = ${one.toPrecision(4)} at δ = 1e-5, 1 DP run composed`);

  // Run 2: another σ. The dataset's ε is the RDP composition of both ledgers.
  await page.getByRole('slider', { name: 'Noise multiplier σ' }).fill('500');
  await page.getByRole('button', { name: 'Start private training' }).click();
  await expect(runs.getByRole('row')).toHaveCount(3, { timeout: 120_000 });
  const both = new RdpAccountant().record(q, 1, 6).record(q, sigmaOf(500), 6).getEpsilon(1e-5).epsilon;
  await expect.poll(async () => Number(await spent.getAttribute('data-epsilon'))).toBeCloseTo(both, 10);
  expect(both).toBeGreaterThan(one);
  await expect(spent).toContainText('2 DP runs composed');
  await expect(
    page.getByRole('checkbox', { name: /no privacy: trained on your private data/ }),
  ).not.toBeChecked();

  // The JSON export: no per-example array (no norms), ε per run and composition stated.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export runs (JSON)' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('gradientNorms');
  expect(text).not.toContain(SEED);
  const exported = JSON.parse(text) as { runs: unknown[] };
  expect(exported.runs).toHaveLength(2);
  expect(Math.max(...arrayLengths(exported))).toBeLessThanOrEqual(41); // a 40-bin histogram's edges; N = 2,000

  // The ledger outlives "Clear runs" and a reload.
  await page.getByRole('button', { name: 'Clear runs' }).click();
  // it asks first (it clears the list in every tab)
  await page.getByRole('button', { name: 'Yes, clear runs' }).click();
  await expect(runs).toHaveCount(0);
  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await expect
    .poll(async () =>
      Number(
        await page.getByRole('status', { name: 'Privacy spent on this data' }).getAttribute('data-epsilon'),
      ),
    )
    .toBeCloseTo(both, 10);

  // A run interrupted by a reload was charged before it started, in full as planned (⌈30·2000/1024⌉ = 59
  // steps): reloading mid-run gives no privacy back.
  await page.getByRole('slider', { name: 'Epochs' }).fill('30');
  await page.getByRole('button', { name: 'Start private training' }).click();
  // (epochs of 2,000 embeddings take milliseconds: the page itself presses Pause once the first is reported)
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const tick = () => {
          const status = document.querySelector('[aria-label="Training status"]')?.textContent ?? '';
          const pause = [...document.querySelectorAll('button')].find(
            (b) => b.textContent?.trim() === 'Pause' && !b.disabled,
          );
          if (/epoch [1-9] of 30/.test(status) && pause) {
            pause.click();
            resolve();
          } else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
  await expect(page.getByRole('status', { name: 'Training status' })).toContainText('paused');
  // while it runs, the run's planned charge already counts, and the footer says so
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
    '1 in progress, charged in full as planned until it reports',
  );
  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  const withInterrupted = new RdpAccountant()
    .record(q, 1, 6)
    .record(q, sigmaOf(500), 6)
    .record(q, sigmaOf(500), 59)
    .getEpsilon(1e-5).epsilon;
  await expect
    .poll(async () =>
      Number(
        await page.getByRole('status', { name: 'Privacy spent on this data' }).getAttribute('data-epsilon'),
      ),
    )
    .toBeCloseTo(withInterrupted, 10);
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
    '3 DP runs composed (RDP); 1 unfinished (running in another tab, or interrupted): charged in full',
  );
  expect(lab.errors).toEqual([]);
});
