import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('Stop while the private images are being embedded ends the job: no DP run follows, and the next start works', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.openSmallPrivate(1);
  const start = page.getByRole('button', { name: 'Start private training' });
  // the sweep's settings are one group, disabled while any job of the panel runs
  await page.getByText('Accuracy versus ε sweep').click();
  const seeds = page.getByRole('spinbutton', { name: 'Seeds per value' });
  await expect(seeds).toBeEnabled();
  await start.click();
  await expect(page.getByRole('progressbar', { name: /Embedding the private images/ })).toBeVisible();
  await expect(seeds).toBeDisabled();
  await page.locator('#finetune').getByRole('button', { name: 'Stop' }).click();
  // The job is over (Start is enabled again only when it has returned) and it trained nothing.
  await expect(start).toBeEnabled();
  await expect(seeds).toBeEnabled();
  await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0);
  // The worker was ended with its caches; the next start embeds again and trains.
  await start.click();
  // header + DP run + random-encoder DP run (the non-private baseline is opt-in since #12)
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(3, {
    timeout: 200_000,
  });
  expect(lab.errors).toEqual([]);
});

test('Stop while a run’s charge waits for the ledger lock: nothing trains, and the charge is withdrawn', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.openSmallPrivate(1);
  await page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
  const spent = page.getByRole('status', { name: 'Privacy spent on this data' });
  const spentEpsilon = async () => Number(await spent.getAttribute('data-epsilon'));
  await expect.poll(spentEpsilon).toBe(0);
  // another tab in the middle of its check-and-charge: this page's charge waits for the lock
  await page.evaluate(
    () =>
      new Promise<void>((held) => {
        void navigator.locks.request(
          'epsilon-lab-ledger',
          () =>
            new Promise<void>((release) => {
              (window as unknown as { unlock: () => void }).unlock = release;
              held();
            }),
        );
      }),
  );
  const start = page.getByRole('button', { name: 'Start private training' });
  await start.click();
  // the planned charge counts at once (in full, until the run reports)
  await expect.poll(spentEpsilon, { timeout: 120_000 }).toBeGreaterThan(0);
  await page.locator('#finetune').getByRole('button', { name: 'Stop' }).click();
  await page.evaluate(() => (window as unknown as { unlock: () => void }).unlock());
  await expect(start).toBeEnabled();
  await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0);
  await expect.poll(spentEpsilon).toBe(0);
  // withdrawn from the store too, not only from this page
  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await expect(spent).toContainText('0 DP runs composed');
  await expect.poll(spentEpsilon).toBe(0);
  expect(lab.errors).toEqual([]);
});
