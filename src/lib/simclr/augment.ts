/**
 * SimCLR augmentations as tfjs ops (they run on the worker's backend: WebGPU, wasm or cpu). The random
 * parameters of each view are drawn on the CPU from a seeded Rng (a few numbers per image), so a seed
 * reproduces the views exactly; only the per-pixel noise uses tf.randomNormal, seeded from the same Rng.
 *
 * Random resized crop and horizontal flip are one op: tf.image.cropAndResize with a box whose x-coordinates
 * are swapped mirrors the crop. Then colour: for RGB, brightness/contrast/saturation jitter and random
 * grayscale (Chen et al. 2020, Appendix A); for grayscale, brightness/contrast jitter and Gaussian pixel noise.
 * Optional 3×3 Gaussian blur. Values stay in [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.ts';

export {
  AUGMENT_CLOTHING,
  AUGMENT_DIGITS,
  AUGMENT_GRAYSCALE,
  AUGMENT_RGB,
  type AugmentConfig,
} from './augment-presets.ts';
import type { AugmentConfig } from './augment-presets.ts';

/** Normalised crop boxes [y1, x1, y2, x2] (x swapped = mirrored), one per image. */
export function sampleCropBoxes(n: number, config: AugmentConfig, rng: Rng): Float32Array {
  const boxes = new Float32Array(n * 4);
  const [smin, smax] = config.cropScale;
  const [rmin, rmax] = config.cropRatio;
  for (let i = 0; i < n; i++) {
    const scale = smin + (smax - smin) * rng.float();
    const ratio = Math.exp(Math.log(rmin) + (Math.log(rmax) - Math.log(rmin)) * rng.float());
    const w = Math.min(1, Math.sqrt(scale * ratio));
    const h = Math.min(1, Math.sqrt(scale / ratio));
    const y1 = (1 - h) * rng.float();
    const x1 = (1 - w) * rng.float();
    const mirror = config.flip && rng.float() < 0.5;
    boxes.set(mirror ? [y1, x1 + w, y1 + h, x1] : [y1, x1, y1 + h, x1 + w], 4 * i);
  }
  return boxes;
}

const BLUR_KERNEL = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);

/** One augmented view of every image in `images` ([N, H, W, C] in [0, 1]). */
export function augment(images: tf.Tensor4D, config: AugmentConfig, rng: Rng): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  const boxes = sampleCropBoxes(n, config, rng);
  const perImage = (draw: () => number) => Float32Array.from({ length: n }, draw);
  const jitterOn = perImage(() => (rng.float() < config.jitterProb ? 1 : 0));
  const brightness = perImage(() => (rng.float() * 2 - 1) * config.jitter);
  const contrast = perImage(() => 1 + (rng.float() * 2 - 1) * config.jitter);
  const saturation = perImage(() => 1 + (rng.float() * 2 - 1) * config.jitter);
  const gray = perImage(() => (rng.float() < config.grayscaleProb ? 1 : 0));
  const blur = perImage(() => (rng.float() < config.blurProb ? 1 : 0));
  const noiseSeed = rng.int(2 ** 31);
  return tf.tidy(() => {
    const column = (v: Float32Array) => tf.tensor4d(v, [n, 1, 1, 1]);
    let x = tf.image.cropAndResize(
      images,
      tf.tensor2d(boxes, [n, 4]),
      tf.range(0, n, 1, 'int32'),
      [height, width],
      'bilinear',
    );
    if (config.jitter > 0) {
      const on = column(jitterOn);
      const mean = x.mean([1, 2, 3], true);
      // contrast around the image mean, then brightness shift; `on` selects jittered images
      let jittered = x.sub(mean).mul(column(contrast)).add(mean).add(column(brightness).mul(0.5));
      if (channels === 3) {
        const luma = jittered.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(3, true);
        jittered = luma.add(jittered.sub(luma).mul(column(saturation)));
      }
      x = on.mul(jittered).add<tf.Tensor4D>(tf.scalar(1).sub(on).mul(x));
    }
    if (channels === 3 && config.grayscaleProb > 0) {
      const g = column(gray);
      const luma = x
        .mul(tf.tensor1d([0.299, 0.587, 0.114]))
        .sum(3, true)
        .tile([1, 1, 1, 3]);
      x = g.mul(luma).add<tf.Tensor4D>(tf.scalar(1).sub(g).mul(x));
    }
    if (config.blurProb > 0) {
      const kernel = tf.tensor4d(BLUR_KERNEL, [3, 3, 1, 1]).tile<tf.Tensor4D>([1, 1, channels, 1]);
      const blurred = tf.depthwiseConv2d(x, kernel, 1, 'same');
      const b = column(blur);
      x = b.mul(blurred).add<tf.Tensor4D>(tf.scalar(1).sub(b).mul(x));
    }
    if (channels === 1 && config.noiseStd > 0) {
      x = x.add(tf.randomNormal(x.shape, 0, config.noiseStd, 'float32', noiseSeed));
    }
    return x.clipByValue(0, 1) as tf.Tensor4D;
  });
}
