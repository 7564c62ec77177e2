/**
 * Turning what the browser hands us (a folder input, a drop, a directory picker) into a flat list of files
 * with their paths relative to the chosen folder's parent ("pets/cats/a.jpg"). Folders nested deeper than
 * the label level are walked.
 */
import type { FileEntry } from '../../../workers/shared/contracts';

/** <input type="file" webkitdirectory>: each File carries webkitRelativePath. */
export function fromFileList(files: FileList | File[]): FileEntry[] {
  return Array.from(files, (f) => ({ path: f.webkitRelativePath || f.name, file: f }));
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call: call it until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, out: FileEntry[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader()))
      await walkEntry(child, out);
  }
}

/** A drop: folders arrive as directory entries (walked); loose files as files. */
export async function fromDataTransfer(dt: DataTransfer): Promise<FileEntry[]> {
  const entries = Array.from(dt.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return fromFileList(dt.files);
  const out: FileEntry[] = [];
  for (const e of entries) await walkEntry(e, out);
  return out;
}

type DirectoryHandle = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };

/** The File System Access directory picker, where the browser has it (Chromium). */
export function hasDirectoryPicker(): boolean {
  return typeof (window as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

export async function fromDirectoryPicker(): Promise<FileEntry[]> {
  const root = await (
    window as unknown as { showDirectoryPicker(): Promise<DirectoryHandle> }
  ).showDirectoryPicker();
  const out: FileEntry[] = [];
  const walk = async (dir: DirectoryHandle, prefix: string) => {
    for await (const h of dir.values()) {
      if (h.kind === 'file')
        out.push({ path: `${prefix}/${h.name}`, file: await (h as FileSystemFileHandle).getFile() });
      else await walk(h as DirectoryHandle, `${prefix}/${h.name}`);
    }
  };
  await walk(root, root.name);
  return out;
}
