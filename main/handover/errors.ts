/**
 * Errors of the hand-over to the specialist procedure (Fachverfahren). Messages name ids (case id,
 * attachment id), mapping targets and source paths, HTTP statuses and problem types: never a form value,
 * a name or a file name, which may be personal data.
 */
import { CodedError } from '../../shared/coded-error';
import type { RemoteProblem } from '../http/response';

export type { RemoteProblem };

export type HandoverErrorCode =
  | 'mapping-invalid'
  | 'mapping-service-mismatch'
  | 'mapping-missing-field'
  | 'data-unreadable'
  | 'attachment-mismatch'
  | 'target-invalid'
  | 'target-not-writable'
  | 'target-conflict'
  | 'write-failed'
  | 'http-client-error'
  | 'http-server-error'
  | 'network-error'
  | 'forward-failed'
  | 'event-log-invalid';

const messages: Record<HandoverErrorCode, string> = {
  'mapping-invalid': 'The field mapping is invalid.',
  'mapping-service-mismatch': 'The field mapping is for another service than the case.',
  'mapping-missing-field':
    'A field the specialist procedure requires has no usable value in the application.',
  'data-unreadable': 'The form data of the case could not be read as JSON or XML.',
  'attachment-mismatch':
    'An attachment does not match its recorded size or checksum; nothing was handed over.',
  'target-invalid':
    'The hand-over target is not configured correctly (address, credentials or certificates).',
  'target-not-writable': 'The hand-over folder does not exist or cannot be written to.',
  'target-conflict': 'The hand-over folder already holds a different record under the same name.',
  'write-failed': 'Writing the record to the hand-over folder failed; nothing was published.',
  'http-client-error': 'The specialist procedure refused the hand-over.',
  'http-server-error': 'The specialist procedure is unavailable or busy.',
  'network-error': 'The specialist procedure could not be reached.',
  'forward-failed': 'Forwarding the application over FIT-Connect failed.',
  'event-log-invalid':
    'The event log of the forwarded submission does not verify (a forged or altered event); nothing was sent again.',
};

/** A field that could not be mapped: where it should go, where it was looked for, and why. */
export interface FieldIssue {
  target: string;
  /** The source path as written in the mapping (`/a/b`, `$meta/…`, `$case/…`), absent for constants. */
  source?: string;
  reason: FieldIssueReason;
}

export type FieldIssueReason = 'missing' | 'not-scalar' | 'not-text' | 'invalid-date' | 'unknown-code';

/** One reason a mapping file was refused: a JSON Pointer into the file and what is wrong there. */
export interface MappingIssue {
  path: string;
  message: string;
}

export interface HandoverErrorDetails {
  caseId?: string;
  /** Where the mapping came from (a file name of the department's configuration). */
  mapping?: string;
  issues?: readonly MappingIssue[];
  fields?: readonly FieldIssue[];
  attachmentId?: string;
  status?: number;
  retryAfterSeconds?: number;
  problem?: RemoteProblem;
  /** A system or library error code (`EACCES`, `ECONNREFUSED`, `UND_ERR_SOCKET`). */
  errno?: string;
  /** Extra context without personal data, e.g. the FIT-Connect step that failed. */
  detail?: string;
}

export class HandoverError extends CodedError<HandoverErrorCode> {
  readonly details: HandoverErrorDetails;

  constructor(code: HandoverErrorCode, details: HandoverErrorDetails = {}, options?: ErrorOptions) {
    super(code, messages[code] + describe(details), options);
    this.name = 'HandoverError';
    this.details = details;
  }

  get caseId(): string | undefined {
    return this.details.caseId;
  }
}

function describe(details: HandoverErrorDetails): string {
  const parts = [
    details.caseId && `case ${details.caseId}`,
    details.mapping && `mapping ${details.mapping}`,
    details.attachmentId && `attachment ${details.attachmentId}`,
    details.status !== undefined && `HTTP ${details.status}`,
    details.problem?.type && `problem ${details.problem.type}`,
    details.problem?.title && `"${details.problem.title}"`,
    details.errno,
    details.detail,
    ...(details.fields ?? []).map(
      (field) =>
        `${field.target}${field.source === undefined ? '' : ` from ${field.source}`}: ${field.reason}`,
    ),
    ...(details.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`),
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? '' : ` [${parts.join('; ')}]`;
}

/**
 * The system or library error code of `error` (`code`, a `FileError`'s `errno`, or its cause's `code`), as a
 * `details` fragment.
 */
export function errnoDetail(error: unknown): { errno?: string } {
  const { code, errno, cause } = (error ?? {}) as {
    code?: unknown;
    errno?: unknown;
    cause?: { code?: unknown };
  };
  const found = [code, errno, cause?.code].find(
    (candidate): candidate is string => typeof candidate === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate),
  );
  return found === undefined ? {} : { errno: found };
}
