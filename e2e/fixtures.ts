/**
 * Test fixtures made at test time (never committed): a folder of small images whose PNG bytes the browser
 * itself encodes (OffscreenCanvas.convertToBlob), plus the bad files a real folder contains.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';

export interface FolderSpec {
  /** path relative to the folder → 'circle' | 'square' | 'cross' image, or raw bytes */
  files: Record<string, 'circle' | 'square' | 'cross' | Uint8Array>;
}

export async function pngs(page: Page, shapes: string[]): Promise<Uint8Array[]> {
  const b64 = await page.evaluate(async (list) => {
    const out: string[] = [];
    for (const [i, shape] of list.entries()) {
      const c = new OffscreenCanvas(40 + (i % 5) * 7, 36 + (i % 3) * 9);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = `rgb(${20 + ((i * 13) % 60)}, 20, 30)`;
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.fillStyle = '#fff';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 5;
      const cx = c.width / 2 + ((i % 3) - 1) * 3;
      const cy = c.height / 2;
      if (shape === 'circle') {
        ctx.beginPath();
        ctx.arc(cx, cy, 12, 0, 2 * Math.PI);
        ctx.fill();
      } else if (shape === 'square') ctx.fillRect(cx - 11, cy - 11, 22, 22);
      else {
        ctx.beginPath();
        ctx.moveTo(cx - 12, cy - 12);
        ctx.lineTo(cx + 12, cy + 12);
        ctx.moveTo(cx + 12, cy - 12);
        ctx.lineTo(cx - 12, cy + 12);
        ctx.stroke();
      }
      const blob = await c.convertToBlob({ type: 'image/png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      out.push(btoa(s));
    }
    return out;
  }, shapes);
  return b64.map((s) => Uint8Array.from(Buffer.from(s, 'base64')));
}

/** Writes the folder under e2e/.fixtures/<name> (removed first) and returns its absolute path. */
export async function makeFolder(page: Page, name: string, spec: FolderSpec): Promise<string> {
  const root = join(import.meta.dirname, '.fixtures', name);
  rmSync(root, { recursive: true, force: true });
  const entries = Object.entries(spec.files);
  const shapes = entries.filter(([, v]) => typeof v === 'string') as [string, string][];
  const encoded = await pngs(
    page,
    shapes.map(([, v]) => v),
  );
  const bytes = new Map(shapes.map(([p], i) => [p, encoded[i]!]));
  for (const [path, v] of entries) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof v === 'string' ? bytes.get(path)! : v);
  }
  return root;
}
