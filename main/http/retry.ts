import { setTimeout as delay } from 'node:timers/promises';
import { fullJitterDelay } from '../outbox/backoff';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Runs an idempotent operation again while `retryable` says asking again may help (each client knows its
 * own transient faults), waiting with exponential backoff and full jitter; any other error, or the last
 * retryable one, is thrown.
 */
export async function retrying<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  retryable: (error: unknown) => boolean,
): Promise<T> {
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!retryable(error) || attempt > policy.retries) throw error;
      await delay(fullJitterDelay(attempt, { baseMs: policy.baseMs, maxMs: policy.maxMs }, random));
    }
  }
}
