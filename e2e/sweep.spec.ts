import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test.describe.configure({ timeout: 240_000 });

test('a sweep charges every run to the dataset, and its points stay on the plot after a reload', async ({
  page,
}) => {
  const lab = new LabPage(page);
  // 2,000 private images, 3 epochs, the random encoder: small runs, and the sweep's runs alone in the ledger
  await lab.openSmallPrivate(3);
  await page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
  await page.getByText('Accuracy versus ε sweep').click();
  await page.getByRole('textbox', { name: 'Sweep target ε values' }).fill('1, 2');
  await page.getByRole('spinbutton', { name: 'Seeds per value' }).fill('1');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const plot = page.getByRole('figure', { name: 'Accuracy versus ε' });
  // the sweep's two points (and the majority-class line)
  await expect(plot).toHaveAttribute('data-drawn', /^[2-9]/, { timeout: 200_000 });
  await expect(page.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  const spent = page.getByRole('status', { name: 'Privacy spent on this data' });
  // two DP runs at ε ≤ 1 and ε ≤ 2 compose to more than either
  // and the footer says where they are: points of the sweep, not rows of the runs table
  await expect(spent).toContainText('2 DP runs composed (RDP; 2 of them in sweeps)');
  const total = Number(await spent.getAttribute('data-epsilon'));
  expect(total).toBeGreaterThan(2);
  expect(total).toBeLessThan(3.01);
  // the sweep's numbers, nowhere else on the page, are also a table under the chart: each point's ε ≤ its target
  await page.getByText('Accuracy versus ε as a table').click();
  const rows = page.getByRole('table', { name: 'Accuracy versus ε (table)' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  const epsilonOf = async (i: number) => Number(await rows.nth(i).getByRole('cell').nth(1).textContent());
  expect(await epsilonOf(1)).toBeLessThanOrEqual(1);
  expect(await epsilonOf(2)).toBeLessThanOrEqual(2);
  await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText(/^[\d.]+% ± [\d.]+%$/);
  await expect(rows.nth(1).getByRole('cell').nth(3)).toHaveText('1');

  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await expect(page.getByRole('figure', { name: 'Accuracy versus ε' })).toHaveAttribute(
    'data-drawn',
    /^[2-9]/,
  );
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toHaveAttribute(
    'data-epsilon',
    String(total),
  );
  expect(lab.errors).toEqual([]);
});
