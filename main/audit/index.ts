/** The hash-chained audit log: see log.ts. */

export * from '../../shared/audit/types';
export { canonicalDetails, entryHash, GENESIS_HASH } from './chain';
export { AuditError, type AuditErrorCode } from './errors';
export { auditIntegrity, checkAuditTrail } from './integrity';
export { AuditLog, type AuditLogOptions } from './log';
