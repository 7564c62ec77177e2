import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('attack this model: a DP run and its non-private baseline side by side, ROC, AUC and ε lower bound beside ε', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForBackend();
  // A tiny setting: 2,000 private training images, 3 epochs, 2 shadow probes, 100 members audited.
  await page.getByRole('combobox', { name: 'Private training images' }).selectOption('2000');
  await page.getByRole('slider', { name: 'Epochs' }).fill('3');
  await page.getByRole('textbox', { name: 'Seed' }).fill('7');
  const attackButton = page.getByRole('button', { name: 'Attack this model' });
  await expect(attackButton).toBeDisabled(); // no runs yet
  // the non-private baseline is opt-in since #12; the audit compares it with the DP run
  await page.getByRole('checkbox', { name: /no privacy: trained on your private data/ }).check();
  await page.getByRole('button', { name: 'Start private training' }).click();
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(4, {
    timeout: 200_000,
  });

  const section = page.getByRole('region', { name: 'Attack this model' });
  await expect(section).toContainText('not part of what you release');
  await section.getByRole('spinbutton', { name: 'Shadow probes' }).fill('2');
  await section.getByRole('spinbutton', { name: 'Members audited' }).fill('100');
  const results = section.getByRole('table', { name: 'Attack results' });
  // offered first: the DP run the user trained, not the random-encoder contrast trained after it (run 3)
  await expect(section.getByRole('combobox', { name: 'Run to attack' })).toHaveValue('1');
  for (const [run, rows] of [
    ['1', 3],
    ['2', 6],
  ] as const) {
    await section.getByRole('combobox', { name: 'Run to attack' }).selectOption(run);
    await attackButton.click();
    await expect(results.getByRole('row')).toHaveCount(rows + 1, { timeout: 120_000 });
    await expect(section.getByRole('progressbar')).toHaveCount(0); // no progress lands after the end
  }
  // Run 1 (DP): loss, LiRA online and offline, each with an AUC in [0, 1] and the accountant's ε beside
  // its lower bound, which must not exceed it.
  const dpRows = results.getByRole('row').filter({ hasText: '1. DP-SGD' });
  await expect(dpRows).toHaveCount(3);
  await expect(dpRows.nth(1)).toContainText('LiRA online (2 shadows)');
  for (let i = 0; i < 3; i++) {
    const cells = dpRows.nth(i).getByRole('cell');
    // "0.531 (0.470–0.592)": the AUC in [0, 1], inside its 95% interval
    const [auc, low, high] = (await cells.nth(2).textContent())!.match(/[\d.]+/g)!.map(Number);
    expect(auc).toBeGreaterThanOrEqual(0);
    expect(auc).toBeLessThanOrEqual(1);
    expect(low).toBeLessThanOrEqual(auc!);
    expect(high).toBeGreaterThanOrEqual(auc!);
    expect(high! - low!).toBeGreaterThan(0.05); // 100 members and 100 non-members: an AUC this uncertain
    // 100 non-members: "0.1% FPR" allows no false positive, and the cell says so
    await expect(cells.nth(4)).toContainText('(at 0 false positives of 100)');
    const bound = Number(await cells.nth(5).textContent());
    const accountant = Number((await cells.nth(6).textContent())!.split(' ')[0]);
    expect(accountant).toBeGreaterThan(0);
    expect(bound).toBeLessThanOrEqual(accountant);
  }
  await expect(results.getByRole('row').filter({ hasText: '2. Non-private probe' }).first()).toContainText(
    'none (∞)',
  );
  await expect(section.getByLabel('Audit summary')).toContainText(
    /an attacker provably cannot do better than the dashed line; this attack reached the solid one/i,
  );
  // ROC: the diagonal, two attack curves and the DP run's dashed bound are drawn.
  await expect(section.getByRole('figure', { name: 'Membership ROC' })).toHaveAttribute(
    'data-drawn',
    /^[1-9]\d+/,
  );
  await section.screenshot({ path: 'test-results/screens/audit.png' });

  // Pause, resume and stop: a long attack (64 shadows) on run 3 stops between shadows and keeps what it has.
  await section.getByRole('spinbutton', { name: 'Shadow probes' }).fill('64');
  await section.getByRole('combobox', { name: 'Run to attack' }).selectOption('3');
  await attackButton.click();
  await expect(section.getByRole('progressbar', { name: 'Training shadow probes' })).toBeVisible();
  await section.getByRole('button', { name: 'Pause attack' }).click();
  await section.getByRole('button', { name: 'Resume attack' }).click();
  await section.getByRole('button', { name: 'Stop attack' }).click();
  await expect(results.getByRole('row').filter({ hasText: '(stopped)' })).not.toHaveCount(0);
  await expect(attackButton).toBeEnabled();

  // After a reload, a run on the built-in data can still be attacked: its embeddings are made again (from
  // the cache), and nothing more is charged to the data
  // the results are kept: a reload shows the same table (an audit with shadows takes minutes)
  const footer = page.getByRole('status', { name: 'Privacy spent on this data' });
  const spent = await footer.textContent();
  const shown = await results.getByRole('row').allTextContents();
  await page.reload();
  await lab.waitForBackend();
  await expect(footer).toHaveText(spent!);
  await expect(results.getByRole('row')).toHaveText(shown);
  await expect(section.getByRole('combobox', { name: 'Run to attack' })).toHaveValue('1');
  await section.getByRole('spinbutton', { name: 'Shadow probes' }).fill('2');
  await section.getByRole('spinbutton', { name: 'Members audited' }).fill('100');
  await attackButton.click();
  await expect(section.getByRole('progressbar').first()).toBeVisible();
  await expect(section.getByRole('progressbar')).toHaveCount(0, { timeout: 120_000 });
  // run 1's new audit replaces its old one
  await expect(results.getByRole('row').filter({ hasText: '1. DP-SGD' })).toHaveCount(3);
  await expect(results.getByRole('row')).toHaveCount(shown.length);
  await expect(footer).toHaveText(spent!);

  // "Clear runs" clears their attack results too, from this browser's storage (the ledger stays)
  const storedAudits = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('epsilon-lab-audits');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const count = open.result.transaction('audits').objectStore('audits').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(new Error(String(count.error)));
          };
        }),
    );
  await expect.poll(storedAudits).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Clear runs' }).click();
  await page.getByRole('button', { name: 'Yes, clear runs' }).click();
  await expect(results).toHaveCount(0);
  await expect.poll(storedAudits).toBe(0);
  await expect(footer).toHaveText(spent!);
  expect(lab.errors).toEqual([]);
});
