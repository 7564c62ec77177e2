import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { RdpAccountant } from '../src/lib/privacy';
import { epsilonAtCapOrder, privacyCap } from '../src/lib/privacy/filter';

test.describe.configure({ timeout: 240_000 });

const run = (steps: number) => new RdpAccountant().record(1024 / 2000, 1, steps);
/** The filter's ε at the cap's order after `steps` steps of the run, and that order. */
function atCap(cap: number, steps: number) {
  const c = privacyCap(cap, 1e-5);
  const rdp = run(steps).rdp()[run(steps).orders.indexOf(c.order)]!;
  return { order: c.order, eps: epsilonAtCapOrder(c, rdp) };
}

test("a cap on this data refuses the start that would pass it, at the cap's one Rényi order, in step 3 and for a sweep", async ({
  page,
}) => {
  const lab = new LabPage(page);
  // from a link: 2,000 private images, 3 epochs, the random encoder (no contrast), so one start is one DP run of
  // q = 1024/2000, σ = 1, 6 steps, at δ = 1e-5
  await lab.open('#subset=2000&epochs=3&encoder=random&delta=-5');
  await lab.waitForBackend();
  const start = page.getByRole('button', { name: 'Start private training' });
  const why = page.getByRole('note', { name: 'Why training cannot start' });
  await expect(start).toBeEnabled();

  // the first cap a tick sets, 8, is below one run's ε at its order: Start is refused, and says so
  await page.getByRole('checkbox', { name: "Cap this data's total ε at" }).check();
  const at8 = atCap(8, 6);
  expect(at8.eps).toBeGreaterThan(8);
  await expect(start).toBeDisabled();
  await expect(why).toContainText(
    `This would take this data to ε = ${at8.eps.toPrecision(3)} at Rényi order ${at8.order}`,
  );
  await expect(why).toContainText('past its cap of ε = 8 set in step 5');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('cap=8');

  // a cap of 12 holds one run (9.12 at order 3.1) but not two (13.7 there; their best-order ε 12.9 is over too)
  await page.getByRole('textbox', { name: "Cap on this data's ε" }).fill('12');
  const one = atCap(12, 6);
  const two = atCap(12, 12);
  expect(one.eps).toBeLessThan(12);
  expect(two.eps).toBeGreaterThan(12);
  await expect(page.getByRole('note', { name: 'What the cap does' })).toContainText(`α = ${one.order}`);
  await expect(start).toBeEnabled();
  await start.click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(2, { timeout: 200_000 });
  await expect(start).toBeDisabled();
  await expect(why).toContainText(`ε = ${two.eps.toPrecision(3)} at Rényi order ${one.order}`);
  await expect(why).toContainText(`spent there so far: ${one.eps.toPrecision(3)}`);
  const spent = page.getByRole('status', { name: 'Privacy spent on this data' });
  await expect(spent).toContainText(`cap ε = 12: ${one.eps.toPrecision(3)} used at its order ${one.order}`);
  // the footer's ε (best order) is the plain composition, and under the cap
  const best = Number(await spent.getAttribute('data-epsilon'));
  expect(best).toBeCloseTo(run(6).getEpsilon(1e-5).epsilon, 10);

  // a sweep is checked run by run as it charges them: its first run (target ε = 8) would pass the cap, so it
  // is not charged, not trained, and says why
  await page.getByText('Accuracy versus ε sweep').click();
  await page.getByRole('textbox', { name: 'Sweep target ε values' }).fill('8');
  await page.getByRole('spinbutton', { name: 'Seeds per value' }).fill('1');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'the run was not started' })).toContainText(
    'past its cap of ε = 12',
    { timeout: 60_000 },
  );
  await expect(page.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  await expect(spent).toHaveAttribute('data-epsilon', String(best));
  await expect(spent).toContainText('1 DP run composed');

  // no cap: Start again (the footer keeps counting; a raised or removed cap promises nothing any more)
  await page.getByRole('checkbox', { name: "Cap this data's total ε at" }).uncheck();
  await expect(start).toBeEnabled();
  await expect(page.getByRole('note', { name: 'What the cap does' })).toContainText('No cap');
});
