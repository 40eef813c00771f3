import { setTimeout as delay } from 'node:timers/promises';
import { fullJitterDelay } from '../../outbox/backoff';
import { isTransient } from './errors';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Runs an idempotent operation again after transient faults (5xx, timeouts, broken connections), waiting
 * with exponential backoff and full jitter; any other error, or the last transient one, is thrown.
 */
export async function withRetries<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || attempt > policy.retries) throw error;
      await delay(fullJitterDelay(attempt, { baseMs: policy.baseMs, maxMs: policy.maxMs }, random));
    }
  }
}
