/**
 * The envelope every call answers with, over IPC and over HTTP alike. Errors travel as data because
 * Electron's invoke rewrites thrown messages, and a caller needs a stable code to act on.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'unknown-call'
  | 'forbidden-origin'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid-transition'
  | 'unavailable'
  | 'verification-failed'
  | 'vault-error'
  /** A service refused the operation for a reason it names in `reason` and `message` (ids only). */
  | 'refused'
  | 'internal';

export interface ApiErrorBody {
  code: ErrorCode;
  /** A sentence a person can act on. Never contains personal data. */
  message: string;
  /** Where the input was wrong, for `invalid-input`: one entry per problem. */
  issues?: ApiIssue[];
  /** The specific cause behind the code (e.g. `not-assignee`, `attachment-tampered`), for the UI to translate. */
  reason?: string;
}

/**
 * One problem with an input. A service that checks a document (the department profile) adds a stable
 * `code` and its `params` (limits, names from the document, never a secret), for the UI to word.
 */
export interface ApiIssue {
  /** Where: a dotted zod path, or a JSON pointer into a document. */
  path: string;
  /** English, for developers and logs. */
  message: string;
  code?: string;
  params?: Readonly<Record<string, string | number | readonly string[]>>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by services and by the transports; turned into an error envelope at the boundary. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ApiErrorBody['issues'];
  readonly reason: string | undefined;

  constructor(code: ErrorCode, message: string, issues?: ApiErrorBody['issues'], reason?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
    this.reason = reason;
  }

  toBody(): ApiErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues && { issues: this.issues }),
      ...(this.reason && { reason: this.reason }),
    };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues, body.reason);
  }
}
