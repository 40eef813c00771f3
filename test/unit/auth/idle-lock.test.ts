import { describe, expect, it } from 'vitest';
import { createIdleLock, initialIdleState, MINUTE_MS, nextIdleState } from '../../../main/auth/idle-lock';

describe('idle lock state machine', () => {
  const idleMs = 10 * MINUTE_MS;

  it('locks exactly at the idle time, not a millisecond before', () => {
    const start = initialIdleState(1_000);
    expect(nextIdleState(start, { type: 'tick', at: 1_000 + idleMs - 1 }, idleMs).locked).toBe(false);
    expect(nextIdleState(start, { type: 'tick', at: 1_000 + idleMs }, idleMs).locked).toBe(true);
  });

  it('activity postpones the lock but never reopens it; only unlock does', () => {
    let state = initialIdleState(0);
    state = nextIdleState(state, { type: 'activity', at: 9 * MINUTE_MS }, idleMs);
    expect(nextIdleState(state, { type: 'tick', at: 18 * MINUTE_MS }, idleMs).locked).toBe(false);
    state = nextIdleState(state, { type: 'tick', at: 19 * MINUTE_MS }, idleMs);
    expect(state.locked).toBe(true);
    state = nextIdleState(state, { type: 'activity', at: 19 * MINUTE_MS + 1 }, idleMs);
    expect(state.locked).toBe(true);
    state = nextIdleState(state, { type: 'unlock', at: 20 * MINUTE_MS }, idleMs);
    expect(state).toEqual({ lastActivity: 20 * MINUTE_MS, locked: false });
  });

  it('a clock stepping back does not lock, and an older activity does not rewind the last one', () => {
    let state = initialIdleState(5 * MINUTE_MS);
    state = nextIdleState(state, { type: 'activity', at: 1 * MINUTE_MS }, idleMs);
    expect(state.lastActivity).toBe(5 * MINUTE_MS);
    expect(nextIdleState(state, { type: 'tick', at: 0 }, idleMs).locked).toBe(false);
  });

  it('the lock object reads the injected clock and honours the configured minutes', () => {
    let now = 0;
    const lock = createIdleLock({ idleMinutes: 2, clock: () => now });
    now = 2 * MINUTE_MS - 1;
    expect(lock.tick()).toBe(false);
    lock.activity();
    expect(lock.tick(4 * MINUTE_MS - 2)).toBe(false);
    expect(lock.tick(4 * MINUTE_MS - 1)).toBe(true);
    expect(lock.locked).toBe(true);
    now = 5 * MINUTE_MS;
    lock.unlock();
    expect(lock.locked).toBe(false);
    expect(lock.tick(7 * MINUTE_MS)).toBe(true);
    expect(() => createIdleLock({ idleMinutes: 0 })).toThrow(RangeError);
  });
});
