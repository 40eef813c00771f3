/**
 * The one place where the coded errors of the services (desk, vault, outbox, FIT-Connect, hand-over, …) become
 * the transports' API errors. Their messages are written to name ids only, so they may reach the person; the
 * service's own code travels as `reason` (or the finer `reason` the error names). Anything without a code,
 * and Node's system errors, stay unexpected failures.
 */
import { ApiError, type ApiIssue, type ErrorCode } from './result';

const codeFor: [RegExp, ErrorCode][] = [
  [/^profile-invalid$/, 'invalid-input'],
  [/-not-found$/, 'not-found'],
  [/(^version-conflict|-conflict)$/, 'conflict'],
  [/^(vault-|attachment-)/, 'vault-error'],
  [/^(forbidden|colleague-cases-forbidden)$/, 'forbidden'],
  [/^(not-signed-in|session-locked)$/, 'unauthorized'],
  // Notices: a draft the person must complete; a seal that cannot be used until someone fixes the profile.
  [/^(draft-invalid|notice-incomplete|case-field-invalid)$/, 'invalid-input'],
  [/^seal-/, 'unavailable'],
  // The department service lost its database (a restart, the network): nothing was saved, a retry may work.
  [/^postgres-unavailable$/, 'unavailable'],
  // The desk: the workflow refused a step (its reason travels), or a step lacked its input.
  [/^transition-refused$/, 'invalid-transition'],
  [/^(transition-input-missing|attachment-too-large)$/, 'invalid-input'],
];

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return null;
  const reason = (error as { code?: unknown }).code;
  if (typeof reason !== 'string') return null;
  // Node's own errors (ENOENT, ECONNRESET, …) may carry paths: they stay unexpected failures.
  if (/^E[A-Z0-9_]+$/.test(reason) || reason.startsWith('ERR_')) return null;
  const code = codeFor.find(([pattern]) => pattern.test(reason))?.[1] ?? 'refused';
  const finer = (error as { reason?: unknown }).reason;
  return new ApiError(code, error.message, issuesOf(error), typeof finer === 'string' ? finer : reason);
}

/**
 * Issues a service names (a profile's path, code and params; a desk input's path) travel whole, so the UI can
 * name every one of them.
 */
function issuesOf(error: Error): ApiIssue[] | undefined {
  const issues = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  return (issues as ApiIssue[]).map(({ path, code, message, params }) => ({
    path,
    ...(code !== undefined && { code }),
    message,
    ...(params && { params }),
  }));
}
