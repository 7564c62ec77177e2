import { expect, type Page, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { RdpAccountant } from '../src/lib/privacy';
import { SAMPLE_RUN } from '../src/app/probe/run-fixture';

test.describe.configure({ timeout: 240_000 });

// Both tabs: 2,000 private images, 3 epochs, σ = 1, the random encoder (one DP run per start):
// q = 1024/2000, ⌈3·2000/1024⌉ = 6 steps, δ = 1e-5.
const q = 1024 / 2000;
const spentOf = (page: Page) => page.getByRole('status', { name: 'Privacy spent on this data' });

async function smallRandomRun(lab: LabPage) {
  await lab.openSmallPrivate(3);
  await lab.page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
}

test('two tabs on the same data: each sees the other’s runs and charges at once, and neither erases them', async ({
  context,
}) => {
  const a = new LabPage(await context.newPage());
  const b = new LabPage(await context.newPage());
  await smallRandomRun(a);
  await smallRandomRun(b); // loaded before tab A's run
  const rows = (lab: LabPage) => lab.page.getByRole('table', { name: 'Runs' }).getByRole('row');
  const spent = async (lab: LabPage) => Number(await spentOf(lab.page).getAttribute('data-epsilon'));
  const one = new RdpAccountant().record(q, 1, 6).getEpsilon(1e-5).epsilon;
  const both = new RdpAccountant().record(q, 1, 6).record(q, 1, 6).getEpsilon(1e-5).epsilon;
  await a.page.getByRole('button', { name: 'Start private training' }).click();
  await expect(rows(a)).toHaveCount(2, { timeout: 200_000 });
  // tab B is told (BroadcastChannel) and reads the store again: A's run and its charge, without a reload
  await expect(rows(b)).toHaveCount(2);
  await expect(b.page.getByRole('checkbox', { name: 'Show run 1' })).toBeVisible();
  await expect.poll(() => spent(b)).toBeCloseTo(one, 10);
  await b.page.getByRole('button', { name: 'Start private training' }).click();
  await expect(rows(b)).toHaveCount(3, { timeout: 200_000 });
  await expect(rows(a)).toHaveCount(3);
  // the run ids come from one counter the tabs share: no two runs are numbered alike
  await expect(a.page.getByRole('checkbox', { name: 'Show run 2' })).toBeVisible();
  await expect(b.page.getByRole('checkbox', { name: 'Show run 1' })).toBeVisible();
  await expect.poll(() => spent(a)).toBeCloseTo(both, 10);
  await expect(spentOf(a.page)).toContainText('2 DP runs composed');
  // and both runs are stored: after a reload, both tabs' runs are there
  await a.page.reload();
  await a.page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await expect(rows(a)).toHaveCount(3);
  await expect.poll(() => spent(a)).toBeCloseTo(both, 10);
  // clearing the run list in one tab clears it in the other; the ledger stays
  await b.page.getByRole('button', { name: 'Clear runs' }).click();
  await expect(rows(a)).toHaveCount(0);
  await expect.poll(() => spent(a)).toBeCloseTo(both, 10);
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

test('runs and sweeps stored the old way (one list) are moved to one record each; a run that cannot be read is kept and said', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await page.evaluate(
    (fields) =>
      new Promise<void>((resolve, reject) => {
        const run = {
          ...fields,
          id: 4,
          encoder: 'random',
          weights: new Float32Array(fields.weights),
          bias: new Float32Array(fields.bias),
        };
        const open = indexedDB.open('epsilon-lab-runs');
        open.onupgradeneeded = () => open.result.createObjectStore('runs');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put({ schema: 1, runs: [run, { id: 5, label: 'half a run' }] }, 'runs');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    SAMPLE_RUN,
  );
  // and a sweep list stored the old way (sweeps had no ids then)
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const point = (value: number) => ({
          value,
          noiseMultiplier: 2,
          epsilon: value,
          accuracy: 0.6,
          accuracyStd: 0,
          accuracies: [0.6],
        });
        const open = indexedDB.open('epsilon-lab-sweeps');
        open.onupgradeneeded = () => open.result.createObjectStore('sweeps');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('sweeps', 'readwrite');
          tx.objectStore('sweeps').put([{ encoder: 'random', points: [point(1), point(2)] }], 'sweeps');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
  for (let load = 0; load < 2; load++) {
    await page.reload();
    // the readable run is shown (and, the second time, read from its own record)…
    await expect(page.getByRole('checkbox', { name: 'Show run 4' })).toBeVisible();
    // …and the one that is not is reported, not dropped: it is still there to report after the move
    await expect(
      page.getByText(/Some saved runs could not be restored \(stored run 1 was skipped: /),
    ).toBeVisible();
    await expect(page.getByRole('img', { name: 'Accuracy versus ε' })).toContainText(
      'sweep 1 (random encoder)',
    );
  }
  // the next run is numbered after the stored ones
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await page.getByRole('slider', { name: 'Epochs' }).fill('1');
  await page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('random');
  await page.getByRole('button', { name: 'Start private training' }).click();
  await expect(page.getByRole('checkbox', { name: 'Show run 5' })).toBeVisible({ timeout: 200_000 });
  expect(lab.errors).toEqual([]);
});
