/** What a dataset summary says: counts per class, the majority-class accuracy, and what is wrong with it. */
import { classCounts } from './dataset.ts';

export interface DatasetSummary {
  total: number;
  counts: number[];
  majorityClass: number;
  majorityAccuracy: number;
  /** Problems that block training, each a sentence saying what is needed. */
  errors: string[];
  /** Problems that do not block training. */
  warnings: string[];
}

/** The thesis's balanced-enough rule: the largest class holds at most 70% of the images. */
export const MAX_MAJORITY_SHARE = 0.7;
export const MIN_PER_CLASS = 10;
/**
 * The most classes an upload may have: a pattern that captures each image's number instead of its class gave
 * 20,000 classes of one image each, and the page froze drawing them.
 */
export const MAX_CLASSES = 1000;
/** Class names listed in one message at most (then "and N more"). */
const LISTED = 10;
const listed = (names: string[]) =>
  names.length <= LISTED
    ? names.join(', ')
    : `${names.slice(0, LISTED).join(', ')} and ${(names.length - LISTED).toLocaleString('en')} more`;

export function summarise(
  labels: ArrayLike<number>,
  classNames: string[],
  /** Where the labels came from: what a message tells the user to change. */
  rule: 'folder' | 'pattern' = 'folder',
): DatasetSummary {
  const counts = classCounts(labels, classNames.length);
  const total = labels.length;
  let majorityClass = 0;
  counts.forEach((c, i) => {
    if (c > counts[majorityClass]!) majorityClass = i;
  });
  const errors: string[] = [];
  const warnings: string[] = [];
  if (total === 0)
    errors.push(
      rule === 'folder'
        ? 'No images were found. Choose a folder with one subfolder of images per class.'
        : 'No image has a label: the pattern matched no file name (the skipped files say why, each).',
    );
  else if (classNames.length < 2)
    errors.push(
      `Only one class (${classNames[0] ?? '?'}) was found. A classifier needs at least two: ${
        rule === 'folder'
          ? "put each class's images in its own subfolder."
          : 'the pattern must capture a part of the file name that differs between classes.'
      }`,
    );
  // thousands of classes: said once, and nothing more class by class (thousands of names help no one)
  const tooMany = classNames.length > MAX_CLASSES;
  if (total > 0 && tooMany)
    errors.push(
      `The labels give ${classNames.length.toLocaleString('en')} classes, more than the ${MAX_CLASSES.toLocaleString('en')} the lab takes${
        rule === 'pattern'
          ? ": the pattern seems to capture each image's own number, not its class. Capture the part of the name that is the class, or bin the numbers."
          : '.'
      }`,
    );
  const single = counts.map((c, i) => (c < 2 ? classNames[i] : null)).filter((n): n is string => n !== null);
  if (total > 0 && !tooMany && single.length)
    errors.push(
      `These classes have fewer than 2 images, too few to split into train and test: ${listed(single)}.`,
    );
  const share = total ? counts[majorityClass]! / total : 0;
  if (total > 0 && !tooMany && classNames.length >= 2 && share > MAX_MAJORITY_SHARE)
    warnings.push(
      `The largest class (${classNames[majorityClass]}) holds ${(100 * share).toFixed(0)}% of the images (more than ${100 * MAX_MAJORITY_SHARE}%): accuracy will look good even for a useless model. Compare with the majority-class baseline.`,
    );
  const small = counts
    .map((c, i) => (c >= 2 && c < MIN_PER_CLASS ? classNames[i] : null))
    .filter((n): n is string => n !== null);
  if (!tooMany && small.length)
    warnings.push(
      `These classes have fewer than ${MIN_PER_CLASS} images: ${listed(small)}. Results on them will be noisy.`,
    );
  return { total, counts, majorityClass, majorityAccuracy: share, errors, warnings };
}
