import { describe, expect, it } from 'vitest';
import { defaultAuditRun, notAuditable } from './auditable';
import { sampleRun } from '../probe/run-fixture';
import { DEFAULT_PROBE_CONFIG } from '../../lib/dp/plan';
import {
  builtinSource,
  encoderSource,
  preparedKey,
  reembedOf,
  reembedding,
  sameEmbeddings,
} from '../probe/probe-config';

describe('which runs can be attacked on this page', () => {
  const prepared = { 'emb:1': {} };
  it('needs the run’s embeddings on this page', () => {
    const here = sampleRun(1, { embeddingsKey: 'emb:1', probeConfig: DEFAULT_PROBE_CONFIG });
    expect(notAuditable(here, { prepared })).toBeNull();
    // a run from another tab (or an earlier page load): its embeddings are not held here
    const elsewhere = sampleRun(2, { embeddingsKey: 'emb:2', probeConfig: DEFAULT_PROBE_CONFIG });
    expect(notAuditable(elsewhere, { prepared })).toMatch(
      /another tab: this page does not hold.*Train it again here/,
    );
    expect(notAuditable(sampleRun(3), { prepared })).toBe('it was saved before the audit existed');
  });

  it('can attack a run from an earlier page load on the built-in data: its embeddings are made again', () => {
    const source = builtinSource({ privateSubset: 2000 });
    const enc = encoderSource('shipped');
    const earlier = sampleRun(4, {
      encoder: 'shipped',
      embeddingsKey: preparedKey(source, enc),
      probeConfig: DEFAULT_PROBE_CONFIG,
      reembed: { privateSubset: 2000, contentKey: 'c1' },
    });
    expect(notAuditable(earlier, { prepared: {} })).toBeNull();
    expect(reembedding(earlier)).toEqual({ source, enc, contentKey: 'c1' });
    // the contrast's subsample too
    const sub = { train: 1000, test: 500 };
    const rnd = encoderSource('random');
    const contrast = {
      encoder: 'random',
      embeddingsKey: preparedKey(builtinSource({ privateSubset: null }), rnd, sub),
      reembed: { privateSubset: null, sub, contentKey: 'c2' },
    };
    expect(reembedding(contrast)).toEqual({
      source: builtinSource({ privateSubset: null }),
      enc: rnd,
      sub,
      contentKey: 'c2',
    });
  });

  it('makes nothing again that would differ from what the run trained on', () => {
    const key = preparedKey(builtinSource({ privateSubset: 2000 }), encoderSource('shipped'));
    const stored = {
      encoder: 'shipped',
      embeddingsKey: key,
      reembed: { privateSubset: 2000, contentKey: 'c' },
    };
    expect(reembedding(stored)).not.toBeNull();
    // made again, they must be the same images through the same weights (the names alone say neither)
    expect(sameEmbeddings({ key, contentKey: 'c' }, stored, 'c')).toBe(true);
    expect(sameEmbeddings({ key, contentKey: 'other weights' }, stored, 'c')).toBe(false);
    expect(sameEmbeddings({ key: 'other', contentKey: 'c' }, stored, 'c')).toBe(false);
    expect(reembedding({ ...stored, reembed: { privateSubset: 2000 } })).toBeNull(); // no content key kept
    // another subset, another encoder, a session's encoder, no record of it, or a corrupt one
    expect(reembedding({ ...stored, reembed: { privateSubset: 10000 } })).toBeNull();
    expect(reembedding({ ...stored, encoder: 'simclr-v1' })).toBeNull();
    expect(reembedding({ ...stored, encoder: 'this session' })).toBeNull();
    expect(reembedding({ ...stored, reembed: undefined })).toBeNull();
    for (const bad of [
      { privateSubset: -1 },
      { privateSubset: 'x' },
      { privateSubset: 2000, sub: { train: 0 } },
      7,
    ])
      expect(reembedding({ ...stored, reembed: bad })).toBeNull();
    // what a run keeps: nothing for an upload or a session's encoder
    const upload = { kind: 'images', key: 'upload:x', train: {}, test: {} } as unknown as Parameters<
      typeof reembedOf
    >[0];
    expect(reembedOf(upload, 'shipped', 'c')).toBeUndefined();
    expect(reembedOf(builtinSource({ privateSubset: null }), 'this session', 'c')).toBeUndefined();
    expect(reembedOf(builtinSource({ privateSubset: 2000 }), 'pixels', 'c')).toEqual({
      privateSubset: 2000,
      contentKey: 'c',
    });
  });
  it('offers the user’s latest DP run first, not the random-encoder contrast trained after it', () => {
    const config = { probeConfig: DEFAULT_PROBE_CONFIG };
    const dp = sampleRun(1, { ...config, embeddingsKey: 'emb:1', kind: 'dp' });
    const contrast = sampleRun(2, { ...config, embeddingsKey: 'emb:1', kind: 'random-dp' });
    const nonPrivate = sampleRun(3, { ...config, embeddingsKey: 'emb:1', kind: 'non-private' });
    expect(defaultAuditRun([dp, contrast, nonPrivate], { prepared })?.id).toBe(1);
    // a DP run that cannot be attacked here gives way to one that can
    const elsewhere = sampleRun(4, { ...config, embeddingsKey: 'emb:2', kind: 'dp' });
    expect(defaultAuditRun([dp, contrast, elsewhere], { prepared })?.id).toBe(1);
    expect(defaultAuditRun([contrast, elsewhere], { prepared })?.id).toBe(2);
    // none can: the latest, whose reason the panel shows
    expect(defaultAuditRun([sampleRun(5), elsewhere], { prepared })?.id).toBe(4);
    expect(defaultAuditRun([], { prepared })).toBeUndefined();
  });
});
