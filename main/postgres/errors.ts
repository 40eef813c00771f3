/**
 * Errors of the PostgreSQL store that the vault has no code for. A repository's own refusals (a missing
 * case, a version conflict) keep the vault's codes (`VaultError`), so services and the contract suite see
 * the same codes from both stores. Messages name ids only, never content.
 */
import { CodedError } from '../../shared/coded-error';

export type PostgresErrorCode =
  | 'postgres-binaries-missing'
  | 'postgres-start-failed'
  | 'postgres-unavailable'
  | 'postgres-schema-too-new'
  | 'department-mismatch'
  | 'file-reference-taken'
  | 'secret-tampered'
  | 'master-key-invalid';

const messages: Record<PostgresErrorCode, string> = {
  'postgres-binaries-missing':
    'No PostgreSQL server binaries (initdb, pg_ctl) were found; install the Debian package "postgresql".',
  'postgres-start-failed': 'The private PostgreSQL cluster could not be started.',
  'postgres-unavailable':
    'The connection to PostgreSQL was interrupted; work not yet committed was not saved. Try again.',
  'postgres-schema-too-new': 'The database was migrated by a newer version of Antragsdesk.',
  'department-mismatch': 'The store serves another department.',
  'file-reference-taken': 'The file reference is already given to another case of the department.',
  'secret-tampered': 'A stored secret failed its integrity check.',
  'master-key-invalid': 'The master key is not a 256-bit key.',
};

export class PostgresStoreError extends CodedError<PostgresErrorCode> {
  constructor(code: PostgresErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(code, detail ? `${messages[code]} [${detail}]` : messages[code], options);
    this.name = 'PostgresStoreError';
  }
}
