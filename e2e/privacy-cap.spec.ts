import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { RdpAccountant } from '../src/lib/privacy';
import { capCheck } from '../src/lib/dp/dataset-ledger';
import { privacyCap } from '../src/lib/privacy/filter';

test.describe.configure({ timeout: 240_000 });

const run = (steps: number) => ({
  label: 'run',
  private: true,
  ledger: { accountant: 'rdp' as const, ledger: [{ q: 1024 / 2000, sigma: 1, steps }] },
});
/** The cap's order, and the share of its Rényi budget used before and after a run of 6 steps on `done` steps. */
function atCap(cap: number, done: number) {
  const c = privacyCap(cap, 1e-5);
  const check = capCheck(done ? [run(done)] : [], [run(6)], c);
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;
  return {
    order: c.order,
    before: check.usedBefore ? pct(check.usedBefore) : '0%',
    after: pct(check.usedAfter),
    fits: check.allowed,
  };
}

test('a cap on this data is stored with it: it refuses the start that would pass its Rényi budget, at one order fixed when it was set, in step 3 and for a sweep', async ({
  page,
}) => {
  const lab = new LabPage(page);
  // from a link: 2,000 private images, 3 epochs, the random encoder (no contrast), so one start is one DP run of
  // q = 1024/2000, σ = 1, 6 steps, at δ = 1e-5
  await lab.open('#subset=2000&epochs=3&encoder=random&delta=-5');
  await lab.waitForBackend();
  const start = page.getByRole('button', { name: 'Start private training' });
  const why = page.getByRole('note', { name: 'Why training cannot start' });
  const capBox = page.getByRole('checkbox', { name: "Cap this data's total ε at" });
  const capNote = page.getByRole('note', { name: 'What the cap does' });
  const spent = page.getByRole('status', { name: 'Privacy spent on this data' });
  await expect(start).toBeEnabled();
  await expect(capNote).toContainText('No cap');

  // the first cap a tick sets, 8, is below one run's ε at its order: Start is refused, and says so
  await capBox.check();
  const at8 = atCap(8, 0);
  expect(at8.fits).toBe(false);
  await expect(start).toBeDisabled();
  await expect(why).toContainText(
    `This start would bring this data to ${at8.after} of its cap's budget (ε = 8 at δ = 1e-5; 0% used so far), past the cap. Spend less per run: raise σ, or fewer epochs or a smaller batch.`,
  );

  // an edit left by unticking the box: one click unticks (leaving the field applied its value, and the box, then
  // disabled while the cap was saved, lost the click)
  const capField = page.getByRole('textbox', { name: "Cap on this data's ε" });
  await capField.fill('0.5');
  await capBox.click();
  await expect(capBox).not.toBeChecked();
  await expect(capNote).toContainText('No cap');
  await capBox.check();
  await expect(capNote).toContainText('stay within ε = 0.5 at δ = 1e-5');

  // a cap beyond the lab's largest ε is refused as step 3's target is (1e9 was taken), and nothing is applied
  await capField.fill('1e9');
  await capField.press('Enter');
  await expect(capField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#cap-invalid')).toHaveText(
    'The lab takes a cap up to 100: beyond it, ε promises next to nothing.',
  );
  await expect(capNote).toContainText('stay within ε = 0.5 at δ = 1e-5');
  // unticked, the refused text is not said to be wrong any more (its field is disabled), and a tick starts at 8
  await capBox.uncheck();
  await expect(page.locator('#cap-invalid')).toHaveCount(0);
  await capBox.check();
  await expect(capField).toHaveValue('8');
  await expect(capNote).toContainText('stay within ε = 8 at δ = 1e-5');

  // a cap of 12 holds one run but not two (their best-order ε, 12.9, is over it too)
  // a new value applies on Enter (or when the field is left), not at every keystroke
  await capField.fill('12');
  await capField.press('Enter');
  const one = atCap(12, 0);
  const two = atCap(12, 6);
  expect(one.fits).toBe(true);
  expect(two.fits).toBe(false);
  await expect(capNote).toContainText(
    'All runs on this data together stay within ε = 12 at δ = 1e-5, although you choose each run after seeing the last.',
  );
  await expect(capNote).toContainText(`α = ${one.order}`);
  // the order and δ were fixed when the cap was set: the δ slider does not move them
  const delta = page.getByRole('slider', { name: 'δ (delta)' });
  await delta.fill('-8');
  await expect(capNote).toContainText(`α = ${one.order}`);
  // and the footer, whose ε is at the slider's δ, gives the data's ε at the cap's δ too
  await expect(spent).toContainText('cap ε = 12 at δ = 1e-5: ε = 0 at that δ; 0% of its budget used');
  await expect(capNote).toContainText('ε = 12 at δ = 1e-5');
  await delta.fill('-5');
  await expect(start).toBeEnabled();
  await start.click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(2, { timeout: 200_000 });
  await expect(start).toBeDisabled();
  await expect(why).toContainText(`This start would bring this data to ${two.after} of its cap's budget`);
  await expect(why).toContainText(`${two.before} used so far`);
  await expect(spent).toContainText(`cap ε = 12 at δ = 1e-5: ${two.before} of its budget used`);
  // the footer's ε (best order) is the plain composition, under the cap
  const best = Number(await spent.getAttribute('data-epsilon'));
  expect(best).toBeCloseTo(RdpAccountant.fromJSON(run(6).ledger).getEpsilon(1e-5).epsilon, 10);

  // stored with the data: a reload keeps it
  await page.reload();
  await expect(capBox).toBeChecked();
  await expect(spent).toContainText(`cap ε = 12 at δ = 1e-5: ${two.before} of its budget used`);
  await expect(start).toBeDisabled();

  // a sweep is checked run by run as it charges them: its first run (target ε = 8) would pass the cap, so it
  // is not charged, not trained, and says why
  await page.getByText('Accuracy versus ε sweep').click();
  await page.getByRole('textbox', { name: 'Sweep target ε values' }).fill('8');
  await page.getByRole('spinbutton', { name: 'Seeds per value' }).fill('1');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Sweep 1 stopped after 0 of 1 runs' }),
  ).toContainText('its next run was not started, since this start would bring this data to', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  await expect(spent).toHaveAttribute('data-epsilon', String(best));
  await expect(spent).toContainText('1 DP run composed');

  // raised after a run: it asks first (the guarantee cannot be given back), then it is a limit, and says so
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.accept();
  });
  await capField.fill('20');
  await capField.press('Enter');
  await expect.poll(() => asked).toContain('A cap changed or removed now is only a limit on further runs');
  await expect(capNote).toContainText(
    'A limit, not a guarantee: set (or last changed) after 1 run was charged on this data.',
  );
  await expect(spent).toContainText('(a limit, not a guarantee)');
  await expect(start).toBeEnabled();
  await capBox.uncheck();
  await expect(capNote).toContainText('No cap');
  await expect(spent).not.toContainText('cap ε');
});

test('two tabs that start at once under a cap that holds one run: one is charged and trains, the other is refused', async ({
  context,
}) => {
  const tabs = [await context.newPage(), await context.newPage()];
  const labs = tabs.map((p) => new LabPage(p));
  for (const lab of labs) {
    await lab.open('#subset=2000&epochs=3&encoder=random&delta=-5');
    await lab.waitForBackend();
  }
  const [a, b] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  // a cap of 12 set in one tab is the data's: the other tab reads it
  await a.getByRole('checkbox', { name: "Cap this data's total ε at" }).check();
  await a.getByRole('textbox', { name: "Cap on this data's ε" }).fill('12');
  await a.getByRole('textbox', { name: "Cap on this data's ε" }).press('Enter');
  await expect(b.getByRole('checkbox', { name: "Cap this data's total ε at" })).toBeChecked();
  await expect(b.getByRole('note', { name: 'What the cap does' })).toContainText('ε = 12 at δ = 1e-5');
  for (const p of tabs) await expect(p.getByRole('button', { name: 'Start private training' })).toBeEnabled();
  // both start at once: each start is checked against the stored ledger (the other tab's charge included, even
  // before this tab has heard of it) and charged under one lock across tabs (the clicks here land some
  // milliseconds apart; the lock is what keeps truly simultaneous checks from both passing)
  await Promise.all(tabs.map((p) => p.getByRole('button', { name: 'Start private training' }).click()));
  const refused = (p: typeof a) => p.getByRole('alert').filter({ hasText: 'the run was not started' });
  await expect
    .poll(async () => (await refused(a).count()) + (await refused(b).count()), { timeout: 200_000 })
    .toBe(1);
  for (const p of tabs) {
    await expect(p.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
      '1 DP run composed',
      { timeout: 200_000 },
    );
    await expect(p.getByRole('button', { name: 'Start private training' })).toBeDisabled();
  }
});
