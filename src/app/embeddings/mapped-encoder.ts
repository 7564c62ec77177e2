/**
 * Which encoder step 6 maps beside the random one, and what its map is called: step 3's encoder, so that the
 * map shows the features the probe reads. Pure (no React).
 */
import type { ModelFiles, TsneJob } from '../../../workers/shared/contracts';
import { SHIPPED_ENCODER_URL } from '../shell/files';
import { encoderUrl } from '../probe/probe-config';
import type { EncoderChoice } from '../../state/lab-config';
import { encoderShort } from '../../state/encoders';
import { type ImageDataset, imageSize } from '../../lib/data/dataset';
import { usedPerplexity } from '../../lib/tsne/affinities';
import { fmt } from '../shell/format';

export interface MappedEncoder {
  encoder: TsneJob['encoder'];
  /** The right-hand map's title. */
  title: string;
  /** Said under the maps when they do not show step 3's encoder. */
  note: string | null;
}

const DEFAULT_NAME = 'default (two-scale scattering)';

export function mappedEncoder(
  choice: EncoderChoice,
  custom: { files: ModelFiles; label: string } | null,
): MappedEncoder {
  const current = (encoder: TsneJob['encoder'], name: string): MappedEncoder => ({
    encoder,
    title: `Current encoder: ${name}`,
    note: null,
  });
  switch (choice) {
    case 'session':
      return custom
        ? current({ modelJson: custom.files.modelJson, weights: custom.files.weights }, custom.label)
        : current({ url: SHIPPED_ENCODER_URL }, DEFAULT_NAME);
    case 'simclr-v1':
    case 'scatter':
      return current({ url: encoderUrl(choice) }, encoderShort(choice));
    case 'pixels':
      return current({ kind: 'pixels' }, 'raw pixels (no encoder)');
    case 'random':
      // the left map is already step 3's encoder: the right one shows what pretraining adds
      return {
        encoder: { url: SHIPPED_ENCODER_URL },
        title: 'Default encoder (two-scale scattering)',
        note: 'Step 3 uses the random encoder, which is the left map; the right one is the default encoder, for the contrast.',
      };
    case 'shipped':
      return current({ url: SHIPPED_ENCODER_URL }, DEFAULT_NAME);
  }
}

/**
 * The same for the user's images: step 3's encoder when it fits them; the encoders fitted to Fashion-MNIST take
 * 28 × 28 grayscale images only, so on other images the right map is raw pixels, and says why.
 */
export function mappedUploadEncoder(
  choice: EncoderChoice,
  fits28: boolean,
  custom: { files: ModelFiles; label: string } | null,
): MappedEncoder {
  // (a session's encoder step 3 accepts was pretrained on images of this shape)
  if (fits28 || choice === 'pixels' || choice === 'session') return mappedEncoder(choice, custom);
  return {
    encoder: { kind: 'pixels' },
    title: 'Raw pixels (no encoder)',
    note:
      choice === 'random'
        ? 'Step 3 uses the random encoder on your images, which is the left map; the right one is their raw pixels, for the contrast.'
        : "The pretrained encoders take 28 × 28 grayscale images only: on your images the right map is their raw pixels (step 3 trains on the random encoder's features).",
  };
}

/** The first `cap` images of a dataset (a split already shuffled: a random sample of it), as the t-SNE maps them. */
export function firstImages(d: ImageDataset, cap: number): ImageDataset {
  const n = Math.min(cap, d.labels.length);
  const per = imageSize(d);
  return {
    name: d.name,
    width: d.width,
    height: d.height,
    channels: d.channels,
    classNames: d.classNames,
    // copies (the worker gets its own): never the whole upload, which may sit in shared memory
    images: d.images.slice(0, n * per),
    labels: d.labels.slice(0, n),
  };
}

/** How the caption counts the mapped images: all of the split's, or the first `cap` of them. */
export function mappedCount(result: { count: number; total: number } | null, cap: number): string {
  return result && result.count >= result.total
    ? `All ${result.total.toLocaleString('en')}`
    : `The first ${cap.toLocaleString('en')}`;
}

/**
 * The perplexity the maps used (`usedPerplexity`: at most (n − 1)/3 for n points), so that the caption says
 * when a small upload ran with less than the setting.
 */
export function perplexityText(perplexity: number, count: number | null): string {
  const used = count === null ? perplexity : usedPerplexity(perplexity, count);
  return used < perplexity
    ? `${perplexity} (${fmt(used)} used: at most a third of the other ${(count! - 1).toLocaleString('en')} points)`
    : String(perplexity);
}
