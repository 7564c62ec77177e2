/**
 * Training kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks, registered by us from ops it has.
 * Conv2DBackpropFilter (the gradient of conv2d with respect to its filter) is needed for any CNN training:
 * for each filter tap (i, j), dW[i, j] = patch(i, j)ᵀ · dy, where patch(i, j) is the strided slice of the
 * padded input that tap sees, reshaped to [N·Ho·Wo, Cin] (the definition of the convolution, unrolled).
 * Checked against the cpu backend in wasm-kernels.test.ts.
 */
import * as tf from '@tensorflow/tfjs';

let registered = false;

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number;
        dataFormat: 'NHWC' | 'NCHW';
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
      };
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
      // Wrap the inputs as fresh tensors over copies of their data: wrapping the same dataId would let our
      // disposal free the caller's buffer (the wasm backend keeps its own reference counts). The copies are
      // O(input size), small next to the fh·fw matrix products below.
      const read = (t: tf.TensorInfo) => (backend as tf.KernelBackend).readSync(t.dataId) as Float32Array;
      // Returning a Tensor (not a TensorInfo) lets the engine use it as the kernel's output directly.
      return tf.tidy(() => {
        const xt = tf.tensor4d(read(x), x.shape as [number, number, number, number]);
        const dyt = tf.tensor4d(read(dy), dy.shape as [number, number, number, number]);
        const info = tf.backend_util.computeConv2DInfo(
          xt.shape,
          filterShape,
          strides,
          1,
          pad as 'valid',
          dimRoundingMode,
          false,
          'channelsLast',
        );
        const { top, bottom, left, right } = info.padInfo;
        const xp = tf.pad(xt, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ]);
        const [n, ho, wo, cout] = dyt.shape;
        const cin = xt.shape[3];
        const dy2 = dyt.reshape([n * ho * wo, cout]);
        const taps: tf.Tensor2D[] = [];
        for (let i = 0; i < info.filterHeight; i++) {
          for (let j = 0; j < info.filterWidth; j++) {
            const patch = tf.stridedSlice(
              xp,
              [0, i, j, 0],
              [n, i + (ho - 1) * info.strideHeight + 1, j + (wo - 1) * info.strideWidth + 1, cin],
              [1, info.strideHeight, info.strideWidth, 1],
            );
            taps.push(tf.matMul(patch.reshape([n * ho * wo, cin]), dy2, true, false));
          }
        }
        return tf.stack(taps).reshape(filterShape);
      });
    },
  });
}
