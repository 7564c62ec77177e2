/**
 * Barnes-Hut t-SNE (van der Maaten 2014), written here because no maintained JavaScript t-SNE fits a worker
 * without WebGL (the tfjs t-SNE package is archived and WebGL-only; tsne-js is exact O(N²) and unmaintained).
 * Barnes-Hut makes one gradient O(N log N): a quadtree over the 2-D map summarises far-away points by their
 * centre of mass when (cell width / distance) < θ. Attractive forces use the sparse kNN affinities.
 * PCA initialisation (scaled to std 1e-4), early exaggeration 12 for 250 iterations, momentum 0.5 → 0.8,
 * per-coordinate gains (Jacobs 1988, as in the reference implementation), learning rate max(N/12/4, 50)
 * (Belkina et al. 2019) unless given. Deterministic for a given input and seed.
 */
import { createRng } from '../rng.ts';
import { type SparseP, computeAffinities } from './affinities.ts';

export interface TsneOptions {
  perplexity?: number;
  learningRate?: number | 'auto';
  theta?: number;
  earlyExaggeration?: number;
  exaggerationIterations?: number;
  seed?: number;
}

interface Cell {
  cx: number;
  cy: number;
  hw: number;
  mass: number;
  mx: number;
  my: number;
  point: number; // index of the single point in a leaf, −1 otherwise
  kids: (Cell | null)[] | null;
}

function newCell(cx: number, cy: number, hw: number): Cell {
  return { cx, cy, hw, mass: 0, mx: 0, my: 0, point: -1, kids: null };
}

function insert(cell: Cell, y: Float64Array, i: number, depth: number): void {
  const px = y[2 * i]!;
  const py = y[2 * i + 1]!;
  cell.mx = (cell.mx * cell.mass + px) / (cell.mass + 1);
  cell.my = (cell.my * cell.mass + py) / (cell.mass + 1);
  cell.mass++;
  if (cell.mass === 1) {
    cell.point = i;
    return;
  }
  if (depth > 48) return; // (near-)duplicate points: keep them aggregated in this cell
  if (!cell.kids) {
    cell.kids = [null, null, null, null];
    const old = cell.point;
    cell.point = -1;
    if (old >= 0) place(cell, y, old, depth);
  }
  place(cell, y, i, depth);
}

function place(cell: Cell, y: Float64Array, i: number, depth: number): void {
  const px = y[2 * i]!;
  const py = y[2 * i + 1]!;
  const q = (px >= cell.cx ? 1 : 0) + (py >= cell.cy ? 2 : 0);
  const h = cell.hw / 2;
  let kid = cell.kids![q];
  if (!kid) {
    kid = newCell(cell.cx + (q & 1 ? h : -h), cell.cy + (q & 2 ? h : -h), h);
    cell.kids![q] = kid;
  }
  insert(kid, y, i, depth + 1);
}

export class Tsne {
  readonly n: number;
  readonly p: SparseP;
  /** The map: N × 2, row-major. */
  readonly y: Float64Array;
  iteration = 0;
  private readonly update: Float64Array;
  private readonly gains: Float64Array;
  private readonly grad: Float64Array;
  private readonly options: Required<Omit<TsneOptions, 'learningRate'>> & { learningRate: number };

  constructor(x: Float32Array, n: number, dim: number, options: TsneOptions = {}) {
    this.n = n;
    const perplexity = options.perplexity ?? 30;
    const exaggeration = options.earlyExaggeration ?? 12;
    const lr =
      options.learningRate === undefined || options.learningRate === 'auto'
        ? Math.max(n / exaggeration / 4, 50)
        : options.learningRate;
    this.options = {
      perplexity,
      learningRate: lr,
      theta: options.theta ?? 0.5,
      earlyExaggeration: exaggeration,
      exaggerationIterations: options.exaggerationIterations ?? 250,
      seed: options.seed ?? 1,
    };
    this.p = computeAffinities(x, n, dim, perplexity);
    this.y = pcaInit(x, n, dim, this.options.seed);
    this.update = new Float64Array(2 * n);
    this.gains = new Float64Array(2 * n).fill(1);
    this.grad = new Float64Array(2 * n);
  }

  /** One gradient-descent iteration. */
  step(): void {
    const { n, y, grad, p } = this;
    const o = this.options;
    const exaggeration = this.iteration < o.exaggerationIterations ? o.earlyExaggeration : 1;
    const momentum = this.iteration < o.exaggerationIterations ? 0.5 : 0.8;
    // quadtree over the current map
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]!);
      maxX = Math.max(maxX, y[2 * i]!);
      minY = Math.min(minY, y[2 * i + 1]!);
      maxY = Math.max(maxY, y[2 * i + 1]!);
    }
    const root = newCell((minX + maxX) / 2, (minY + maxY) / 2, Math.max(maxX - minX, maxY - minY) / 2 + 1e-5);
    for (let i = 0; i < n; i++) insert(root, y, i, 0);
    // repulsive forces (Barnes-Hut) and their normaliser Z = Σ_{k≠l} (1 + d²)^−1
    const rep = new Float64Array(2 * n);
    let z = 0;
    const theta2 = o.theta * o.theta;
    const stack: Cell[] = [];
    for (let i = 0; i < n; i++) {
      const px = y[2 * i]!;
      const py = y[2 * i + 1]!;
      let fx = 0;
      let fy = 0;
      stack.push(root);
      while (stack.length) {
        const c = stack.pop()!;
        if (c.mass === 0 || c.point === i) continue;
        const dx = px - c.mx;
        const dy = py - c.my;
        const d2 = dx * dx + dy * dy;
        const w = 2 * c.hw;
        if (!c.kids || w * w < theta2 * d2) {
          const q = 1 / (1 + d2);
          const m = c.mass; // a leaf of aggregated duplicates counts all of them
          z += m * q;
          fx += m * q * q * dx;
          fy += m * q * q * dy;
        } else for (const k of c.kids) if (k) stack.push(k);
      }
      rep[2 * i] = fx;
      rep[2 * i + 1] = fy;
    }
    // attractive forces on the kNN graph, then the gradient 4·(F_attr − F_rep / Z)
    for (let i = 0; i < n; i++) {
      let ax = 0;
      let ay = 0;
      const px = y[2 * i]!;
      const py = y[2 * i + 1]!;
      for (let e = p.rowStart[i]!; e < p.rowStart[i + 1]!; e++) {
        const j = p.cols[e]!;
        const dx = px - y[2 * j]!;
        const dy = py - y[2 * j + 1]!;
        const q = 1 / (1 + dx * dx + dy * dy);
        ax += exaggeration * p.vals[e]! * q * dx;
        ay += exaggeration * p.vals[e]! * q * dy;
      }
      grad[2 * i] = 4 * (ax - rep[2 * i]! / z);
      grad[2 * i + 1] = 4 * (ay - rep[2 * i + 1]! / z);
    }
    // gains, momentum, update; keep the map centred
    let cx = 0;
    let cy = 0;
    for (let k = 0; k < 2 * n; k++) {
      const g = grad[k]!;
      const u = this.update[k]!;
      this.gains[k] =
        Math.sign(g) !== Math.sign(u) ? this.gains[k]! + 0.2 : Math.max(0.01, this.gains[k]! * 0.8);
      this.update[k] = momentum * u - o.learningRate * this.gains[k]! * g;
      y[k] = y[k]! + this.update[k]!;
      if (k % 2 === 0) cx += y[k]!;
      else cy += y[k]!;
    }
    cx /= n;
    cy /= n;
    for (let i = 0; i < n; i++) {
      y[2 * i] = y[2 * i]! - cx;
      y[2 * i + 1] = y[2 * i + 1]! - cy;
    }
    this.iteration++;
  }
}

/** First two principal components (power iteration on the covariance), scaled to std 1e-4 (plus tiny seeded jitter). */
export function pcaInit(x: Float32Array, n: number, dim: number, seed: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d]! += x[i * dim + d]! / n;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      const va = x[i * dim + a]! - mean[a]!;
      if (va === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b]! += va * (x[i * dim + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]!;
  const rng = createRng(seed);
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: dim }, () => rng.normal());
    for (let it = 0; it < 100; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) w[a]! += cov[a * dim + b]! * v[b]!;
      for (const prev of components) {
        const dot = w.reduce((s, val, k) => s + val * prev[k]!, 0);
        for (let k = 0; k < dim; k++) w[k]! -= dot * prev[k]!;
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((val) => val / norm);
    }
    components.push(v);
  }
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (x[i * dim + d]! - mean[d]!) * components[c]![d]!;
      y[2 * i + c] = s;
    }
  }
  let sd = 0;
  for (let i = 0; i < n; i++) sd += y[2 * i]! * y[2 * i]!;
  sd = Math.sqrt(sd / n) || 1;
  for (let k = 0; k < 2 * n; k++) y[k] = (y[k]! / sd) * 1e-4 + rng.normal() * 1e-8;
  return y;
}

/** The exact KL(P ‖ Q) of a map (O(N²)): the quantity t-SNE minimises. */
export function klDivergence(p: SparseP, y: Float64Array): number {
  const n = p.n;
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = y[2 * i]! - y[2 * j]!;
      const dy = y[2 * i + 1]! - y[2 * j + 1]!;
      z += 2 / (1 + dx * dx + dy * dy);
    }
  }
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let e = p.rowStart[i]!; e < p.rowStart[i + 1]!; e++) {
      const j = p.cols[e]!;
      const pij = p.vals[e]!;
      if (pij <= 0) continue;
      const dx = y[2 * i]! - y[2 * j]!;
      const dy = y[2 * i + 1]! - y[2 * j + 1]!;
      const qij = 1 / (1 + dx * dx + dy * dy) / z;
      kl += pij * Math.log(pij / qij);
    }
  }
  return kl;
}

/** Leave-one-out kNN accuracy of labels in the 2-D map: how separable the clusters look. */
export function mapKnnAccuracy(y: Float64Array, labels: ArrayLike<number>, k = 10): number {
  const n = labels.length;
  let correct = 0;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      d[j] = j === i ? Infinity : (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => d[a]! - d[b]!);
    const votes = new Map<number, number>();
    for (const j of order.slice(0, k)) votes.set(labels[j]!, (votes.get(labels[j]!) ?? 0) + 1);
    let best = -1;
    let bestVotes = -1;
    for (const [c, v] of votes) if (v > bestVotes) [best, bestVotes] = [c, v];
    if (best === labels[i]) correct++;
  }
  return correct / n;
}
