/**
 * Errors of the vault, one table of codes and English messages. The UI translates by `code`. Messages and
 * fields name ids only (case id, file reference, attachment id): never names, form values or paths, since
 * a profile path can carry a person's login name.
 */

import { CodedError } from '../../shared/coded-error';

export type VaultErrorCode =
  | 'vault-locked'
  | 'vault-corrupt'
  | 'vault-too-new'
  | 'vault-invalid-key'
  | 'vault-key-missing'
  | 'vault-key-insecure'
  | 'vault-key-unavailable'
  | 'vault-key-plaintext-backend'
  | 'vault-key-unwrap-failed'
  | 'vault-invalid-input'
  | 'case-not-found'
  | 'version-conflict'
  | 'submission-conflict'
  | 'submission-not-found'
  | 'attachment-not-found'
  | 'attachment-missing'
  | 'attachment-tampered'
  | 'attachment-unreadable';

const messages: Record<VaultErrorCode, string> = {
  'vault-locked': 'The vault could not be unlocked with the key provided.',
  'vault-corrupt': 'The vault file is damaged and cannot be read.',
  'vault-too-new': 'The vault was written by a newer version of Antragsdesk.',
  'vault-invalid-key': 'The vault key is not a 256-bit key.',
  'vault-key-missing': 'No vault key was provided.',
  'vault-key-insecure':
    'Other users can read or change the vault key file; restrict it to the owner (mode 600).',
  'vault-key-unavailable': 'The operating system cannot protect the vault key right now.',
  'vault-key-plaintext-backend':
    'The operating system would store the vault key without encryption; an administrator must allow this.',
  'vault-key-unwrap-failed': 'The stored vault key could not be unwrapped by the operating system.',
  'vault-invalid-input': 'A value given to the vault is not valid.',
  'case-not-found': 'The case does not exist.',
  'version-conflict': 'The case was changed by someone else in the meantime.',
  'submission-conflict': 'The submission is already stored under another case.',
  'submission-not-found': 'The submission does not exist.',
  'attachment-not-found': 'The attachment does not exist.',
  'attachment-missing': 'The attachment file is missing from the vault.',
  'attachment-tampered': 'The attachment file was altered and failed its integrity check.',
  'attachment-unreadable': 'The attachment file could not be read.',
};

/** Ids that tell a person which case an error concerns; never content. */
export interface VaultErrorSubject {
  caseId?: string;
  fileReference?: string | null;
  attachmentId?: string;
  submissionId?: string;
  /** A short id-only hint such as the field name that was invalid. */
  detail?: string;
}

export class VaultError extends CodedError<VaultErrorCode> {
  readonly subject: VaultErrorSubject;

  constructor(code: VaultErrorCode, subject: VaultErrorSubject = {}, options?: { cause?: unknown }) {
    super(code, withSubject(messages[code], subject), options);
    this.name = 'VaultError';
    this.subject = subject;
  }
}

function withSubject(message: string, subject: VaultErrorSubject): string {
  const parts: string[] = [];
  if (subject.caseId) {
    parts.push(`case ${subject.caseId}${subject.fileReference ? ` (${subject.fileReference})` : ''}`);
  }
  if (subject.submissionId) parts.push(`submission ${subject.submissionId}`);
  if (subject.attachmentId) parts.push(`attachment ${subject.attachmentId}`);
  if (subject.detail) parts.push(subject.detail);
  return parts.length > 0 ? `${message} [${parts.join(', ')}]` : message;
}
