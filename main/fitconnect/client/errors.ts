import { CodedError } from '../../../shared/coded-error';

/**
 * Errors of the FIT-Connect subscriber, one table of codes and English messages (the UI translates by code).
 * Messages and fields name ids and HTTP statuses only, never content.
 */
export type SubscriberErrorCode =
  | 'network-error'
  | 'server-error'
  | 'unauthorized'
  | 'not-found'
  | 'unexpected-status'
  | 'invalid-response'
  | 'token-refused'
  | 'unknown-destination'
  | 'invalid-credentials';

const messages: Record<SubscriberErrorCode, string> = {
  'network-error': 'The FIT-Connect Submission API could not be reached or the connection broke off.',
  'server-error': 'The FIT-Connect Submission API answered with a server error.',
  unauthorized: 'The FIT-Connect Submission API refused the access token.',
  'not-found': 'The FIT-Connect resource does not exist (any more).',
  'unexpected-status': 'The FIT-Connect Submission API answered with an unexpected status.',
  'invalid-response': 'The FIT-Connect Submission API answered with a body of the wrong shape or size.',
  'token-refused': 'The FIT-Connect token endpoint refused the client credentials.',
  'unknown-destination': 'No credentials are configured for this FIT-Connect destination.',
  'invalid-credentials': 'The configured FIT-Connect keys of this destination are not usable.',
};

/** Faults that may pass when the same request is made again. */
const TRANSIENT: ReadonlySet<SubscriberErrorCode> = new Set(['network-error', 'server-error']);

export interface SubscriberErrorSubject {
  status?: number;
  destinationId?: string;
  submissionId?: string;
}

export class SubscriberError extends CodedError<SubscriberErrorCode> {
  readonly subject: SubscriberErrorSubject;

  constructor(code: SubscriberErrorCode, subject: SubscriberErrorSubject = {}, options?: ErrorOptions) {
    const parts = [
      subject.status === undefined ? undefined : `status ${subject.status}`,
      subject.destinationId && `destination ${subject.destinationId}`,
      subject.submissionId && `submission ${subject.submissionId}`,
    ].filter(Boolean);
    super(code, parts.length > 0 ? `${messages[code]} [${parts.join(', ')}]` : messages[code], options);
    this.name = 'SubscriberError';
    this.subject = subject;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof SubscriberError && error.transient;
}

/** A stable code for any error, for summaries and outbox rows (never the message of a foreign error). */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown-error';
}
