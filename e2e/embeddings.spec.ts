import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';

test('t-SNE of random versus pretrained embeddings: both maps stream, coloured by class, with a kNN summary', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open();
  const section = page.locator('#embeddings');
  await section.getByRole('combobox', { name: 'Point cap' }).selectOption('500');
  await section.getByRole('combobox', { name: 'Iterations' }).selectOption('300');
  await section.getByRole('button', { name: 'Run' }).click();
  // the Run just disabled hands focus on within its group (it fell to <body>)
  await expect(
    section.getByRole('button', { name: /^(Pause|Stop) t-SNE$/ }).and(page.locator(':focus')),
  ).toHaveCount(1);
  // a click on the text leaves focus to the page: the job's end does not take it back (nor scroll to it)
  await section.locator('p.note').first().click();
  await expect(section.getByRole('status', { name: 't-SNE status' })).toContainText('iteration', {
    timeout: 120_000,
  });
  await expect(section.getByText(/kNN accuracy in the map: [\d.]+%/)).toHaveCount(2, { timeout: 120_000 });
  await expect(section.getByRole('img', { name: 't-SNE, current encoder' })).toHaveAttribute(
    'data-drawn',
    '500',
  );
  await expect(section.getByRole('img', { name: 't-SNE, random encoder' })).toHaveAttribute(
    'data-drawn',
    '500',
  );
  await expect(section.getByRole('button', { name: 'Re-run' })).not.toBeFocused();
  const [random, current] = await section.getByText(/kNN accuracy in the map/).allTextContents();
  const pct = (s: string | undefined) => Number(s!.match(/([\d.]+)%/)![1]);
  expect(pct(random)).toBeGreaterThan(20); // chance is 10%
  expect(pct(current)).toBeGreaterThan(20);
  // The arrow keys step through a map's points, showing each image and its label
  const currentMap = section.getByRole('img', { name: 't-SNE, current encoder' });
  await currentMap.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(section.getByLabel('Hovered image')).toContainText('image 3:');
  await expect(section.getByLabel('Hovered image').locator('canvas')).toHaveCount(1);
  // and says it to a screen reader (the map only drew it), as it says how the maps ended
  await expect(section.getByRole('status', { name: 'Picked image', exact: true })).toHaveText(
    /^Current encoder's map: image 3, \S/,
  );
  await expect(section.getByRole('status', { name: 't-SNE announcements', exact: true })).toHaveText(
    /^t-SNE finished: kNN accuracy in the map [\d.]+% for the random encoder, [\d.]+% for the current one\.$/,
  );
  await page.keyboard.press('ArrowLeft');
  await expect(section.getByLabel('Hovered image')).toContainText('image 2:');
  await page.keyboard.press('End');
  await expect(section.getByLabel('Hovered image')).toContainText('image 499:');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(section.getByLabel('Hovered image')).toContainText('image 2:');
  // and so does the pointer over a point: sweep the map until it is over one that is not image 2
  const box = (await currentMap.boundingBox())!;
  const hoveredText = section.getByLabel('Hovered image');
  let found = false;
  for (let gy = 1; gy < 12 && !found; gy++)
    for (let gx = 1; gx < 12 && !found; gx++) {
      await page.mouse.move(box.x + (box.width * gx) / 12, box.y + (box.height * gy) / 12);
      found = !(await hoveredText.textContent())!.includes('image 2:');
    }
  expect(found).toBe(true);
  // the classes are named beside the map, in their colours
  await expect(
    section.getByRole('list', { name: 't-SNE, current encoder: classes' }).getByRole('listitem'),
  ).toHaveCount(10);
  await section.getByRole('combobox', { name: 'Images to embed' }).selectOption('private-test');
  await expect(section.getByText('A t-SNE of private images is not covered by ε')).toBeVisible();
  // the maps on screen are still the public split's: the caption says so, and that the settings changed
  await expect(section.getByText(/The first 500 images of the Fashion-MNIST public split/)).toBeVisible();
  await expect(section.getByText(/the settings have changed since\. Re-run/)).toBeVisible();
  // a map of public images may be exported (CSV, and each map's PNG)
  const exportCsv = section.getByRole('button', { name: 'Export coordinates (CSV)' });
  await expect(exportCsv).toBeEnabled();
  const png = section.getByRole('button', { name: 'Download PNG of t-SNE, current encoder' });
  const download = page.waitForEvent('download');
  await png.click();
  expect((await download).suggestedFilename()).toBe('t-SNE, current encoder.png');
  await section.screenshot({ path: 'test-results/screens/embeddings.png' });

  // Step 3 on raw pixels: the right map is raw pixels, named so; on private images nothing is exported
  await page.getByRole('combobox', { name: 'Encoder', exact: true }).selectOption('pixels');
  await section.getByRole('button', { name: 'Re-run' }).click();
  await expect(section.getByText(/kNN accuracy in the map: [\d.]+%/)).toHaveCount(2, { timeout: 120_000 });
  await expect(
    section
      .locator('.point-map', { has: page.getByRole('img', { name: 't-SNE, current encoder' }) })
      .locator('.map-title'),
  ).toHaveText('Current encoder: raw pixels (no encoder)');
  await expect(
    section.getByText(/The first 500 images of the Fashion-MNIST private test split/),
  ).toBeVisible();
  await expect(exportCsv).toBeDisabled();
  await expect(section.getByText(/their coordinates and pictures are not exported/)).toBeVisible();
  await expect(currentMap).toHaveAttribute('data-drawn', '500');
  await expect(png).toHaveCount(0);
  // the controls back on the public split, not re-run: the maps on screen are still private, and stay unexported
  await section.getByRole('combobox', { name: 'Images to embed' }).selectOption('public');
  await expect(section.getByText(/the settings have changed since\. Re-run/)).toBeVisible();
  await expect(exportCsv).toBeDisabled();
  await expect(png).toHaveCount(0);
  // Stop part way keeps the maps at that iteration, and the caption says how far they got
  await section.getByRole('combobox', { name: 'Iterations' }).selectOption('2000');
  await section.getByRole('button', { name: 'Re-run' }).click();
  await expect(section.getByRole('status', { name: 't-SNE status' })).toContainText(
    /iteration [1-9]\d* of 2000/,
    {
      timeout: 120_000,
    },
  );
  await section.getByRole('button', { name: 'Stop t-SNE' }).click();
  await expect(section.getByText(/stopped after [\d,]+ of 2,000 iterations/)).toBeVisible();
  await expect(section.getByText(/kNN accuracy in the map: [\d.]+%/)).toHaveCount(2);
  await expect(section.getByRole('button', { name: 'Stop t-SNE' })).toBeDisabled();
  await expect(section.getByRole('status', { name: 't-SNE announcements', exact: true })).toHaveText(
    /^t-SNE stopped after \d+ of 2000 iterations: /,
  );
  // the settings are kept for the tab's life: a reload mid-lecture keeps them
  await page.reload();
  await expect(section.getByRole('combobox', { name: 'Point cap' })).toHaveValue('500');
  await expect(section.getByRole('combobox', { name: 'Iterations' })).toHaveValue('2000');
  await expect(section.getByRole('combobox', { name: 'Images to embed' })).toHaveValue('public');
  // and so are the last maps of public images (kept in IndexedDB; maps of private images never are), as they were
  await expect(section.getByRole('note', { name: 'Maps kept from before' })).toContainText(
    'These maps were made on',
  );
  await expect(currentMap).toHaveAttribute('data-drawn', '500');
  await expect(section.getByRole('img', { name: 't-SNE, random encoder' })).toHaveAttribute(
    'data-drawn',
    '500',
  );
  await expect(section.getByText(/stopped after [\d,]+ of 2,000 iterations/)).toBeVisible();
  await expect(section.getByText(/kNN accuracy in the map: [\d.]+%/)).toHaveCount(2);
  await expect(section.getByText(/the settings have changed since/)).toHaveCount(0);
  await expect(exportCsv).toBeEnabled();
  await currentMap.focus();
  await page.keyboard.press('End');
  await expect(section.getByLabel('Hovered image')).toContainText('image 499:');
  // a new map replaces it: while it runs, nothing from before is said to be kept
  await section.getByRole('button', { name: 'Re-run' }).click();
  await expect(section.getByRole('note', { name: 'Maps kept from before' })).toHaveCount(0);
  await section.getByRole('button', { name: 'Stop t-SNE' }).click();
  expect(lab.errors).toEqual([]);
});
