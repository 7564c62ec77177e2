import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('"Compare encoders" runs the same DP probe on raw pixels, a random network, SimCLR v1 and the default encoder, one series each', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.openSmallPrivate(5);
  // 2,000 images, B = 256, 5 epochs: 40 steps
  await page.getByRole('slider', { name: 'Expected batch size' }).fill('256');
  // a seed: the ranking below is asserted on reproducible noise and sampling, not on one random draw
  await page.getByRole('textbox', { name: 'Seed' }).fill('7');
  // every kind is offered, the default first
  const picker = page.getByRole('combobox', { name: 'Encoder', exact: true });
  await expect(picker).toHaveValue('shipped');
  await expect(picker.getByRole('option')).toHaveText([
    /^Default: scattering/,
    /^Scattering transform/,
    /^SimCLR ResNet, first version/,
    /^Raw pixels/,
    /^Random/,
  ]);
  await page.getByRole('button', { name: 'Compare encoders' }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(5, { timeout: 280_000 }); // header + 4 encoders
  for (const [i, name] of ['raw pixels', 'random encoder', 'SimCLR v1', 'default encoder'].entries())
    await expect(runs.getByRole('row').nth(i + 1)).toContainText(name);
  // one DP series per encoder on the accuracy-versus-ε plot (plus the majority line)
  const plot = page.getByRole('figure', { name: 'Accuracy versus ε' });
  await expect(plot).toHaveAttribute('data-drawn', /^[4-9]/);
  for (const series of [
    'DP probe, raw pixels',
    'DP probe, random encoder',
    'DP probe, SimCLR v1',
    'DP probe, default encoder',
  ])
    await expect(plot).toContainText(series);
  // every encoder's pipeline works: well above chance (10 classes: 10%) after 40 steps; and better features make
  // DP cheaper: the default (its first 32 whitened components on 2,000 images) leads every other encoder
  const accuracy = async (row: number) =>
    Number((await runs.getByRole('row').nth(row).getByRole('cell').nth(8).textContent())!.replace('%', ''));
  const all = [await accuracy(1), await accuracy(2), await accuracy(3), await accuracy(4)];
  for (const a of all) expect(a).toBeGreaterThan(25);
  expect(all[3]).toBeGreaterThan(Math.max(all[0]!, all[1]!, all[2]!));
  await page.screenshot({ path: 'test-results/screens/compare-encoders.png', fullPage: true });
  expect(lab.errors).toEqual([]);
});
