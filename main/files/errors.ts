/**
 * Errors of the file helpers. Messages name no path or file name: paths can carry personal data
 * (an attachment's name); the errno code is kept for diagnosis instead.
 */
import { CodedError } from '../../shared/coded-error';
export type FileErrorCode = 'target-not-writable' | 'target-exists' | 'write-failed' | 'invalid-name';

const messages: Record<FileErrorCode, string> = {
  'target-not-writable': 'The target folder does not exist or cannot be written to.',
  'target-exists': 'The target already exists and was left unchanged.',
  'write-failed': 'Writing to the target folder failed; nothing was published.',
  'invalid-name': 'A file name is not safe to use as given.',
};

export class FileError extends CodedError<FileErrorCode> {
  /** The operating system's error code (e.g. `EACCES`), when one caused this. */
  readonly errno: string | undefined;

  constructor(code: FileErrorCode, errno?: string) {
    super(code, errno ? `${messages[code]} (${errno})` : messages[code]);
    this.name = 'FileError';
    this.errno = errno;
  }
}

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), if `error` is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
