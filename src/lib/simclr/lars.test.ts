import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Lars } from './lars';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LARS', () => {
  it('applies weight decay, the trust ratio and momentum as defined', () => {
    const w = tf.variable(tf.tensor1d([3, 4]), true, 'conv/kernel'); // ‖w‖ = 5
    const b = tf.variable(tf.tensor1d([1, 1]), true, 'conv/bias');
    const lars = new Lars(0.5, { momentum: 0.9, weightDecay: 0.1, trustCoefficient: 0.01 });
    lars.applyGradients([w, b], { 'conv/kernel': tf.tensor1d([0, 1]), 'conv/bias': tf.tensor1d([2, 0]) });
    // kernel: g = [0,1] + 0.1·[3,4] = [0.3, 1.4]; r = 0.01·5/‖g‖; v = 0.5·r·g; w − v
    const g = [0.3, 1.4];
    const r = (0.01 * 5) / Math.hypot(...g);
    const w1 = [3 - 0.5 * r * g[0]!, 4 - 0.5 * r * g[1]!];
    expect(Array.from(w.dataSync())).toEqual(w1.map((v): unknown => expect.closeTo(v, 6)));
    // bias: excluded, plain momentum SGD: v = 0.5·[2, 0]
    expect(Array.from(b.dataSync())).toEqual([0, 1]);
    lars.applyGradients([w, b], { 'conv/kernel': tf.tensor1d([0, 0]), 'conv/bias': tf.tensor1d([0, 0]) });
    expect(Array.from(b.dataSync())).toEqual([expect.closeTo(-0.9, 6), 1]); // momentum carries on: v = 0.9·[1, 0]
    lars.dispose();
    tf.dispose([w, b]);
  });
});
