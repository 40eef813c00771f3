/**
 * The idle lock as a pure state machine: activity keeps the session open, a tick after the idle time locks
 * it, and only an unlock (after a new sign-in) opens it again. Time comes in from outside, so tests and the
 * shell's timer drive it alike.
 */
export interface IdleState {
  /** Milliseconds since the epoch of the last activity (or unlock). */
  lastActivity: number;
  locked: boolean;
}

export type IdleEvent =
  | { type: 'activity'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'unlock'; at: number };

export const MINUTE_MS = 60_000;

export function initialIdleState(at: number): IdleState {
  return { lastActivity: at, locked: false };
}

export function nextIdleState(state: IdleState, event: IdleEvent, idleMs: number): IdleState {
  switch (event.type) {
    // Activity behind the lock screen must not reopen the session.
    case 'activity':
      return state.locked ? state : { lastActivity: Math.max(state.lastActivity, event.at), locked: false };
    case 'tick':
      return !state.locked && event.at - state.lastActivity >= idleMs ? { ...state, locked: true } : state;
    case 'unlock':
      return initialIdleState(event.at);
  }
}

export interface IdleLockOptions {
  /** A number, or asked at every tick (the minutes depend on whose session it is). */
  idleMinutes: number | (() => number);
  /** Milliseconds since the epoch; `Date.now` unless a test injects its own. */
  clock?: () => number;
}

export interface IdleLock {
  activity(): void;
  /** Re-evaluates the lock at `now`; returns whether the session is locked. */
  tick(now?: number): boolean;
  unlock(): void;
  readonly locked: boolean;
}

export function createIdleLock({ idleMinutes, clock = Date.now }: IdleLockOptions): IdleLock {
  const idleMs = () => {
    const minutes = typeof idleMinutes === 'number' ? idleMinutes : idleMinutes();
    if (!(minutes > 0)) throw new RangeError('idleMinutes must be positive');
    return minutes * MINUTE_MS;
  };
  idleMs();
  let state = initialIdleState(clock());
  return {
    activity() {
      state = nextIdleState(state, { type: 'activity', at: clock() }, idleMs());
    },
    tick(now = clock()) {
      state = nextIdleState(state, { type: 'tick', at: now }, idleMs());
      return state.locked;
    },
    unlock() {
      state = nextIdleState(state, { type: 'unlock', at: clock() }, idleMs());
    },
    get locked() {
      return state.locked;
    },
  };
}
