/** Errors of the audit log. */
import { CodedError } from '../../shared/coded-error';

export type AuditErrorCode = 'audit-invalid-entry';

export class AuditError extends CodedError<AuditErrorCode> {
  constructor(code: AuditErrorCode, field: string) {
    super(code, `An audit entry is not valid. [${field}]`);
    this.name = 'AuditError';
  }
}
