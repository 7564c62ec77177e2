import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { dpSgdSchedule } from '../src/lib/privacy';
import { calibrateNoiseMultiplier } from '../src/lib/privacy/calibrate';
import { pldEpsilon } from '../src/lib/privacy/pld';
import { builtinCount, builtinDataset } from '../src/lib/data/builtin';
import { DEFAULT_CONFIG } from '../src/state/lab-config';

const N = builtinCount(builtinDataset('fashion-mnist'), 'private-train');

test('the privacy panel shows ε under RDP and PLD, and PLD can drive "Target ε"', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const pld = page.getByRole('status', { name: 'ε under the PLD accountant' });
  const { sampleRate, steps } = dpSgdSchedule({
    datasetSize: N,
    batchSize: DEFAULT_CONFIG.expectedBatchSize,
    epochs: DEFAULT_CONFIG.epochs,
  });
  const expected = pldEpsilon(
    [{ q: sampleRate, sigma: DEFAULT_CONFIG.noiseMultiplier, steps }],
    10 ** DEFAULT_CONFIG.deltaExp,
  );
  // The browser's and Node's Math.exp/log differ in the last bits, which the FFT carries to ~1e-9.
  await expect(pld).toHaveAttribute('data-epsilon', /\d/);
  const first = await pld.getAttribute('data-epsilon');
  expect(Math.abs(Number(first) / expected - 1)).toBeLessThan(1e-6);
  const rdp = Number(await lab.epsilon().getAttribute('data-epsilon'));
  expect(expected).toBeLessThan(rdp);
  await expect(page.getByText(/PLD tracks the whole distribution of the privacy loss/)).toBeVisible();

  await page.getByRole('combobox', { name: 'Accountant for target ε and budget stops' }).selectOption('pld');
  await page.getByRole('textbox', { name: 'Target ε' }).fill('0.8');
  await page.getByRole('button', { name: 'Solve for σ' }).click();
  await expect(page.getByText(/reaches ε = .*\(PLD\)/)).toBeVisible();
  await expect(pld).not.toHaveAttribute('data-epsilon', first!);
  await expect(pld).toHaveAttribute('data-epsilon', /\d/);
  const shown = Number(await pld.getAttribute('data-epsilon'));
  expect(shown).toBeLessThanOrEqual(0.8);
  expect(shown).toBeGreaterThan(0.79);
  // the headline is now the PLD ε of the same run, and the RDP ε beside it is larger
  await expect(lab.epsilon()).toHaveAttribute('data-accountant', 'pld');
  await expect(lab.epsilon()).toHaveAttribute('data-epsilon', String(shown));
  expect(Number(await pld.getAttribute('data-rdp-epsilon'))).toBeGreaterThan(shown);
  await expect(page.getByText('ε of the next run (PLD)')).toBeVisible();
  // the address follows once its debounced write lands (300 ms after the last change): polled, not read at once
  await expect(page).toHaveURL(/acct=pld/);

  // Target-ε mode under PLD: the σ shown (slider and table) is the one PLD calibrates in its worker, never the
  // RDP σ at hand while it works (that σ, larger, would read as the run's)
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('target-epsilon');
  const slider = page.getByRole('slider', { name: 'Noise multiplier σ' });
  const seen = new Set<string>();
  await page.getByRole('spinbutton', { name: 'Target ε for training' }).fill('0.8');
  // what the slider says while PLD works, and after
  for (let i = 0; i < 20; i++) {
    seen.add((await slider.getAttribute('aria-valuetext'))!);
    await page.waitForTimeout(50);
  }
  await expect(lab.epsilon()).toHaveAttribute('data-epsilon', /\d/);
  const pldSigma = calibrateNoiseMultiplier({
    targetEpsilon: 0.8,
    sampleRate,
    steps,
    delta: 10 ** DEFAULT_CONFIG.deltaExp,
    accountant: 'pld',
  }).noiseMultiplier;
  const rdpSigma = calibrateNoiseMultiplier({
    targetEpsilon: 0.8,
    sampleRate,
    steps,
    delta: 10 ** DEFAULT_CONFIG.deltaExp,
  }).noiseMultiplier;
  expect(pldSigma).toBeLessThan(rdpSigma * 0.99);
  const sigmaShown = async () => Number((await slider.getAttribute('aria-valuetext'))!.replace('σ = ', ''));
  expect(Math.abs((await sigmaShown()) / pldSigma - 1)).toBeLessThan(1e-3);
  for (const text of seen) expect(text).not.toBe(`σ = ${rdpSigma.toPrecision(4)}`);
  expect(lab.errors).toEqual([]);
});
