import { describe, expect, it } from 'vitest';
import { type DataBridge, decodeFiles, FILES_PER_MESSAGE } from './data';
import type { DecodedFolder, FileEntry } from '../../workers/shared/contracts';

describe('decodeFiles', () => {
  it('hands the files over in messages of at most FILES_PER_MESSAGE, in order, then decodes them', async () => {
    const sent: FileEntry[][] = [];
    const calls: string[] = [];
    const remote = {
      stage: (e: FileEntry[], first: boolean) => {
        sent.push(e);
        calls.push(first ? 'stage first' : 'stage');
        return Promise.resolve(sent.flat().length);
      },
      decodeStaged: (_: unknown, rootName: string) => {
        calls.push(`decode ${rootName}`);
        return Promise.resolve({ paths: sent.flat().map((e) => e.path) } as DecodedFolder);
      },
    };
    const bridge = {
      run: (fn: (r: typeof remote) => Promise<unknown>) => fn(remote),
    } as unknown as DataBridge;
    const n = 2 * FILES_PER_MESSAGE + 88;
    const entries = Array.from({ length: n }, (_, i) => ({ path: `f/${i}.png`, file: new Blob() }));
    const out = await decodeFiles(
      bridge,
      entries,
      { size: 28, channels: 1, fit: 'crop' },
      'f',
      () => undefined,
    );
    expect(sent.map((c) => c.length)).toEqual([FILES_PER_MESSAGE, FILES_PER_MESSAGE, 88]);
    expect(calls).toEqual(['stage first', 'stage', 'stage', 'decode f']);
    expect(out.paths).toEqual(entries.map((e) => e.path));
  });
});
