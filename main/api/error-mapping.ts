/**
 * Turns the coded errors of the services (vault, outbox, FIT-Connect, hand-over, …) into API errors. Their
 * messages are written to name ids only, so they may reach the person; the service's own code travels as
 * `reason`. Anything without a code, and Node's system errors, stay unexpected failures.
 */
import { ProfileError } from '../profile/errors';
import { ApiError, type ApiIssue, type ErrorCode } from './result';

const codeFor: [RegExp, ErrorCode][] = [
  [/^profile-invalid$/, 'invalid-input'],
  [/-not-found$/, 'not-found'],
  [/(^version-conflict|-conflict)$/, 'conflict'],
  [/^(vault-|attachment-)/, 'vault-error'],
  [/^forbidden$/, 'forbidden'],
  [/^(not-signed-in|session-locked)$/, 'unauthorized'],
  // Notices: a draft the person must complete; a seal that cannot be used until someone fixes the profile.
  [/^(draft-invalid|notice-incomplete|case-field-invalid)$/, 'invalid-input'],
  [/^seal-/, 'unavailable'],
];

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return null;
  const reason = (error as { code?: unknown }).code;
  if (typeof reason !== 'string') return null;
  // Node's own errors (ENOENT, ECONNRESET, …) may carry paths: they stay unexpected failures.
  if (/^E[A-Z0-9_]+$/.test(reason) || reason.startsWith('ERR_')) return null;
  const code = codeFor.find(([pattern]) => pattern.test(reason))?.[1] ?? 'refused';
  return new ApiError(code, error.message, issuesOf(error), reason);
}

/** A profile's issues travel whole (path, code, params), so the UI can name every one of them. */
function issuesOf(error: Error): ApiIssue[] | undefined {
  if (!(error instanceof ProfileError) || error.issues.length === 0) return undefined;
  return error.issues.map(({ path, code, message, params }) => ({
    path,
    code,
    message,
    ...(params && { params }),
  }));
}
