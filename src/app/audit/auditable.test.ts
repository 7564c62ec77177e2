import { describe, expect, it } from 'vitest';
import { defaultAuditRun, notAuditable } from './auditable';
import { sampleRun } from '../probe/run-fixture';
import { DEFAULT_PROBE_CONFIG } from '../../lib/dp/plan';

describe('which runs can be attacked on this page', () => {
  const prepared = { 'emb:1': {} };
  it('needs the run’s embeddings on this page', () => {
    const here = sampleRun(1, { embeddingsKey: 'emb:1', probeConfig: DEFAULT_PROBE_CONFIG });
    expect(notAuditable(here, { prepared })).toBeNull();
    // a run from another tab (or an earlier page load): its embeddings are not held here
    const elsewhere = sampleRun(2, { embeddingsKey: 'emb:2', probeConfig: DEFAULT_PROBE_CONFIG });
    expect(notAuditable(elsewhere, { prepared })).toMatch(/another tab.*train it again here/);
    expect(notAuditable(sampleRun(3), { prepared })).toBe('it was saved before the audit existed');
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
