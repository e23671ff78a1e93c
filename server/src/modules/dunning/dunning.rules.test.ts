import { describe, expect, it } from 'vitest';
import { levelDue, reminderPlan } from './dunning.rules.ts';

describe('the dunning schedule', () => {
  it.each([
    [-5, 0],
    [0, 0],
    [2, 0],
    [3, 1],
    [9, 1],
    [10, 2],
    [20, 2],
    [21, 3],
    [29, 3],
    [30, 4],
    [400, 4],
  ])('%i days late: level %i due', (days, level) => {
    expect(levelDue(days)).toBe(level);
  });

  it('sends only the highest level due and skips the ones missed in between', () => {
    expect(reminderPlan(25, 0)).toEqual({ send: 3, skip: [1, 2] });
    expect(reminderPlan(25, 1)).toEqual({ send: 3, skip: [2] });
    expect(reminderPlan(12, 1)).toEqual({ send: 2, skip: [] });
    expect(reminderPlan(40, 0)).toEqual({ send: 4, skip: [1, 2, 3] });
  });

  it('sends nothing when the level due was already reached', () => {
    expect(reminderPlan(2, 0)).toBeNull();
    expect(reminderPlan(12, 2)).toBeNull();
    expect(reminderPlan(25, 4)).toBeNull();
  });
});
