/**
 * Content hashes of images (SHA-256 of the stored bytes, via Web Crypto), used to find exact duplicates and,
 * above all, private images that also appear in the public set: ε does not cover an image that was also used
 * for pretraining.
 */
export async function hashBytes(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  const hex: string[] = [];
  for (const b of new Uint8Array(digest).subarray(0, 16)) hex.push(b.toString(16).padStart(2, '0'));
  return hex.join(''); // 128 bits are plenty to tell images apart
}

export async function hashImages(images: Uint8Array, imageBytes: number): Promise<string[]> {
  const n = images.length / imageBytes;
  if (!Number.isInteger(n))
    throw new Error(`${images.length} bytes is not a whole number of ${imageBytes}-byte images`);
  const out = new Array<string>(n);
  const batch = 512;
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const part = await Promise.all(
      Array.from({ length: end - start }, (_, k) =>
        hashBytes(images.subarray((start + k) * imageBytes, (start + k + 1) * imageBytes)),
      ),
    );
    for (let k = 0; k < part.length; k++) out[start + k] = part[k]!;
  }
  return out;
}

/** Indices of the first occurrence of every distinct hash, and the indices that repeat an earlier one. */
export function firstOccurrences(hashes: string[]): { keep: number[]; duplicates: number[] } {
  const seen = new Set<string>();
  const keep: number[] = [];
  const duplicates: number[] = [];
  hashes.forEach((h, i) => {
    if (seen.has(h)) duplicates.push(i);
    else {
      seen.add(h);
      keep.push(i);
    }
  });
  return { keep, duplicates };
}

/** Which images of `privateHashes` also occur in `publicHashes` (their indices in the private set). */
export function overlap(publicHashes: Iterable<string>, privateHashes: string[]): number[] {
  const pub = new Set(publicHashes);
  const out: number[] = [];
  privateHashes.forEach((h, i) => {
    if (pub.has(h)) out.push(i);
  });
  return out;
}
