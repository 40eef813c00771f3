/**
 * Errors of sign-in, session and permissions. `code` is stable (the UI translates it); the English message
 * names ids only (a user id, an action), never a name or a claim's content.
 */
import { CodedError } from '../../shared/coded-error';
export type AuthErrorCode =
  | 'idp-unreachable'
  | 'idp-invalid-response'
  | 'issuer-mismatch'
  | 'insecure-issuer'
  | 'browser-unavailable'
  | 'state-mismatch'
  | 'login-denied'
  | 'login-failed'
  | 'login-timeout'
  | 'login-cancelled'
  | 'token-exchange-failed'
  | 'missing-department'
  | 'missing-role'
  | 'department-not-allowed'
  | 'refresh-failed'
  | 'not-signed-in'
  | 'session-locked'
  | 'different-user'
  | 'forbidden';

const messages: Record<AuthErrorCode, string> = {
  'idp-unreachable': 'The identity provider could not be reached.',
  'idp-invalid-response': 'The identity provider did not answer as an OpenID Connect provider.',
  'issuer-mismatch': 'The identity provider names a different issuer than configured.',
  'insecure-issuer': "The identity provider's address must be an HTTPS URL.",
  'browser-unavailable': 'The system browser could not be opened for sign-in.',
  'state-mismatch': 'The sign-in answer did not belong to this sign-in (state mismatch).',
  'login-denied': 'Sign-in was denied or cancelled at the identity provider.',
  'login-failed': 'The identity provider refused the sign-in.',
  'login-timeout': 'Sign-in was not completed in time.',
  'login-cancelled': 'Sign-in was cancelled.',
  'token-exchange-failed': 'The identity provider did not issue tokens for this sign-in.',
  'missing-department': 'The account has no department for Antragsdesk.',
  'missing-role': 'The account has no Antragsdesk role.',
  'department-not-allowed': 'The account belongs to a department this installation does not serve.',
  'refresh-failed': 'The session could not be renewed; please sign in again.',
  'not-signed-in': 'Nobody is signed in.',
  'session-locked': 'The session is locked; sign in again to unlock it.',
  'different-user': 'Only the user who locked the session can unlock it.',
  forbidden: 'This action is not permitted for the signed-in user.',
};

export interface AuthErrorContext {
  userId?: string;
  action?: string;
  /** The OAuth error code the identity provider answered with, e.g. `access_denied`. */
  oauthError?: string;
}

export class AuthError extends CodedError<AuthErrorCode> {
  readonly userId: string | undefined;
  readonly action: string | undefined;
  readonly oauthError: string | undefined;

  constructor(code: AuthErrorCode, context: AuthErrorContext = {}, options?: ErrorOptions) {
    super(code, messages[code] + describe(context), options);
    this.name = 'AuthError';
    this.userId = context.userId;
    this.action = context.action;
    this.oauthError = context.oauthError;
  }
}

function describe(context: AuthErrorContext): string {
  const parts = [
    context.userId === undefined ? undefined : `user ${context.userId}`,
    context.action === undefined ? undefined : `action ${context.action}`,
    context.oauthError === undefined ? undefined : `provider error ${context.oauthError}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
