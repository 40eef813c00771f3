import { type RetryPolicy, retrying } from '../../http/retry';
import { isTransient } from './errors';

/** `retrying` on the subscriber's transient faults (5xx, timeouts, broken connections). */
export function withRetries<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  return retrying(operation, policy, isTransient);
}
