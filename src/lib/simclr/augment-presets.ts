/** Augmentation settings (no tfjs here, so the UI can import them). */
export interface AugmentConfig {
  /** Crop area as a fraction of the image, drawn uniformly in [min, max]. */
  cropScale: [number, number];
  /** Aspect ratio range (log-uniform). */
  cropRatio: [number, number];
  flip: boolean;
  /** Strength of brightness/contrast (and for RGB saturation) jitter, 0 = off. */
  jitter: number;
  /** Probability of applying the colour jitter to an image. */
  jitterProb: number;
  /** RGB only: probability of converting a view to grayscale. */
  grayscaleProb: number;
  /** Grayscale only: std of additive Gaussian pixel noise (0 = off). */
  noiseStd: number;
  /** Probability of a 3×3 Gaussian blur. */
  blurProb: number;
}

export const AUGMENT_GRAYSCALE: AugmentConfig = {
  cropScale: [0.35, 1],
  cropRatio: [3 / 4, 4 / 3],
  flip: true,
  jitter: 0.4,
  jitterProb: 0.8,
  grayscaleProb: 0,
  noiseStd: 0.05,
  blurProb: 0,
};

/**
 * Clothing (Fashion-MNIST): no horizontal flip — a probe scores ~79% on flipped test images, so flipped views
 * would teach an invariance the data does not have — and milder crops.
 */
export const AUGMENT_CLOTHING: AugmentConfig = { ...AUGMENT_GRAYSCALE, flip: false, cropScale: [0.4, 1] };

export const AUGMENT_DIGITS: AugmentConfig = { ...AUGMENT_GRAYSCALE, flip: false, cropScale: [0.5, 1] };

/** Colour images: SimCLR's recipe (stronger crops, random grayscale, blur instead of pixel noise). */
export const AUGMENT_RGB: AugmentConfig = {
  ...AUGMENT_GRAYSCALE,
  cropScale: [0.2, 1],
  grayscaleProb: 0.2,
  noiseStd: 0,
  blurProb: 0.5,
};
