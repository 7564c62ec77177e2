import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('the lab loads in pipeline order with no console errors', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const titles = await page.getByRole('heading', { level: 2 }).allTextContents();
  expect(titles.map((t) => t.replace(/^\d/, ''))).toEqual([
    'Data',
    'Pretrain (public data)',
    'Private fine-tune',
    'Attack this model',
    'Privacy budget',
    'Embeddings',
  ]);
  await lab.waitForBackend();
  await page.screenshot({ path: 'test-results/screens/lab-default.png', fullPage: true });
  // The steps bar at the top of the window goes to a step (its heading below the bar, and focused for the
  // keyboard) without touching the URL hash, which holds the configuration
  const steps = page.getByRole('navigation', { name: 'Steps' });
  await expect(steps.getByRole('button')).toHaveText([
    '1 Data',
    '2 Pretrain',
    '3 Private fine-tune',
    '4 Attack',
    '5 Privacy budget',
    '6 Embeddings',
  ]);
  // the step being read is marked (for screen readers too): step 1 at the top of the page
  await expect(steps.getByRole('button', { name: /Data/ })).toHaveAttribute('aria-current', 'step');
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no smooth scrolling: measured where it stays
  await page.waitForFunction(() => location.hash.length > 1); // the configuration, written debounced
  const hash = await page.evaluate(() => location.hash);
  await steps.getByRole('button', { name: /Embeddings/ }).click();
  const heading = page.getByRole('heading', { level: 2, name: /Embeddings/ });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  const bar = (await steps.boundingBox())!;
  await expect.poll(async () => (await heading.boundingBox())!.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  await expect(steps.getByRole('button', { name: /Embeddings/ })).toHaveAttribute('aria-current', 'step');
  await expect(steps.locator('[aria-current]')).toHaveCount(1);
  // the header's "New here?" names the steps to start with as links that go there the same way
  await page.getByRole('banner').getByRole('link', { name: 'Step 3' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Private fine-tune/ })).toBeFocused();
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(lab.errors).toEqual([]);
});

test('software WebGPU is not chosen by default: wasm runs and the banner says why', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  expect(await lab.waitForBackend()).toBe('wasm');
  await expect(page.getByRole('alert', { name: 'Backend notice' })).toContainText('No GPU found for WebGPU');
  await expect(page.getByRole('alert', { name: 'Backend notice' })).toContainText('WebAssembly');
});

test('forced WebGPU round-trip: the worker reports webgpu and multiplies two matrices', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=webgpu');
  expect(await lab.waitForBackend()).toBe('webgpu');
  await expect(lab.backend()).toContainText(/swiftshader/i);
  const hook = await page.evaluate(() =>
    (window as unknown as { __lab?: { selfTest(): Promise<unknown> } }).__lab?.selfTest(),
  );
  expect(hook).toEqual({ backend: 'webgpu', product: [19, 22, 43, 50] });
  expect(lab.errors).toEqual([]);
});

test('cancelling a worker job terminates it and the next job works', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  // A warm check on a quiet machine takes well under a second (40 products of 512×512 at ~27 GFLOP/s): from
  // Playwright, the progress bar could come and go between two polls. So the page clicks Cancel itself, on the
  // first frame the bar is shown.
  const cancelled = await page.evaluate(async () => {
    const speed = document.querySelector('.speed')!;
    const button = (name: string) =>
      [...speed.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    button('Check speed')!.click();
    for (let frame = 0; frame < 600; frame++) {
      const bar = speed.querySelector('progress[aria-label="Speed check progress"]');
      const cancel = button('Cancel');
      if (bar && cancel) {
        cancel.click();
        return true;
      }
      await new Promise((r) => requestAnimationFrame(r));
    }
    return false;
  });
  expect(cancelled).toBe(true);
  await expect(page.getByRole('status', { name: 'Speed check result' })).toHaveText('Speed check cancelled.');
  await page.getByRole('button', { name: 'Check speed' }).click();
  await expect(page.getByRole('status', { name: 'Speed check result' })).toContainText('GFLOP/s', {
    timeout: 90_000,
  });
  expect(lab.errors).toEqual([]);
});

test('a worker that throws is reported and the lab stays usable', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  const message = await page.evaluate(() =>
    (window as unknown as { __lab: { fail(m: string): Promise<string> } }).__lab.fail('boom in worker'),
  );
  expect(message).toContain('boom in worker');
  await page.getByRole('slider', { name: 'Epochs' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(lab.epsilon()).toBeVisible();
});

test('a worker that dies is reported with its message, and the next job gets a fresh worker', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  await page.evaluate(() =>
    (window as unknown as { __lab: { crash(m: string): Promise<void> } }).__lab.crash('simulated crash'),
  );
  await expect(page.getByRole('alert').filter({ hasText: 'The worker stopped' })).toContainText(
    'simulated crash',
  );
  // with the error banner stuck under the steps bar, a step's heading lands below both, not under the banner
  // (reduced motion: the bar then scrolls at once, so the heading is measured where it stays)
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const banner = page.locator('.errors');
  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: /Attack/ })
    .click();
  const heading = page.getByRole('heading', { level: 2, name: /Attack this model/ });
  await expect(heading).toBeFocused();
  await expect
    .poll(
      async () =>
        (await heading.boundingBox())!.y -
        ((await banner.boundingBox())!.y + (await banner.boundingBox())!.height),
    )
    .toBeGreaterThanOrEqual(0);
  await page.getByRole('button', { name: 'Check speed' }).click();
  await expect(page.getByRole('status', { name: 'Speed check result' })).toContainText('GFLOP/s', {
    timeout: 90_000,
  });
  lab.errors.length = 0; // the crash itself is logged to the console by the browser, as it should be
});
