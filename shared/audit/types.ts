/** The audit log's rows: who did what to which case, with what outcome. Never personal data. */

export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * Ids, codes and counts only (a submission id, a problem code, a notice channel), never names, addresses
 * or form values: the log is kept longer than the cases it describes.
 */
export type AuditDetails = Record<string, string | number | boolean | null>;

/** The previous hash of the first entry, and the head of an empty chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The actor of the entries the application writes itself (outbox worker, sync, purges). */
export const SYSTEM_ACTOR = 'system';

export interface AuditEntryInput {
  /** User id (or `SYSTEM_ACTOR` for the outbox worker and sync). */
  actor: string;
  department: string | null;
  caseId: string | null;
  /** Dotted verb, e.g. `case.accept`, `notice.send`, `vault.open`. */
  action: string;
  outcome: AuditOutcome;
  details?: AuditDetails;
}

export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  id: number;
  at: string;
  actor: string;
  department: string | null;
  caseId: string | null;
  action: string;
  outcome: AuditOutcome;
  details: AuditDetails;
  /** The previous entry's hash (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 over this entry's canonical serialization, which includes `prevHash`. */
  hash: string;
}

export type AuditBreakReason =
  /** The row's content no longer matches its hash: it was edited. */
  | 'hash-mismatch'
  /** The row does not point at the previous row's hash: a row before it was removed, replaced or inserted. */
  | 'prev-hash-mismatch'
  /** Ids jump: rows are missing before this one. */
  | 'id-gap';

export interface AuditVerification {
  /** The chain is unbroken and the append-only triggers are in place. */
  ok: boolean;
  /** Rows checked before the first break (all rows when unbroken). */
  checked: number;
  /** Hash of the last row of the unbroken chain; publish it elsewhere to detect a cut-off tail. */
  headHash: string | null;
  firstBreak: { id: number; reason: AuditBreakReason } | null;
  triggersIntact: boolean;
}

/**
 * The chain against the anchor kept outside the database. match: the chain reaches at least as far as the
 * anchor and agrees with it; absent: no anchor yet (a new vault, or the first start of a version that keeps
 * one); invalid: the anchor fails its MAC; shorter: entries the anchor knew of are missing; differs: the
 * entry at the anchor's count is another one.
 */
export type AnchorState = 'match' | 'absent' | 'invalid' | 'shorter' | 'differs';

/** What a check of the audit trail found: ids and counts only, so it may be logged and shown. */
export interface AuditIntegrity {
  intact: boolean;
  checkedAt: string;
  /** From the first entry (on demand), or from the last verified one (at start). */
  full: boolean;
  /** Entries in the chain now. */
  entries: number;
  /** Entries whose hashes this check recomputed. */
  verified: number;
  /** The first entry where the chain breaks. */
  firstBreak: { id: number; reason: AuditBreakReason } | null;
  /** The triggers that refuse UPDATE and DELETE are in place. */
  triggersIntact: boolean;
  /** How the chain compared with the anchor outside the database when the vault was opened. */
  anchor: AnchorState;
  /** Entries the anchor recorded that the database no longer holds. */
  missing: number;
}
