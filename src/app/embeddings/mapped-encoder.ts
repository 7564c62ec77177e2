/**
 * Which encoder step 6 maps beside the random one, and what its map is called: step 3's encoder, so that the
 * map shows the features the probe reads. Pure (no React).
 */
import type { TsneJob } from '../../../workers/shared/contracts';
import type { ModelFiles } from '../../../workers/shared/contracts';
import { ENCODER_URLS, SHIPPED_ENCODER_URL } from '../shell/files';
import type { EncoderChoice } from '../../state/lab-config';

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
      return current({ url: ENCODER_URLS['simclr-v1'] }, 'SimCLR v1');
    case 'scatter':
      return current({ url: ENCODER_URLS.scatter }, 'scattering');
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
