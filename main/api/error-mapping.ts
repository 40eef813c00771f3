/**
 * Turns the coded errors of the services (vault, outbox, FIT-Connect, hand-over, …) into API errors. Their
 * messages are written to name ids only, so they may reach the person; the service's own code travels as
 * `reason`. Anything without a code, and Node's system errors, stay unexpected failures.
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
  // Node's own errors (ENOENT, ECONNRESET, …) may carry paths: they stay unexpected failures.
  if (/^E[A-Z0-9_]+$/.test(reason) || reason.startsWith('ERR_')) return null;
  const code = codeFor.find(([pattern]) => pattern.test(reason))?.[1] ?? 'refused';
  return new ApiError(code, error.message, undefined, reason);
}
