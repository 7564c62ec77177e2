import { describe, expect, it } from 'vitest';
import { FEW_STEPS, fewStepsNote } from './few-steps';

describe('fewStepsNote', () => {
  it('speaks up for the lab default on a 2,000-image subset (20 steps, 2 per epoch)', () => {
    const note = fewStepsNote({ steps: 20, batch: 1024, datasetSize: 2000 });
    expect(note).toContain('Only 20 DP-SGD steps');
    expect(note).toContain('B = 1,024 of N = 2,000 images is about 2 steps per epoch');
  });
  it('is silent for the lab default on all the private images (490 steps) and at the threshold', () => {
    expect(fewStepsNote({ steps: 490, batch: 1024, datasetSize: 49_946 })).toBeNull();
    expect(fewStepsNote({ steps: FEW_STEPS, batch: 1024, datasetSize: 49_946 })).toBeNull();
    expect(fewStepsNote({ steps: FEW_STEPS - 1, batch: 1024, datasetSize: 49_946 })).not.toBeNull();
  });
  it('says one step, not "1 steps", and is silent without a plan', () => {
    expect(fewStepsNote({ steps: 1, batch: 2000, datasetSize: 2000 })).toContain(
      'Only 1 DP-SGD step (B = 2,000 of N = 2,000 images is about 1 step per epoch)',
    );
    expect(fewStepsNote({ steps: 0, batch: 1024, datasetSize: 2000 })).toBeNull();
    expect(fewStepsNote({ steps: NaN, batch: 1024, datasetSize: 2000 })).toBeNull();
  });
  it('under an ε budget that stops the run early, says so: more epochs add no steps there', () => {
    const note = fewStepsNote({ steps: 4, batch: 1024, datasetSize: 49_946, plannedSteps: 490 });
    expect(note).toContain('Only 4 DP-SGD steps of the 490 planned: the ε budget stops the run there');
    expect(note).toContain('(more epochs do not)');
    expect(note).not.toContain('More epochs give more steps');
    // a budget that does not bind: the usual note
    expect(fewStepsNote({ steps: 20, batch: 1024, datasetSize: 2000, plannedSteps: 20 })).toContain(
      'More epochs give more steps',
    );
  });
});
