/**
 * Every error of notice delivery, in one table: a stable code (the UI translates it), an English message and
 * whether trying again later can help. Messages and details name ids, HTTP statuses, SMTP reply codes and
 * problem types: never an address, a name or words of the notice.
 */
import { CodedError } from '../../shared/coded-error';

export type DeliveryErrorCode =
  | 'delivery-not-found'
  | 'channel-not-configured'
  | 'reply-channel-invalid'
  | 'secret-missing'
  | 'seal-unavailable'
  | 'email-encryption-required'
  | 'email-key-unusable'
  | 'email-unreachable'
  | 'email-auth-failed'
  | 'email-refused'
  | 'zbp-unreachable'
  | 'zbp-credentials-refused'
  | 'zbp-refused'
  | 'zbp-message-invalid'
  | 'zbp-rejected'
  | 'zbp-unconfirmed'
  | 'zbp-event-log-invalid';

const table: Record<DeliveryErrorCode, { message: string; retry: boolean }> = {
  'delivery-not-found': {
    message: 'The notice delivery, or the case it belongs to, does not exist (any more).',
    retry: false,
  },
  'channel-not-configured': {
    message: 'This delivery channel is not configured in the department profile.',
    retry: false,
  },
  'reply-channel-invalid': {
    message: "The case's reply channel does not name a usable address for this delivery channel.",
    retry: false,
  },
  'secret-missing': { message: 'A secret this delivery needs is missing from the key store.', retry: false },
  'seal-unavailable': {
    message: 'The department seal cannot be used (missing, expired or unreadable).',
    retry: false,
  },
  'email-encryption-required': {
    message:
      'The citizen gave no PGP key and the department profile does not allow unencrypted e-mail; print and send the notice by post instead.',
    retry: false,
  },
  'email-key-unusable': {
    message:
      "The citizen's PGP key cannot be used for encryption (unreadable, expired, revoked or no encryption key).",
    retry: false,
  },
  'email-unreachable': { message: 'The mail server could not be reached or is busy.', retry: true },
  'email-auth-failed': { message: 'The mail server refused the sign-in of the department.', retry: false },
  'email-refused': { message: 'The mail server refused the message.', retry: false },
  'zbp-unreachable': { message: 'FIT-Connect could not be reached or is busy.', retry: true },
  'zbp-credentials-refused': {
    message: 'FIT-Connect refused the sender credentials of the department.',
    retry: false,
  },
  'zbp-refused': { message: 'FIT-Connect refused the submission to the BundID mailbox.', retry: false },
  'zbp-message-invalid': {
    message: 'The message for the BundID mailbox could not be built from the case.',
    retry: false,
  },
  'zbp-rejected': { message: 'The BundID mailbox (ZBP) refused the message.', retry: false },
  'zbp-unconfirmed': {
    message: 'The BundID mailbox (ZBP) has not yet confirmed the message; checking again later.',
    retry: true,
  },
  'zbp-event-log-invalid': {
    message: 'The FIT-Connect event log of the message could not be verified.',
    retry: false,
  },
};

export interface DeliveryErrorDetails {
  caseId?: string;
  noticeId?: string;
  submissionId?: string;
  /** HTTP status of a FIT-Connect answer. */
  status?: number;
  /** SMTP reply code. */
  smtpCode?: number;
  /** A system or library error code (`ECONNREFUSED`, `EAUTH`). */
  errno?: string;
  /** A problem type name or a FIT-Connect rejection problem (`hash-mismatch at data`). */
  problem?: string;
  /** Extra context without personal data. */
  detail?: string;
}

export class DeliveryError extends CodedError<DeliveryErrorCode> {
  readonly details: DeliveryErrorDetails;

  constructor(code: DeliveryErrorCode, details: DeliveryErrorDetails = {}, options?: ErrorOptions) {
    super(code, table[code].message + describe(details), options);
    this.name = 'DeliveryError';
    this.details = details;
  }

  /** Whether the outbox should try again later (true) or a person must act first (false). */
  get retryable(): boolean {
    return table[this.code].retry;
  }
}

function describe(details: DeliveryErrorDetails): string {
  const parts = [
    details.caseId && `case ${details.caseId}`,
    details.noticeId && `notice ${details.noticeId}`,
    details.submissionId && `submission ${details.submissionId}`,
    details.status !== undefined && `HTTP ${details.status}`,
    details.smtpCode !== undefined && `SMTP ${details.smtpCode}`,
    details.errno,
    details.problem && `problem ${details.problem}`,
    details.detail,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? '' : ` [${parts.join('; ')}]`;
}

const MAX_REMOTE_TEXT = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text a remote side sent (a problem detail): stored and shown, so bounded and without control characters. */
export function remoteText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(CONTROL, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_REMOTE_TEXT ? `${text.slice(0, MAX_REMOTE_TEXT - 1)}…` : text;
}
