/**
 * Group normalisation (Wu & He 2018) as a serialisable tfjs layer. tfjs has no GroupNorm layer, and the lab
 * must not use BatchNorm: it mixes examples of a batch, so a per-example gradient would depend on the other
 * examples and per-example clipping would no longer bound one example's influence.
 * y = γ · (x − μ_g) / √(σ²_g + ε) + β, with μ_g, σ²_g over (H, W, channels of group g) of each example.
 */
import * as tf from '@tensorflow/tfjs';

export interface GroupNormArgs {
  groups?: number;
  epsilon?: number;
  name?: string;
}

export class GroupNorm extends tf.layers.Layer {
  static className = 'GroupNorm';
  readonly groups: number;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: GroupNormArgs = {}) {
    super(args);
    this.groups = args.groups ?? 8;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number') throw new Error('GroupNorm needs a known channel count');
    if (channels % this.groups !== 0)
      throw new Error(`GroupNorm: ${channels} channels do not split into ${this.groups} groups`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [, h, w, c] = x.shape;
      const g = this.groups;
      // 4-D, not [N, H, W, G, C/G]: the wasm backend's broadcasting binary kernels fail on 5-D operands.
      const grouped = x.reshape([-1, h * w, g, c / g]);
      const { mean, variance } = tf.moments(grouped, [1, 3], true);
      const normed = grouped
        .sub(mean)
        .mul(tf.rsqrt(variance.add(this.epsilon)))
        .reshape([-1, h, w, c]);
      return normed.mul(this.gamma!.read()).add(this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(GroupNorm);
