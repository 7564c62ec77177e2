import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('SimCLR pretraining runs on WebGPU in a worker: the loss streams into the chart while the page stays responsive', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.open('?backend=webgpu');
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => w.__longTasks.push(e.duration)),
    ).observe({ type: 'longtask', buffered: false });
  });
  const section = page.locator('#pretrain');
  await section.getByRole('button', { name: 'Show positive pairs' }).click();
  await expect(section.getByLabel('Positive pairs').locator('canvas')).toHaveCount(18, { timeout: 60_000 });
  await section.getByRole('combobox', { name: 'Encoder width' }).selectOption('8');
  await section.getByRole('combobox', { name: 'Pretraining batch size' }).selectOption('8');
  await expect(section.getByRole('figure', { name: 'Pretraining loss' })).toHaveAttribute('data-drawn', '0'); // plotly loaded
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = [])); // count from here
  await section.getByRole('button', { name: 'Start pretraining' }).click();
  const status = section.getByRole('status', { name: 'Pretraining status' });
  await expect(status).toContainText('webgpu', { timeout: 120_000 });
  // a handful of steps: the loss chart has at least 3 points
  await expect(section.getByRole('figure', { name: 'Pretraining loss' })).toHaveAttribute(
    'data-drawn',
    /^([3-9]|\d\d+)$/,
    { timeout: 180_000 },
  );
  const loss = Number((await status.textContent())!.match(/loss ([\d.]+)/)![1]);
  expect(loss).toBeGreaterThan(0);
  expect(loss).toBeLessThan(Math.log(2 * 8 - 1) + 1); // NT-Xent ≤ log(2N−1) + a margin at the start
  await section.getByRole('button', { name: 'Stop' }).click();
  await expect(section.getByText(/Pretrained \d+ steps in \d+ s on webgpu/)).toBeVisible({ timeout: 60_000 });
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // A loose guard against a real freeze only: responsiveness (no task over 200 ms) is measured by
  // `npm run -s bench -- ui` in the production build, not asserted on software WebGPU here.
  expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
  // Keep it in the browser (IndexedDB) by name, and choose it for fine-tuning.
  await section.getByRole('textbox', { name: 'Encoder name' }).fill('tiny-test');
  await section.getByRole('button', { name: 'Save in this browser' }).click();
  const saved = section.getByRole('table', { name: 'Saved encoders' });
  await expect(saved).toContainText('tiny-test');
  await expect(saved).toContainText('SimCLR encoder, width 8, 28×28×1, pretrained on fashion-mnist');
  await saved.getByRole('button', { name: 'Use' }).click();
  await expect(page.getByRole('combobox', { name: 'Encoder', exact: true })).toHaveValue('session');
  await section.screenshot({ path: 'test-results/screens/pretrain.png' });
  expect(lab.errors).toEqual([]);
});
