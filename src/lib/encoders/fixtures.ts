import { createRng } from '../rng';

/** A smooth random 28 × 28 "garment": a few Gaussian blobs, values in [0, 1]. */
export function blobImage(seed: number, size = 28): Float32Array {
  const rng = createRng(seed);
  const img = new Float32Array(size * size);
  for (let b = 0; b < 4; b++) {
    const cy = 6 + rng.float() * 16;
    const cx = 6 + rng.float() * 16;
    const s = 2 + rng.float() * 3;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        img[y * size + x]! += Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * s * s));
  }
  const max = Math.max(...img);
  return img.map((v) => v / max);
}
