/**
 * Turns the coded errors of the services (vault, outbox, FIT-Connect, …) into API errors. Their messages are
 * written to name ids only, so they may reach the person; the service's own code travels as `reason`.
 * Anything without a code stays an unexpected failure.
 */
import { ApiError, type ErrorCode } from './result';

const codeFor: [RegExp, ErrorCode][] = [
  [/-not-found$/, 'not-found'],
  [/(^version-conflict|-conflict)$/, 'conflict'],
  [/^(vault-|attachment-)/, 'vault-error'],
  [/^forbidden$/, 'forbidden'],
  [/^(not-signed-in|session-locked)$/, 'unauthorized'],
];

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return null;
  const reason = (error as { code?: unknown }).code;
  if (typeof reason !== 'string') return null;
  const code = codeFor.find(([pattern]) => pattern.test(reason))?.[1];
  return code ? new ApiError(code, error.message, undefined, reason) : null;
}
