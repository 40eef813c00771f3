/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): the
 * delay is uniform in [0, min(max, base * 2^(attempt-1))), which spreads retries of many items that
 * failed together (the platform was down) instead of having them return in waves.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** `attempt` counts from 1; `random` returns values in [0, 1). */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
