import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { SIGMA_SCALE } from '../src/app/privacy/log-slider';
import { dpSgdEpsilon, dpSgdSchedule } from '../src/lib/privacy';
import { builtinCount, builtinDataset } from '../src/lib/data/builtin';
import { DEFAULT_CONFIG } from '../src/state/lab-config';

const N = builtinCount(builtinDataset('fashion-mnist'), 'private-train');
const sigmaOf = SIGMA_SCALE.fromPosition;

test('moving "Noise multiplier σ" by keyboard sets "Privacy budget ε" to the accountant value', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  const slider = page.getByRole('slider', { name: 'Noise multiplier σ' });
  const before = await lab.epsilon().getAttribute('data-epsilon');
  await slider.focus();
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  const v = Number(await slider.inputValue());
  const { sampleRate, steps } = dpSgdSchedule({
    datasetSize: N,
    batchSize: DEFAULT_CONFIG.expectedBatchSize,
    epochs: DEFAULT_CONFIG.epochs,
  });
  const expected = dpSgdEpsilon({
    sampleRate,
    noiseMultiplier: sigmaOf(v),
    steps,
    delta: 10 ** DEFAULT_CONFIG.deltaExp,
  }).epsilon;
  await expect(lab.epsilon()).not.toHaveAttribute('data-epsilon', before!);
  const shown = Number(await lab.epsilon().getAttribute('data-epsilon'));
  expect(Math.abs(shown / expected - 1)).toBeLessThan(1e-12);
  await expect(lab.epsilon()).toHaveText(`ε = ${expected.toPrecision(3)}`);
  expect(lab.errors).toEqual([]);
});

test('"Target ε" solves for σ so that ε ≤ target', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await page.getByRole('textbox', { name: 'Target ε' }).fill('0.8');
  await page.getByRole('button', { name: 'Solve for σ' }).click();
  await expect(page.getByText(/reaches ε = /)).toBeVisible();
  const shown = Number(await lab.epsilon().getAttribute('data-epsilon'));
  // a target the lab does not train for is said, and sets nothing (0.0001 set σ ≈ 60,000 and read ε = 0)
  await page.getByRole('textbox', { name: 'Target ε' }).fill('0.0001');
  await page.getByRole('button', { name: 'Solve for σ' }).click();
  await expect(page.getByText('The lab trains for a target ε of at least 0.01')).toBeVisible();
  // said as an alert, tied to the field (a screen reader heard nothing of it)
  const targetField = page.getByRole('textbox', { name: 'Target ε' });
  await expect(targetField).toHaveAttribute('aria-invalid', 'true');
  await expect(targetField).toHaveAccessibleDescription(/The lab trains for a target ε of at least 0\.01/);
  await expect(page.getByRole('alert').filter({ hasText: 'at least 0.01' })).toHaveCount(1);
  expect(Number(await lab.epsilon().getAttribute('data-epsilon'))).toBe(shown);
  expect(shown).toBeLessThanOrEqual(0.8);
  expect(shown).toBeGreaterThan(0.79);
  // the target is step 3's too: switching it to target-ε mode keeps 0.8 (it used to jump to its own 1)
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('target-epsilon');
  await expect(page.getByRole('spinbutton', { name: 'Target ε for training' })).toHaveValue('0.8');
  await expect
    .poll(async () => Number(await lab.epsilon().getAttribute('data-epsilon')))
    .toBeCloseTo(shown, 3);
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('fixed-sigma');
  await page.getByRole('slider', { name: 'δ (delta)' }).fill('-3');
  await expect(page.getByRole('alert').filter({ hasText: 'δ ≥ 1/N' })).toBeVisible();
  // no run is planned at such a δ: the PLD line says so (it read "PLD ε = …" for ever)
  await expect(page.getByRole('status', { name: 'ε under the PLD accountant' })).toHaveText(
    'Same run under RDP and PLD: not planned (δ ≥ 1/N: lower δ)',
  );
  await page.screenshot({ path: 'test-results/screens/privacy-target.png', fullPage: true });
});

test('the URL hash holds the configuration: a link restores it and changes are written back', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#sigma=2&epochs=5&B=512&delta=-8&opt=adam');
  await expect(page.getByRole('slider', { name: 'Epochs' })).toHaveValue('5');
  await expect(page.getByRole('slider', { name: 'Expected batch size' })).toHaveValue('512');
  await expect(page.getByRole('combobox', { name: 'Optimizer', exact: true })).toHaveValue('adam');
  const expected = dpSgdEpsilon({
    ...dpSgdSchedule({ datasetSize: N, batchSize: 512, epochs: 5 }),
    noiseMultiplier: 2,
    delta: 1e-8,
  }).epsilon;
  expect(Number(await lab.epsilon().getAttribute('data-epsilon'))).toBeCloseTo(expected, 10);
  await page.getByRole('slider', { name: 'Epochs' }).fill('9');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('epochs=9');
  await page.reload();
  await expect(page.getByRole('slider', { name: 'Epochs' })).toHaveValue('9');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  // a link pasted into the open lab's address bar is applied at once (the defaults for what it leaves out)
  await page.evaluate(() => (location.hash = '#epochs=3&opt=sgd'));
  await expect(page.getByRole('slider', { name: 'Epochs' })).toHaveValue('3');
  await expect(page.getByRole('slider', { name: 'Expected batch size' })).toHaveValue('1024');
  await expect(page.getByRole('combobox', { name: 'Optimizer', exact: true })).toHaveValue('sgd');
  // an anchor in the text ("step 3" in step 2's note: #finetune) is not a link to settings: nothing resets
  await page.locator('#pretrain').getByRole('link', { name: 'step 3' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Private fine-tune/ })).toBeInViewport();
  // the address bar gets the settings back (a copied URL shares them, not "#finetune")
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#.*epochs=3/);
  await expect(page.getByRole('slider', { name: 'Epochs' })).toHaveValue('3');
  expect(lab.errors).toEqual([]);
});

test('presets set values (never results); presentation mode enlarges the lab and keeps it usable', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await page
    .getByRole('combobox', { name: 'Preset' })
    .selectOption({ label: 'Strong privacy (ε < 1, δ = 1e-9)' });
  await expect(page.getByRole('slider', { name: 'δ (delta)' })).toHaveValue('-9');
  await expect(page.getByRole('combobox', { name: 'Privacy mode' })).toHaveValue('target-epsilon');
  await expect(page.getByRole('spinbutton', { name: 'Target ε for training' })).toHaveValue('0.9');
  await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0); // no results appear from a preset
  // the recipe tuned on the public split (src/lib/dp/recipe.ts)
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('recipe');
  await expect(page.getByRole('slider', { name: 'Expected batch size' })).toHaveValue('8192');
  await expect(page.getByRole('slider', { name: 'Epochs' })).toHaveValue('40');
  await expect(page.getByRole('spinbutton', { name: 'Target ε for training' })).toHaveValue('3');
  await expect(page.getByRole('combobox', { name: 'Encoder', exact: true })).toHaveValue('shipped');
  // the select shows the preset in force, until a setting departs from it
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue('recipe');
  await page.getByRole('slider', { name: 'Epochs' }).fill('39');
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue('');
  // the charts' own text (Plotly's) grows with the page's: 13 px tick labels were a third of the size of the
  // text beside them on a projector
  const tick = page.getByRole('figure', { name: 'ε over epochs' }).locator('.xtick text').first();
  await expect(tick).toHaveCSS('font-size', '13px');
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('21px');
  await expect(tick).toHaveCSS('font-size', '18px');
  await expect(page.getByRole('button', { name: 'Start private training' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/screens/presentation.png' });
  // a reload mid-lecture stays in presentation mode (for the tab's life)
  await page.reload();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Escape leaves it, unless text is being typed: a slider with focus (just dragged) does not hold it
  const presenting = page.getByRole('button', { name: 'Presentation mode' });
  await page.getByRole('spinbutton', { name: 'Target ε for training' }).focus();
  await page.keyboard.press('Escape');
  await expect(presenting).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('slider', { name: 'Epochs' }).focus();
  await page.keyboard.press('Escape');
  await expect(presenting).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  expect(lab.errors).toEqual([]);
});

test('the headline ε follows the privacy mode: the calibrated σ for a target ε, the capped steps for a budget', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  const shown = async () => Number(await lab.epsilon().getAttribute('data-epsilon'));
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('target-epsilon');
  await page.getByRole('spinbutton', { name: 'Target ε for training' }).fill('2');
  await expect.poll(shown).toBeLessThanOrEqual(2);
  expect(await shown()).toBeGreaterThan(1.99);
  await expect(page.getByText(/σ calibrated for target ε = 2/)).toBeVisible();
  // no second target ε to contradict step 3's: the σ solver is for the fixed-σ modes
  await expect(page.getByText("Target-ε mode: σ is calibrated for step 3's target ε = 2")).toBeVisible();
  await expect(page.getByRole('button', { name: 'Solve for σ' })).toHaveCount(0);
  // step 5's ε-over-epochs chart draws the target: the current (calibrated) curve ends on it
  const overEpochs = page.getByRole('figure', { name: 'ε over epochs' });
  await expect(overEpochs).toContainText('target: ε = 2.00');
  // a target the lab does not train for stays in the field, is said, and holds Start; the plan keeps ε = 2
  const targetField = page.getByRole('spinbutton', { name: 'Target ε for training' });
  const why = page.getByRole('alert', { name: 'Why the Target ε for training is not used' });
  const start = page.getByRole('button', { name: 'Start private training' });
  for (const [typed, said] of [
    ['150', 'The lab takes a target ε up to 100'],
    ['0', 'Enter a target ε greater than 0.'],
    ['0.001', 'The lab trains for a target ε of at least 0.01'],
  ] as const) {
    await targetField.fill(typed);
    await expect(why).toContainText(said);
    await expect(targetField).toHaveValue(typed);
    await expect(targetField).toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeDisabled();
    await expect(page.getByText(/σ calibrated for target ε = 2/)).toBeVisible();
  }
  await targetField.fill('2.5');
  await expect(why).toHaveCount(0);
  await expect(targetField).not.toHaveAttribute('aria-invalid');
  await expect(start).toBeEnabled();
  await expect(page.getByText(/σ calibrated for target ε = 2.5/)).toBeVisible();
  await page.getByRole('combobox', { name: 'Privacy mode' }).selectOption('budget');
  // at σ = 1 and q = 1024/49,946, one step costs ε ≈ 1.48 (RDP, δ = 1e-6): a budget of 1 covers none, and is
  // refused with what to change, not run as an untrained probe
  await page.getByRole('spinbutton', { name: 'ε budget' }).fill('1');
  await expect(page.getByText(/The ε budget 1 does not cover a single DP-SGD step/).first()).toBeVisible();
  // no ε for a refused plan (not the slider's 3.66 for steps that will not run)
  await expect(lab.epsilon()).toHaveText('ε = —');
  // the accountant chosen is RDP: the refusal is not labelled PLD's
  await expect(page.getByRole('status', { name: 'ε under the PLD accountant' })).toHaveText(
    /^Same run under RDP and PLD: not planned \(The ε budget 1 does not cover/,
  );
  await expect(lab.epsilon()).not.toHaveAttribute('data-epsilon');
  // step 3 starts the plan step 5 shows: a refused plan cannot be started, and says why beside the button
  await expect(page.getByRole('button', { name: 'Start private training' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Compare encoders' })).toBeDisabled();
  await expect(page.getByRole('note', { name: 'Why training cannot start' })).toContainText(
    'The ε budget 1 does not cover a single DP-SGD step',
  );
  await page.getByRole('spinbutton', { name: 'ε budget' }).fill('3');
  await expect.poll(shown).toBeGreaterThan(2.5);
  expect(await shown()).toBeLessThanOrEqual(3);
  await expect(page.getByText(/capped by the ε budget/)).toBeVisible();
  await expect(overEpochs).toContainText('budget per run: ε = 3.00');
  await expect(page.getByRole('button', { name: 'Start private training' })).toBeEnabled();
  await expect(page.getByRole('note', { name: 'Why training cannot start' })).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test("step 5's ε-over-epochs legend sits at the plot's right on a wide chart and under it on a narrow one, as the window is resized", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const lab = new LabPage(page);
  await lab.open();
  const chart = page.getByRole('figure', { name: 'ε over epochs' });
  await chart.scrollIntoViewIfNeeded();
  // where the legend is against the plot area: right of it, or below its x axis's title
  const placement = () =>
    chart.evaluate((el) => {
      const [legend, plot, title] = ['.legend', '.nsewdrag', '.xtitle'].map((c) =>
        el.querySelector(c)?.getBoundingClientRect(),
      );
      if (!legend || !plot || !title) return 'not drawn yet';
      if (legend.left >= plot.right - 1) return 'right';
      return legend.top >= title.bottom - 1 ? 'foot' : 'over the plot';
    });
  await expect.poll(placement).toBe('right');
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(placement).toBe('foot');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(placement).toBe('right');
  expect(lab.errors).toEqual([]);
});

test('δ follows N while it is the default, and a δ the user chose stays when N changes', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const delta = page.getByRole('slider', { name: 'δ (delta)' });
  const subset = page.getByRole('combobox', { name: 'Private training images' });
  // the default for N = 49,946 is 1e-6; for N = 2,000 it is 1e-5 (1/(10·N) rounded down to a power of ten)
  await expect(delta).toHaveValue('-6');
  await subset.selectOption('2000');
  await expect(delta).toHaveValue('-5');
  await delta.fill('-8');
  await subset.selectOption('0');
  await expect(
    page
      .locator('#privacy')
      .getByText(/N = 49,946/)
      .first(),
  ).toBeVisible();
  await expect(delta).toHaveValue('-8');
  await subset.selectOption('2000');
  await expect(delta).toHaveValue('-8');
  // a chosen δ is in the link; one at its default is not, so a link opens at the default for its own data
  const hash = () => page.evaluate(() => location.hash);
  await expect.poll(hash).toContain('delta=-8');
  await delta.fill('-5'); // the default for N = 2,000
  await expect.poll(hash).not.toContain('delta=');
  await page.goto('/#subset=2000&epochs=3');
  await page.reload();
  await expect(delta).toHaveValue('-5');
  await page.goto('/#epochs=3');
  await page.reload();
  await expect(delta).toHaveValue('-6');
  expect(lab.errors).toEqual([]);
});

test('step 5 says what one start spends with the random-encoder contrast, and unticking it trains one run', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.openSmallPrivate(2);
  const spends = page.getByLabel('What one start spends');
  // q = 1024/2,000, σ = 1, ⌈2·2,000/1,024⌉ = 4 steps, δ = 1e-5: two such runs composed are 8 steps
  const one = dpSgdEpsilon({ sampleRate: 1024 / 2000, noiseMultiplier: 1, steps: 4, delta: 1e-5 }).epsilon;
  const two = dpSgdEpsilon({ sampleRate: 1024 / 2000, noiseMultiplier: 1, steps: 8, delta: 1e-5 }).epsilon;
  await expect(spends).toContainText(
    `trains 2 DP runs (yours and the random-encoder contrast): together about ε = ${two.toPrecision(3)} on this data (RDP, composed; one run alone: RDP ε = ${one.toPrecision(3)})`,
  );
  await page.getByRole('checkbox', { name: /Also train the same DP run on a random encoder/ }).uncheck();
  await expect(spends).toHaveCount(0);
  await expect(page.getByLabel('What a start trains')).toContainText('trains one run on your private data');
  await page.getByRole('button', { name: 'Start private training' }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(2, { timeout: 120_000 }); // header + your DP run
  await expect(page.getByRole('button', { name: 'Start private training' })).toBeEnabled({ timeout: 60_000 });
  await expect(runs.getByRole('row')).toHaveCount(2); // the job ended: no contrast after it
  await expect(page.getByRole('status', { name: 'Privacy spent on this data' })).toContainText(
    '1 DP run composed',
  );
  // a setting like the others: a reload (the link) keeps it off, so the next start does not charge a contrast
  await page.reload();
  await expect(
    page.getByRole('checkbox', { name: /Also train the same DP run on a random encoder/ }),
  ).not.toBeChecked();
  expect(lab.errors).toEqual([]);
});

test('a link the lab cannot take as it is: a batch above N is capped (and said), a target ε below 0.01 plans nothing', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#subset=2000&B=8192');
  const slider = page.getByRole('slider', { name: 'Expected batch size' });
  await expect(slider).toHaveValue('2000');
  await expect(page.locator('.slider', { has: slider }).locator('output')).toHaveText(
    '2,000 (all N; 8,192 set)',
  );
  await expect(page.getByText(/sampling rate q/).locator('xpath=following-sibling::dd[1]')).toHaveText(
    '1.00',
  );
  await slider.fill('1024');
  await expect(page.locator('.slider', { has: slider }).locator('output')).toHaveText('1024');

  // a target ε below 0.01 from a link (or a budget typed before switching mode) plans nothing: no σ ≈ 90,000,
  // no "ε = 0"
  await lab.open('#subset=2000&epochs=3&mode=target-epsilon&eps=0.001');
  await expect(lab.epsilon()).toHaveText('ε = —');
  await expect(page.getByRole('spinbutton', { name: 'Target ε for training' })).toHaveValue('0.001');
  await expect(page.getByRole('button', { name: 'Start private training' })).toBeDisabled();
  await expect(page.getByRole('note', { name: 'Why training cannot start' })).toContainText(
    "The target ε 0.001 is below the lab's smallest, 0.01",
  );
  // and step 5 shows no σ as calibrated (it showed σ = 93,011, or the σ setting, "calibrated for target ε")
  const sigma = page.getByRole('slider', { name: 'Noise multiplier σ' });
  await expect(page.locator('.slider', { has: sigma }).locator('output')).toHaveText('—');
  await expect(page.getByText('not calibrated: no run is planned (below)')).toBeVisible();
  expect(lab.errors).toEqual([]);
});
