/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman & Ginsburg 2017), as SimCLR uses it for large batches
 * (Chen et al. 2020, §B.1). Written here because tfjs has no LARS. Per variable w with gradient g:
 *   g ← g + λ·w                        (weight decay; not for normalisation or bias parameters)
 *   r ← η·‖w‖ / ‖g‖ if both norms > 0, else 1   (trust ratio; 1 for excluded parameters)
 *   v ← m·v + lr·r·g ;  w ← w − v
 */
import * as tf from '@tensorflow/tfjs';

export interface LarsOptions {
  momentum?: number;
  weightDecay?: number;
  trustCoefficient?: number;
  /** Variables whose names match are neither decayed nor adapted (GroupNorm γ/β, biases). */
  exclude?: RegExp;
}

export class Lars {
  learningRate: number;
  private readonly momentum: number;
  private readonly weightDecay: number;
  private readonly eta: number;
  private readonly exclude: RegExp;
  private readonly velocity = new Map<string, tf.Variable>();

  constructor(learningRate: number, options: LarsOptions = {}) {
    this.learningRate = learningRate;
    this.momentum = options.momentum ?? 0.9;
    this.weightDecay = options.weightDecay ?? 1e-6;
    this.eta = options.trustCoefficient ?? 0.001;
    this.exclude = options.exclude ?? /gamma|beta|bias/;
  }

  applyGradients(variables: tf.Variable[], grads: Record<string, tf.Tensor>): void {
    tf.tidy(() => {
      for (const w of variables) {
        const grad = grads[w.name];
        if (!grad) continue;
        const excluded = this.exclude.test(w.name);
        let g: tf.Tensor = grad;
        let trust: tf.Tensor = tf.scalar(1);
        if (!excluded) {
          g = g.add(w.mul(this.weightDecay));
          const wNorm = w.norm();
          const gNorm = g.norm();
          trust = tf.where(
            wNorm.greater(0).logicalAnd(gNorm.greater(0)),
            wNorm.mul(this.eta).div(gNorm),
            tf.scalar(1),
          );
        }
        let v = this.velocity.get(w.name);
        if (!v) {
          v = tf.variable(tf.zerosLike(w), false, `${w.name}/lars_v`); // inside tidy: the zeros are freed
          this.velocity.set(w.name, v);
        }
        v.assign(v.mul(this.momentum).add(g.mul(trust).mul(this.learningRate)));
        w.assign(w.sub(v));
      }
    });
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}
