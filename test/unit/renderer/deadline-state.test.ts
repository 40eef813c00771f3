import { describe, expect, it } from 'vitest';
import { deadlineLabel, deadlineState } from '../../../renderer/src/deadline/deadline-state';

const now = new Date('2025-03-10T12:00:00.000Z');

describe('deadlineState', () => {
  it('before acceptance counts the FIT-Connect pickup deadline', () => {
    const state = deadlineState('new', '2025-03-15T12:00:00.000Z', now);
    expect(state).toEqual({
      kind: 'open',
      deadline: 'fitconnect-pickup',
      at: '2025-03-15T12:00:00.000Z',
      daysLeft: 5,
      overdue: false,
    });
    if (state.kind !== 'open') throw new Error('expected open');
    expect(deadlineLabel(state)).toEqual({ key: 'deadline.left', count: 5 });
  });

  it('after acceptance counts the processing deadline', () => {
    expect(deadlineState('accepted', '2025-04-10T12:00:00.000Z', now)).toMatchObject({
      kind: 'open',
      deadline: 'processing',
      daysLeft: 31,
    });
    expect(deadlineState('inquiry', '2025-04-10T12:00:00.000Z', now)).toMatchObject({
      deadline: 'processing',
    });
  });

  it('marks passed deadlines overdue, with whole days counted', () => {
    const state = deadlineState('in_review', '2025-03-08T11:00:00.000Z', now);
    expect(state).toMatchObject({ kind: 'open', overdue: true, daysLeft: -3 });
    if (state.kind !== 'open') throw new Error('expected open');
    expect(deadlineLabel(state)).toEqual({ key: 'deadline.overdue', count: 3 });
  });

  it('a deadline a few hours away or just passed is "today" or one day overdue', () => {
    const today = deadlineState('new', '2025-03-10T18:00:00.000Z', now);
    if (today.kind !== 'open') throw new Error('expected open');
    expect(deadlineLabel(today)).toEqual({ key: 'deadline.today', count: 0 });
    const justPassed = deadlineState('new', '2025-03-10T11:00:00.000Z', now);
    if (justPassed.kind !== 'open') throw new Error('expected open');
    expect(deadlineLabel(justPassed)).toEqual({ key: 'deadline.overdue', count: 1 });
  });

  it('settled cases are never overdue, and no deadline is none', () => {
    expect(deadlineState('rejected', '2025-03-01T00:00:00.000Z', now)).toEqual({
      kind: 'settled',
      deadline: 'processing',
    });
    expect(deadlineState('closed', '2025-03-01T00:00:00.000Z', now).kind).toBe('settled');
    expect(deadlineState('new', null, now)).toEqual({ kind: 'none' });
  });

  it('takes the kind the case view names', () => {
    expect(deadlineState('accepted', '2025-03-15T12:00:00.000Z', now, 'fitconnect-pickup')).toMatchObject({
      deadline: 'fitconnect-pickup',
    });
  });
});
