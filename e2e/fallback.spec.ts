import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('without WebGPU the lab falls back to WebAssembly and says so', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  expect(await lab.waitForBackend()).toBe('wasm');
  await expect(page.getByRole('alert', { name: 'Backend notice' })).toContainText('No GPU found for WebGPU');
  await page.screenshot({ path: 'test-results/screens/lab-no-webgpu.png', fullPage: true });
  expect(lab.errors).toEqual([]);
});
