/** The t-SNE settings: which images, how many, perplexity, learning rate, iterations (same names as always). */
import { NumberField, SelectField, type SelectOption } from '../shell/fields';
import type { TsneSettings } from './use-tsne';
import { TSNE_CAPS, TSNE_ITERATIONS, TSNE_LEARNING_RATES, TSNE_PERPLEXITY } from './tsne-settings';

type Choice = Exclude<keyof TsneSettings, 'perplexity'>;
const numbers = (values: readonly number[]) =>
  values.map((v) => ({ value: v, text: v.toLocaleString('en') }));

/** Each select: its visible label, its accessible name, its options. */
const SELECTS: [Choice, string, string, SelectOption<string | number>[]][] = [
  [
    'split',
    'Images',
    'Images to embed',
    [
      { value: 'public', text: 'Fashion-MNIST public split' },
      { value: 'private-test', text: 'Fashion-MNIST private test split' },
    ],
  ],
  ['cap', 'Point cap', 'Point cap', numbers(TSNE_CAPS)],
  [
    'learningRate',
    'Learning rate',
    't-SNE learning rate',
    [{ value: 'auto', text: 'auto (N/48, ≥ 50)' }, ...numbers(TSNE_LEARNING_RATES)],
  ],
  ['iterations', 'Iterations', 'Iterations', numbers(TSNE_ITERATIONS)],
];

export function TsneControls(props: {
  settings: TsneSettings;
  /** The user's images, offered as a third choice of images while they are step 3's private data. */
  uploadName: string | null;
  disabled: boolean;
  onChange: (s: TsneSettings) => void;
}) {
  const { settings: s, disabled, onChange, uploadName } = props;
  // the options of each select are exactly the values its setting may take
  const select = ([key, label, name, options]: (typeof SELECTS)[number]) => (
    <SelectField
      key={key}
      label={label}
      name={name}
      value={s[key]}
      disabled={disabled}
      options={
        key === 'split' && (uploadName !== null || s.split === 'upload')
          ? [...options, { value: 'upload', text: `Your images${uploadName ? `: ${uploadName}` : ''}` }]
          : options
      }
      onChange={(value) => onChange({ ...s, [key]: value })}
    />
  );
  return (
    <div className="probe-controls">
      {SELECTS.slice(0, 2).map(select)}
      <NumberField
        label="Perplexity"
        value={s.perplexity}
        min={TSNE_PERPLEXITY.min}
        max={TSNE_PERPLEXITY.max}
        disabled={disabled}
        onChange={(perplexity) => onChange({ ...s, perplexity })}
      />
      {SELECTS.slice(2).map(select)}
    </div>
  );
}
