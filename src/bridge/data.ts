/** The bridge to workers/data.worker.ts (zip, decode, split, hashes). */
import type { DataApi, DecodeOptions, DecodedFolder, FileEntry } from '../../workers/shared/contracts';
import { createBridge } from './worker-bridge';

export function createDataBridge(onCrash: (message: string) => void) {
  return createBridge<DataApi>(
    () =>
      new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' }),
    { onCrash },
  );
}
export type DataBridge = ReturnType<typeof createDataBridge>;

/** Files handed to the data worker per message (see `DataApi.stage`): about 60 ms of the page's time each. */
export const FILES_PER_MESSAGE = 256;

/**
 * Decodes `entries` in the data worker, handing the files over FILES_PER_MESSAGE at a time: each hand-over is
 * its own task, so the page stays responsive while 20,000 files go across (4.6 s in one task otherwise). Paths
 * get one top folder (`withSingleRoot`, with `rootName`).
 */
export function decodeFiles(
  bridge: DataBridge,
  entries: FileEntry[],
  options: DecodeOptions,
  rootName: string,
  onProgress: (done: number, total: number, skipped: number) => void,
  signal?: AbortSignal,
): Promise<DecodedFolder> {
  return bridge.run(async (w) => {
    for (let at = 0; at < entries.length; at += FILES_PER_MESSAGE)
      await w.stage(entries.slice(at, at + FILES_PER_MESSAGE), at === 0);
    return w.decodeStaged(options, rootName, onProgress);
  }, signal);
}
