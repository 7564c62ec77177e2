import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { dpSgdEpsilon } from '../src/lib/privacy';

test('a tiny private training run streams into the charts, adds a point to accuracy versus ε, and runs the baselines', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  // the default encoder: on 2,000 images its probe keeps 32 of its 512 whitened components, and learns
  // within these 6 steps (with all 512 it needed the recipe's longer runs)
  const epochs = page.getByRole('slider', { name: 'Epochs' });
  await epochs.fill('3');
  await page.getByRole('textbox', { name: 'Seed' }).fill('7');
  // The non-private baseline is opt-in (it makes the privacy spent on this data ∞).
  await page.getByRole('checkbox', { name: /no privacy: trained on your private data/ }).check();
  await expect(page.getByRole('figure', { name: 'Training curves' })).toHaveAttribute('data-drawn', '0'); // plotly loaded
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => w.__longTasks.push(e.duration)),
    ).observe({ type: 'longtask' });
  });
  // started from the keyboard: focus goes to Stop while it runs (it fell to <body>), and back to Start after
  const startButton = page.getByRole('button', { name: 'Start private training' });
  await startButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('progressbar', { name: /Embedding the private images/ })).toBeVisible();
  await expect(page.locator('#finetune').getByRole('button', { name: 'Stop', exact: true })).toBeFocused();
  // the status line counts the run's own epochs: moving the slider mid-run does not change them
  await epochs.fill('5');
  await expect(page.getByRole('status', { name: 'Training status' })).toContainText(/epoch \d of 3/, {
    timeout: 200_000,
  });
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('max', '3');
  await page.locator('#finetune').getByRole('button', { name: 'Stop', exact: true }).focus();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(4, { timeout: 200_000 }); // header + DP + non-private + random-encoder DP
  await expect(startButton).toBeFocused();
  // a screen reader hears the start and the end (the status line is not a live region: it changes every epoch)
  await expect(page.getByRole('status', { name: 'Training announcements', exact: true })).toHaveText(
    /^Training ended\. run 1, DP-SGD σ=1\.00 \(finished\): test accuracy [\d.]+%, ε = [\d.]+; run 2, .*; run 3, .*\.$/,
  );
  await epochs.fill('3');
  const dpRow = runs.getByRole('row').nth(1);
  await expect(dpRow).toContainText('DP-SGD σ=1.00');
  // ε in the run list = the accountant for what ran: q = 1024/2000, σ = 1, ⌈3·2000/1024⌉ = 6 steps, and
  // δ = 1/(10·N) rounded down to a power of ten = 1e-5 for N = 2,000
  const eps = dpSgdEpsilon({ sampleRate: 1024 / 2000, noiseMultiplier: 1, steps: 6, delta: 1e-5 }).epsilon;
  await expect(dpRow).toContainText(`${eps.toPrecision(3)} (1e-5)`);
  // on 2,000 images the probe keeps the first 32 of the default encoder's 512 whitened components (one per 64
  // images: fewer dimensions, less noise), and the lesson holds: the default beats the random-encoder contrast
  await expect(dpRow).toContainText('default encoder (first 32 features)');
  const accuracyOf = async (row: number) =>
    Number((await runs.getByRole('row').nth(row).getByRole('cell').nth(8).textContent())!.replace('%', ''));
  expect(await accuracyOf(1)).toBeGreaterThan((await accuracyOf(3)) + 10);
  await expect(page.getByRole('figure', { name: 'Accuracy versus ε' })).toHaveAttribute(
    'data-drawn',
    /^[3-9]/,
  );
  await expect(page.getByRole('figure', { name: 'Training curves' })).toHaveAttribute('data-drawn', /^[1-9]/);
  // each chart's numbers are also a table under it, folded (a screen reader reads a chart's name only)
  await page.getByText('Training curves as a table').click();
  const curveTable = page.getByRole('table', { name: 'Training curves (table)' });
  await expect(curveTable.getByRole('row')).toHaveCount(4); // header + epochs 1–3
  await expect(curveTable.getByRole('columnheader')).toHaveText([
    'epoch',
    'run 1 (default encoder): test accuracy',
    'run 1 (default encoder): ε spent',
  ]);
  // the last epoch: its accuracy, and the ε the accountant gives the whole run (as the runs table says)
  const lastEpoch = curveTable.getByRole('row').nth(3).getByRole('cell');
  await expect(lastEpoch.nth(0)).toHaveText(/^[\d.]+%$/);
  await expect(lastEpoch.nth(1)).toHaveText(eps.toPrecision(3));
  await page.getByText('Confusion matrix as a table').click();
  await expect(page.getByRole('table', { name: 'Confusion matrix (table)' }).getByRole('row')).toHaveCount(
    11,
  );
  // the finished DP run keeps its ε line (the live one is gone with the live run)
  const curves = page.getByRole('figure', { name: 'Training curves' });
  await expect(curves.locator('.legendtext', { hasText: /^ε spent \(run \d+\)$/ })).toHaveCount(1);
  await expect(curves.locator('.legendtext', { hasText: 'ε spent (live)' })).toHaveCount(0);
  // Every chart's toolbar saves files here, and has no "Share chart..." (Plotly's upload to Plotly Cloud).
  const accuracyChart = page.getByRole('figure', { name: 'Accuracy versus ε' });
  await accuracyChart.hover();
  await expect(accuracyChart.locator('.modebar-btn[data-title="Download as SVG"]')).toHaveCount(1);
  await expect(page.locator('.modebar-btn[data-title="Share chart..."]')).toHaveCount(0);
  await expect(page.locator('.modebar-btn[data-title="Download as SVG"]')).not.toHaveCount(0);
  // a keyboard user sees where focus is on the toolbar too: the lab's 3 px ring, not Plotly's 1 px black one
  const svgButton = accuracyChart.locator('.modebar-btn[data-title="Download as SVG"]');
  await svgButton.focus();
  await expect(svgButton).toHaveCSS('outline-width', '3px');
  // one Tab stop per toolbar (it was 5 per chart): ← → move within it, and Tab enters at the last-used button
  const tools = page.getByRole('toolbar', { name: 'Accuracy versus ε: chart tools' });
  await expect(tools.getByRole('button')).toHaveCount(5);
  await expect(tools.locator('button[tabindex="0"]')).toHaveCount(1);
  await tools.getByRole('button').first().focus();
  await page.keyboard.press('End');
  await expect(svgButton).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tools.getByRole('button').first()).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(svgButton).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(tools.locator(':focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(svgButton).toBeFocused();
  const accuracy = Number((await dpRow.getByRole('cell').nth(8).textContent())!.replace('%', ''));
  expect(accuracy).toBeGreaterThan(30); // 10 classes: chance is 10%
  // The main thread stayed free while the workers embedded and trained.
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // A loose guard against a real freeze only: responsiveness (no task over 200 ms) is measured by
  // `npm run -s bench -- ui` in the production build, not asserted on software WebGPU here.
  expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
  // The trained probe downloads as TensorFlow.js model files.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export probe of run 1/ }).click();
  expect((await download).suggestedFilename()).toBe('model.json');
  await page.screenshot({ path: 'test-results/screens/private-training.png', fullPage: true });

  // Target-ε mode: σ is calibrated before training, and the run's ε (from its ledger) is ≤ the target.
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('target-epsilon');
  await page.getByRole('spinbutton', { name: 'Target ε for training' }).fill('2');
  await page.getByRole('button', { name: 'Start private training' }).click();
  await expect(runs.getByRole('row')).toHaveCount(7, { timeout: 120_000 }); // embeddings are cached now
  const targetRow = runs.getByRole('row').nth(4);
  await expect(targetRow).toContainText('target ε=2');
  const shownEps = Number((await targetRow.getByRole('cell').nth(7).textContent())!.split(' ')[0]);
  expect(shownEps).toBeLessThanOrEqual(2);
  expect(shownEps).toBeGreaterThan(1.9);
  expect(lab.errors).toEqual([]);

  // A window resized (moved to a projector, say), in presentation mode: every chart is laid out again for its
  // new width, so no legend reaches past its chart into the text below (they did after a resize)
  const legendsOutside = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.plot')].flatMap((el) => {
        const box = el.getBoundingClientRect();
        const legend = el.querySelector('.legend')?.getBoundingClientRect();
        const out =
          legend && legend.height > 0 && (legend.bottom > box.bottom + 1 || legend.right > box.right + 1);
        return out ? [el.getAttribute('aria-label')] : [];
      }),
    );
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  for (const width of [1024, 1280, 1024]) {
    await page.setViewportSize({ width, height: 720 });
    await expect.poll(legendsOutside).toEqual([]);
  }
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await page.setViewportSize({ width: 1280, height: 720 });

  // The statement names what ran, and runs survive a reload (IndexedDB).
  await page.getByText(/Privacy statement for run/).click();
  // the subset's N, which q and ε are for, not the whole split's
  await expect(page.getByLabel('Privacy statement')).toContainText(
    'trained with DP-SGD on 2,000 images of the Fashion-MNIST private training split, Poisson sampling with q = 0.5120, ',
  );
  await expect(page.getByLabel('Privacy statement')).toContainText('add-or-remove-one adjacency');
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toHaveAttribute(
    'data-epsilon',
    'Infinity',
  );
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
    'run 2: Non-private probe (no privacy: trained on your private data) was trained on this data without privacy',
  );
  // beside the ∞, what the DP runs alone compose to (runs 1, 3, 4 and 6)
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
    /; its 4 DP runs alone compose to ε = \d+(\.\d+)? at δ = 1e-5 \(RDP\)$/,
  );
  await page.reload();
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(7);
  // step 5 marks the last run on its own ε curve once the settings move on (not on the current one's)
  const epsChart = page.getByRole('figure', { name: 'ε over epochs' });
  await expect(epsChart.locator('.legendtext', { hasText: /^that run \(RDP\): / })).toHaveCount(0);
  await page.getByRole('slider', { name: 'Expected batch size' }).fill('256');
  // (a legend at the chart's right wraps its entries: a line ends after "q =", with no space in the text)
  await expect(epsChart.locator('.legendtext', { hasText: /^that run \(RDP\): q =\s*0\.512/ })).toHaveCount(
    1,
  );
  expect(lab.errors).toEqual([]);
});
