import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { RdpAccountant } from '../src/lib/privacy';

test.describe.configure({ timeout: 240_000 });

// Both tabs: 2,000 private images, 3 epochs, σ = 1, the random encoder (one DP run per start):
// q = 1024/2000, ⌈3·2000/1024⌉ = 6 steps, δ = 1e-5.
const q = 1024 / 2000;
const spentOf = (page: Page) => page.getByRole('status', { name: 'Privacy spent on this data' });

async function smallRandomRun(lab: LabPage) {
  await lab.openSmallPrivate(3);
  await lab.page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
}

test('two tabs on the same data each add their charge: neither erases the other’s', async ({ context }) => {
  const a = new LabPage(await context.newPage());
  const b = new LabPage(await context.newPage());
  await smallRandomRun(a);
  await smallRandomRun(b); // loaded before tab A's run: its own copy of the ledger lacks that run
  await a.page.getByRole('button', { name: 'Start private training' }).click();
  await expect(a.page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2, {
    timeout: 200_000,
  });
  await b.page.getByRole('button', { name: 'Start private training' }).click();
  // (tab B's run list is its own: header + its run)
  await expect(b.page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2, {
    timeout: 200_000,
  });
  await a.page.reload();
  await a.page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  const both = new RdpAccountant().record(q, 1, 6).record(q, 1, 6).getEpsilon(1e-5).epsilon;
  await expect
    .poll(async () => Number(await spentOf(a.page).getAttribute('data-epsilon')))
    .toBeCloseTo(both, 10);
  await expect(spentOf(a.page)).toContainText('2 DP runs composed');
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('a ledger stored the old way (one value for all datasets) is read and kept', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.openSmallPrivate(3);
  // the old format: { [dataset key]: LedgerRun[] } under the key "ledgers", written with the raw IndexedDB API
  await page.evaluate(
    ({ q }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('epsilon-lab-ledgers');
        open.onupgradeneeded = () => open.result.createObjectStore('ledgers');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('ledgers', 'readwrite');
          tx.objectStore('ledgers').put(
            {
              'builtin:fashion-mnist': [
                {
                  label: 'run 1',
                  private: true,
                  ledger: { accountant: 'rdp', ledger: [{ q, sigma: 1, steps: 6 }] },
                },
              ],
            },
            'ledgers',
          );
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    { q },
  );
  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  const one = new RdpAccountant().record(q, 1, 6).getEpsilon(1e-5).epsilon;
  await expect
    .poll(async () => Number(await spentOf(page).getAttribute('data-epsilon')))
    .toBeCloseTo(one, 10);
  // and once more: it was moved to the new records, not read once and lost
  await page.reload();
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await expect
    .poll(async () => Number(await spentOf(page).getAttribute('data-epsilon')))
    .toBeCloseTo(one, 10);
  expect(lab.errors).toEqual([]);
});
