/**
 * The two optimizers the probe offers, applied to an already privatised gradient (post-processing: they cost
 * no privacy). Written here rather than taken from tf.train because tfjs 4.22's optimizers keep scalar tensors
 * that dispose() does not free (1–2 per optimizer, measured), and a sweep creates hundreds of optimizers.
 *   SGD with momentum m:  v ← m·v + g;  θ ← θ − η·v                         (m = 0: plain SGD)
 *   Adam (Kingma & Ba 2015): m ← β1·m + (1−β1)·g;  s ← β2·s + (1−β2)·g²;
 *                          θ ← θ − η·(m / (1−β1ᵗ)) / (√(s / (1−β2ᵗ)) + ε)
 */
import * as tf from '@tensorflow/tfjs';

export interface ProbeOptimizer {
  /** Update each variable with its gradient (same order). */
  apply(variables: tf.Variable[], grads: tf.Tensor[]): void;
  dispose(): void;
}

export function createOptimizer(options: {
  kind: 'sgd' | 'adam';
  learningRate: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}): ProbeOptimizer {
  const { learningRate: lr } = options;
  const slots: tf.Variable[][] = [];
  const slot = (i: number, j: number, like: tf.Variable) => {
    slots[i] ??= [];
    slots[i][j] ??= tf.tidy(() => tf.variable(tf.zerosLike(like), false));
    return slots[i][j];
  };
  let t = 0;
  return {
    apply(variables, grads) {
      t++;
      tf.tidy(() => {
        variables.forEach((w, i) => {
          const g = grads[i]!;
          if (options.kind === 'sgd') {
            const m = options.momentum ?? 0;
            if (m === 0) {
              w.assign(w.sub(g.mul(lr)));
              return;
            }
            const v = slot(i, 0, w);
            v.assign(v.mul(m).add(g));
            w.assign(w.sub(v.mul(lr)));
          } else {
            const b1 = options.beta1 ?? 0.9;
            const b2 = options.beta2 ?? 0.999;
            const eps = options.epsilon ?? 1e-8;
            const m = slot(i, 0, w);
            const s = slot(i, 1, w);
            m.assign(m.mul(b1).add(g.mul(1 - b1)));
            s.assign(s.mul(b2).add(g.square().mul(1 - b2)));
            const mHat = m.div(1 - b1 ** t);
            const sHat = s.div(1 - b2 ** t);
            w.assign(w.sub(mHat.div(sHat.sqrt().add(eps)).mul(lr)));
          }
        });
      });
    },
    dispose() {
      for (const row of slots) for (const v of row ?? []) v?.dispose();
      slots.length = 0;
    },
  };
}
