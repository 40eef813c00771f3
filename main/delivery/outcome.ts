/**
 * Turning what went wrong into an outcome the outbox understands: errors of delivery's own table keep their
 * verdict; the seal's errors mean a person must act; anything else is unexpected and left to the outbox
 * (which retries it under a neutral description).
 */
import { SealError } from '../pki/seal/errors';
import { DeliveryError, type DeliveryErrorDetails } from './errors';
import type { DeliveryOutcome } from './types';

export function outcomeOf(error: DeliveryError): DeliveryOutcome {
  return error.retryable ? { kind: 'retry', error } : { kind: 'permanent', error };
}

/** The failures every channel shares; `null` when the error is not one of them. */
export function commonFailure(error: unknown, details: DeliveryErrorDetails): DeliveryError | null {
  if (error instanceof DeliveryError) return error;
  if (error instanceof SealError) {
    return new DeliveryError('seal-unavailable', { ...details, detail: error.code }, { cause: error });
  }
  return null;
}
