/** The audit trail's slice of the API: its last check for everyone signed in, a full check for Administration. */
import { call, none } from '../../shared/api/call';
import type { AuditIntegrity } from '../../shared/audit/types';

export type { AuditIntegrity };

/** Administration's integrity check: the whole audit trail and SQLite's check of the database file. */
export interface IntegrityReport {
  audit: AuditIntegrity;
  /** `findings`: the first lines SQLite's integrity check reported (page and table numbers, no content). */
  database: { ok: boolean; findings: string[] };
}

export const integrityCalls = {
  /** The audit trail's last check (at start, or Administration's); for anyone signed in. */
  'integrity.status': call<AuditIntegrity>()(none),
  /** Administration: verifies the whole audit trail and the database file now. */
  'integrity.check': call<IntegrityReport>()(none),
} as const;
