/** The isolation the replica cards and the picture's node menu both inject. */
import { describe, expect, it } from 'vitest';
import { isolationOf } from './faults';

describe('isolating one replica', () => {
  it('cuts it off from every other replica, and is still a partition with one replica', () => {
    expect(isolationOf(2, 3)).toEqual({ type: 'partition', groups: [[2], [1, 3]] });
    expect(isolationOf(1, 5)).toEqual({ type: 'partition', groups: [[1], [2, 3, 4, 5]] });
    expect(isolationOf(1, 1)).toEqual({ type: 'partition', groups: [[1]] });
  });
});
