/**
 * Errors of the archive export and upload. Messages name the case id and the document's position,
 * never a name or any content of the case.
 */
import { CodedError } from '../../shared/coded-error';
export type ArchiveErrorCode =
  | 'invalid-case'
  | 'document-unreadable'
  | 'document-size-mismatch'
  | 'document-hash-mismatch'
  | 'target-invalid'
  | 'case-purged'
  | 'archive-failed';

export type UploadErrorCode =
  | 'upload-invalid-url'
  | 'upload-insecure-url'
  | 'archive-missing'
  | 'upload-rejected'
  | 'upload-unavailable';

const messages: Record<ArchiveErrorCode | UploadErrorCode, string> = {
  'invalid-case': 'The case is incomplete for archiving.',
  'document-unreadable': 'A document of the case could not be read.',
  'document-size-mismatch': 'A document has a different size than recorded.',
  'document-hash-mismatch': 'A document does not match its recorded checksum.',
  'target-invalid':
    'The DMS target of the department profile cannot take archives (hot folder or HTTP upload).',
  'case-purged': 'The local data of the case was deleted after its retention; it cannot be archived again.',
  'archive-failed': 'Archiving the case failed unexpectedly.',
  'upload-invalid-url': 'The DMS upload address is not a valid URL.',
  'upload-insecure-url': 'The DMS upload address must use HTTPS.',
  'archive-missing': 'The archive file is missing or was changed since it was written.',
  'upload-rejected': 'The DMS rejected the archive.',
  'upload-unavailable': 'The DMS could not be reached or is temporarily unavailable.',
};

export interface ArchiveErrorContext {
  caseId?: string;
  /** 1-based position of the document in the case. */
  document?: number;
  /** The offending input field, e.g. `documents[2].size`. */
  field?: string;
}

export class ArchiveError extends CodedError<ArchiveErrorCode> {
  readonly caseId: string | undefined;
  readonly document: number | undefined;
  readonly field: string | undefined;

  constructor(code: ArchiveErrorCode, context: ArchiveErrorContext = {}) {
    super(code, messages[code] + describe(context));
    this.name = 'ArchiveError';
    this.caseId = context.caseId;
    this.document = context.document;
    this.field = context.field;
  }
}

/** Upload failures travel as data (the outbox stores them), not as thrown errors. */
export interface UploadError {
  code: UploadErrorCode;
  message: string;
  /** The HTTP status, when the DMS answered. */
  status?: number;
  /** From `Retry-After`, when the DMS asked to wait. */
  retryAfterSeconds?: number;
}

export function uploadError(
  code: UploadErrorCode,
  details: Omit<UploadError, 'code' | 'message'> = {},
): UploadError {
  const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
  return { code, message: messages[code] + status, ...details };
}

function describe(context: ArchiveErrorContext): string {
  const parts = [
    context.caseId === undefined ? undefined : `case ${context.caseId}`,
    context.document === undefined ? undefined : `document ${context.document}`,
    context.field === undefined ? undefined : `field ${context.field}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
