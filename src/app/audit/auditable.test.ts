import { describe, expect, it } from 'vitest';
import { notAuditable } from './auditable';
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
});
