/**
 * log(c + max(x, 0)), elementwise: the compression the default encoder applies to the scattering coefficients
 * before its public PCA whitening. Scattering coefficients of an image in [0, 1] span five orders of magnitude
 * (order 0 up to ~1, order 2 mostly 1e-4 to 1e-2), so a linear probe on them is dominated by the few large
 * ones; the log makes a ratio of energies a difference (log-scattering, as used for scattering in audio and
 * texture classification), and the whitening that follows sees near-Gaussian inputs. Chosen on the public
 * split only (`npm run tune`; the offsets tried and their validation accuracies are in the README). Per example
 * and fixed, so it costs no privacy. A serialisable layer: an encoder's files say it is there and with which c.
 */
import * as tf from '@tensorflow/tfjs';

export interface LogCompressionArgs {
  /** c > 0: the value below which a coefficient is treated as zero (log c is the floor). */
  offset: number;
  name?: string;
}

export class LogCompression extends tf.layers.Layer {
  static className = 'LogCompression';
  readonly offset: number;

  constructor(args: LogCompressionArgs) {
    super({ ...args, trainable: false });
    if (!(args.offset > 0 && Number.isFinite(args.offset)))
      throw new Error(`LogCompression needs an offset > 0, got ${args.offset}`);
    this.offset = args.offset;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.log(tf.relu(x).add(this.offset)));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), offset: this.offset };
  }
}

tf.serialization.registerClass(LogCompression);
