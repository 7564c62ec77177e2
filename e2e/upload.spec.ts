import { expect, test } from '@playwright/test';
import { LabPage } from './lab-page';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { makeFolder } from './fixtures';

test('a folder with bad files: good images kept and counted per class, every bad file listed with its reason, lab stays usable', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open();
  const files: Record<string, 'circle' | 'square' | 'cross' | Uint8Array> = {};
  for (let i = 0; i < 10; i++) files[`circles/c${i}.png`] = 'circle';
  files['circles/über_圆.png'] = 'circle'; // a file name in other scripts
  for (let i = 0; i < 10; i++) files[`squares/s${i}.png`] = 'square';
  for (let i = 0; i < 4; i++) files[`crosses/x${i}.png`] = 'cross';
  for (let i = 0; i < 3; i++) files[`crosses/deeper/nested/x${i}.png`] = 'cross'; // walked, labelled "crosses"
  files['squares/broken.jpg'] = Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 2, 3, 4, 5, 6, 7,
  ]); // truncated JPEG
  files['squares/empty.png'] = new Uint8Array(0);
  files['circles/notes.txt'] = new TextEncoder().encode('not an image');
  files['.DS_Store'] = Uint8Array.from([0, 0, 0, 1, 66, 117, 100, 49]);
  files['loose.png'] = 'circle'; // not in a class folder
  const dir = await makeFolder(page, 'shapes', { files });

  await page.getByRole('radio', { name: 'Your images' }).check();
  // nothing loaded yet: step 5 says its numbers are still the built-in data's
  const otherData = page.getByRole('note', { name: 'Plan shown for other data' });
  await expect(otherData).toContainText('load a folder or a zip in step 1 first');
  await expect(otherData).toContainText('the numbers here are for the built-in data (Fashion-MNIST');
  await page.getByLabel('Folder of images').setInputFiles(dir);
  const summary = page.getByLabel('Upload summary');
  await expect(summary.getByTestId('upload-total')).toHaveText('28', { timeout: 60_000 });
  const classes = summary.getByRole('table', { name: 'Classes' });
  await expect(classes.getByRole('row')).toHaveText([
    /class index/,
    /0\s*circles\s*11/,
    /1\s*crosses\s*7/,
    /2\s*squares\s*10/,
  ]);
  const skipped = summary.getByRole('list', { name: 'Skipped files' });
  await expect(skipped.getByRole('listitem')).toHaveCount(5);
  await expect(skipped).toContainText('shapes/squares/broken.jpg: could not be decoded');
  await expect(skipped).toContainText('shapes/squares/empty.png: empty file (0 bytes)');
  await expect(skipped).toContainText('shapes/circles/notes.txt: not an image (.txt)');
  await expect(skipped).toContainText('shapes/.DS_Store: hidden file');
  await expect(skipped).toContainText('shapes/loose.png: not inside a class subfolder');
  await expect(summary).toContainText('fewer than 10 images: crosses');
  await page.screenshot({ path: 'test-results/screens/upload.png', fullPage: true });

  // 80/20 per class (rounded): circles 11 → 9 + 2, crosses 7 → 6 + 1, squares 10 → 8 + 2.
  await expect(summary).toContainText('23 training images (protected by ε), 5 test images');
  await expect(otherData).toHaveCount(0);
  // The lab keeps working on the uploaded images: a private run on them.
  await page.getByRole('slider', { name: 'Epochs' }).fill('2');
  await page.getByRole('button', { name: 'Start private training' }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  // header + DP + random-encoder DP (the non-private baseline is opt-in)
  await expect(runs.getByRole('row')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByText('Private data: shapes, N = 23 training images.')).toBeVisible();

  // A corrupt .zip: said in step 1, where the user is looking, and the images already loaded stay.
  const bogus = test.info().outputPath('broken.zip');
  writeFileSync(bogus, 'PK\u0003\u0004 this is not really a zip file');
  await page.getByLabel('Zip of images').setInputFiles(bogus);
  await expect(
    page.locator('#data').getByRole('alert').filter({ hasText: 'Could not load broken.zip' }),
  ).toContainText('Nothing was changed: step 1 still shows shapes.', { timeout: 30_000 });
  await expect(summary.getByTestId('upload-total')).toHaveText('28');
  // A zip with no image in it (text only): said, with what was skipped and why, and the images stay too.
  const textOnly = test.info().outputPath('notes.zip');
  writeFileSync(
    textOnly,
    zipSync({
      'notes/a/readme.txt': new TextEncoder().encode('text'),
      'notes/b/data.csv': Uint8Array.of(49),
    }),
  );
  await page.getByLabel('Zip of images').setInputFiles(textOnly);
  await expect(
    page.locator('#data').getByRole('alert').filter({ hasText: 'No images could be read from notes.zip' }),
  ).toContainText(
    'all 2 of its files were skipped: notes/a/readme.txt (not an image (.txt)); notes/b/data.csv (not an image (.csv)). Nothing was changed: step 1 still shows shapes.',
    { timeout: 30_000 },
  );
  await expect(summary.getByTestId('upload-total')).toHaveText('28');
  expect(lab.errors).toEqual([]);
});

test('a .zip of a folder loads the same way (unpacked by fflate in the data worker)', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const files: Record<string, 'circle' | 'square' | 'cross' | Uint8Array> = {};
  for (let i = 0; i < 3; i++) files[`circles/c${i}.png`] = 'circle';
  for (let i = 0; i < 4; i++) files[`squares/s${i}.png`] = 'square';
  files['squares/readme.md'] = new TextEncoder().encode('# not an image');
  const dir = await makeFolder(page, 'zipped', { files });
  const entries: Record<string, Uint8Array> = {};
  for (const path of Object.keys(files))
    entries[`zipped/${path}`] = new Uint8Array(readFileSync(join(dir, path)));
  const zipPath = join(dir, '..', 'zipped.zip');
  writeFileSync(zipPath, zipSync(entries));
  await page.getByRole('radio', { name: 'Your images' }).check();
  // nothing loaded yet: step 3 gives no N of the built-in data, which it will not train on
  await expect(page.getByText('No private data to train on yet')).toBeVisible();
  await page.getByLabel('Zip of images').setInputFiles(zipPath);
  const summary = page.getByLabel('Upload summary');
  await expect(summary.getByTestId('upload-total')).toHaveText('7', { timeout: 60_000 });
  await expect(summary.getByRole('table', { name: 'Classes' }).getByRole('row')).toHaveText([
    /class index/,
    /0\s*circles\s*3/,
    /1\s*squares\s*4/,
  ]);
  await expect(summary.getByRole('list', { name: 'Skipped files' })).toContainText(
    'readme.md: not an image (.md)',
  );
  // Step 6 maps the user's images too (their private training split): shown, never exported
  const step6 = page.locator('#embeddings');
  await step6.getByRole('combobox', { name: 'Images to embed' }).selectOption('upload');
  await expect(step6.getByText('A t-SNE of private images is not covered by ε')).toBeVisible();
  await step6.getByRole('button', { name: 'Run' }).click();
  await expect(step6.getByText(/kNN accuracy in the map: [\d.]+%/)).toHaveCount(2, { timeout: 60_000 });
  const train = Number(/(\d+) training images/.exec((await summary.textContent())!)![1]);
  await expect(step6.getByRole('img', { name: 't-SNE, current encoder' })).toHaveAttribute(
    'data-drawn',
    String(train),
  );
  await expect(
    step6.getByText(`All ${train} images of zipped.zip (your images), private training split`),
  ).toBeVisible();
  await expect(step6.getByRole('button', { name: 'Export coordinates (CSV)' })).toBeDisabled();
  // no PNG of a map of private images
  await expect(step6.getByRole('button', { name: /^Download PNG of t-SNE/ })).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('a folder with a single class says what is needed', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const dir = await makeFolder(page, 'oneclass', {
    files: { 'cats/a.png': 'circle', 'cats/b.png': 'circle', 'cats/c.png': 'square' },
  });
  await page.getByRole('radio', { name: 'Your images' }).check();
  await page.getByLabel('Folder of images').setInputFiles(dir);
  await expect(page.getByRole('alert').filter({ hasText: 'Only one class (cats)' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Only one class (cats)' })).toContainText(
    'at least two',
  );
  expect(lab.errors).toEqual([]);
});
