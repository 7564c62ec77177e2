/**
 * Convolution training kernels for @tensorflow/tfjs-backend-wasm 4.22, registered by us from ops it has.
 * - Conv2DBackpropFilter is missing from the wasm backend (no CNN can train without it).
 * - Conv2DBackpropInput exists but is a plain loop, ~6× slower than the forward convolution (profiled on a
 *   SimCLR step: 64% of the time); we replace it.
 * Both gradients are themselves convolutions, so they run in the backend's fast (XNNPACK) conv2d. Checked
 * against the cpu backend in wasm-kernels.test.ts.
 */
import * as tf from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Wrap kernel inputs as fresh tensors over copies of their data: wrapping the same dataId would let our
 * disposal free the caller's buffer (the wasm backend keeps its own reference counts). The copies are
 * O(input size), small next to the convolutions.
 */
function copyInput(backend: unknown, t: tf.TensorInfo): tf.Tensor4D {
  const data = (backend as tf.KernelBackend).readSync(t.dataId) as Float32Array;
  return tf.tensor4d(data, t.shape as Shape4);
}

function convInfo(xShape: Shape4, filterShape: Shape4, attrs: ConvAttrs) {
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm conv gradients support NHWC only');
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * dW[i, j, c, k] = Σ_{n, ho, wo} xp[n, s·ho + i, s·wo + j, c] · dy[n, ho, wo, k]: with the batch and channel
 * axes swapped this is conv2d(xpᵀ [Cin, Hp, Wp, N], dyᵀ [Ho, Wo, N, Cout]) with dilation s, cropped to fh × fw.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(x.shape, filterShape, attrs);
    const { top, bottom, left, right } = info.padInfo;
    const xp = tf.pad(x, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
    const xT = xp.transpose<tf.Tensor4D>([3, 1, 2, 0]);
    const dyT = dy.transpose<tf.Tensor4D>([1, 2, 0, 3]);
    const full = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    return full
      .slice([0, 0, 0, 0], [-1, info.filterHeight, info.filterWidth, -1])
      .transpose([1, 2, 0, 3])
      .reshape<tf.Tensor4D>(filterShape);
  });
}

/** Insert s − 1 zeros after every row and column: [N, H, W, C] → [N, (H−1)s + 1, (W−1)s + 1, C] (4-D ops only). */
function zeroUpsample(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  let out: tf.Tensor4D = t;
  // (tfjs's chained ops return rank-generic tensors; the shapes here are 4-D by construction)
  if (sh > 1) {
    out = out
      .reshape([n, h, 1, w * c])
      .pad([
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
      ])
      .reshape([n, h * sh, w, c])
      .slice([0, 0, 0, 0], [-1, (h - 1) * sh + 1, -1, -1]) as tf.Tensor4D;
  }
  const h2 = out.shape[1];
  if (sw > 1) {
    out = out
      .reshape([n * h2, w, 1, c])
      .pad([
        [0, 0],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ])
      .reshape([n, h2, w * sw, c])
      .slice([0, 0, 0, 0], [-1, -1, (w - 1) * sw + 1, -1]) as tf.Tensor4D;
  }
  return out;
}

/**
 * dx[n, a, b, c] = Σ dy[n, ho, wo, k] · W[a + top − s·ho, b + left − s·wo, c, k]: a full correlation of the
 * zero-upsampled dy with the spatially flipped filter (in/out channels swapped), padded so the result has
 * exactly the input's size.
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: Shape4,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(inputShape, filter.shape, attrs);
    const [, height, width] = inputShape;
    const fh = info.filterHeight;
    const fw = info.filterWidth;
    const up = zeroUpsample(dy, info.strideHeight, info.strideWidth);
    const rows = (before: number, after: number, size: number) => ({ before, after, size });
    const spec = [
      rows(
        fh - 1 - info.padInfo.top,
        height + fh - 1 - (fh - 1 - info.padInfo.top) - up.shape[1],
        up.shape[1],
      ),
      rows(
        fw - 1 - info.padInfo.left,
        width + fw - 1 - (fw - 1 - info.padInfo.left) - up.shape[2],
        up.shape[2],
      ),
    ] as const;
    // Negative padding means "crop": pad by the positive parts, then slice the negative ones away.
    const padded = up.pad([
      [0, 0],
      [Math.max(0, spec[0].before), Math.max(0, spec[0].after)],
      [Math.max(0, spec[1].before), Math.max(0, spec[1].after)],
      [0, 0],
    ]);
    const cropped = padded.slice(
      [0, Math.max(0, -spec[0].before), Math.max(0, -spec[1].before), 0],
      [-1, height + fh - 1, width + fw - 1, -1],
    );
    const flipped = filter.reverse([0, 1]).transpose<tf.Tensor4D>([0, 1, 3, 2]);
    return tf.conv2d(cropped as tf.Tensor4D, flipped, 1, 'valid');
  });
}

let registered = false;

/**
 * Registers a wasm kernel with two tensor inputs that computes with tfjs ops on copies of them. Returning a
 * Tensor (not a TensorInfo) lets the engine use it as the kernel's output directly.
 */
function registerTwoInputKernel<A>(
  kernelName: string,
  inputNames: readonly [string, string],
  compute: (first: tf.Tensor4D, second: tf.Tensor4D, attrs: A) => tf.Tensor,
): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const [first, second] = inputNames.map((name) => inputs[name] as tf.TensorInfo);
      return tf.tidy(() =>
        compute(copyInput(backend, first!), copyInput(backend, second!), attrs as unknown as A),
      );
    },
  });
}

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  registerTwoInputKernel<ConvAttrs & { filterShape: Shape4 }>(
    'Conv2DBackpropFilter',
    ['x', 'dy'],
    (x, dy, a) => conv2dFilterGradient(x, dy, a.filterShape, a),
  );
  registerTwoInputKernel<ConvAttrs & { inputShape: Shape4 }>(
    'Conv2DBackpropInput',
    ['dy', 'filter'],
    (dy, filter, a) => conv2dInputGradient(dy, filter, a.inputShape, a),
  );
}
