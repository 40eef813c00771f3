/** Milliseconds since the epoch. Injectable so that tests can let 14 days pass in an instant. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that stands still until moved: for tests and demos of deadlines. */
export interface ManualClock extends Clock {
  advance(milliseconds: number): void;
  set(epochMilliseconds: number): void;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (milliseconds) => {
    now += milliseconds;
  };
  clock.set = (epochMilliseconds) => {
    now = epochMilliseconds;
  };
  return clock;
}
