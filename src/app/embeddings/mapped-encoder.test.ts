import { describe, expect, it } from 'vitest';
import { mappedEncoder } from './mapped-encoder';
import { ENCODER_URLS, SHIPPED_ENCODER_URL } from '../shell/files';
import type { EncoderChoice } from '../../state/lab-config';

describe("step 6's right-hand map", () => {
  it("is step 3's encoder, named as step 3 names it", () => {
    expect(mappedEncoder('pixels', null)).toEqual({
      encoder: { kind: 'pixels' },
      title: 'Current encoder: raw pixels (no encoder)',
      note: null,
    });
    expect(mappedEncoder('simclr-v1', null).encoder).toEqual({ url: ENCODER_URLS['simclr-v1'] });
    expect(mappedEncoder('shipped', null).title).toBe('Current encoder: default (two-scale scattering)');
    const files = { modelJson: '{}', weights: new ArrayBuffer(4) };
    const session = mappedEncoder('session', { files, label: 'SimCLR, 3 epochs (this session)' });
    expect(session.encoder).toEqual(files);
    expect(session.title).toBe('Current encoder: SimCLR, 3 epochs (this session)');
  });

  it('is the default encoder when step 3 uses the random one (the left map), and says so', () => {
    const m = mappedEncoder('random', null);
    expect(m.encoder).toEqual({ url: SHIPPED_ENCODER_URL });
    expect(m.title).not.toMatch(/^Current encoder/);
    expect(m.note).toMatch(/Step 3 uses the random encoder, which is the left map/);
  });

  it('covers every encoder choice', () => {
    const choices: EncoderChoice[] = ['shipped', 'scatter', 'pixels', 'simclr-v1', 'random', 'session'];
    for (const c of choices) expect(mappedEncoder(c, null).title.length).toBeGreaterThan(0);
  });
});
