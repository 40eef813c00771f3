/**
 * The hash chain: the canonical serialization of an entry and its SHA-256. Every field is part of the
 * hash, including the id and the previous hash, so editing, removing, inserting or reordering a row
 * breaks the chain at that row.
 */
import { createHash } from 'node:crypto';
import {
  type AuditBreakReason,
  type AuditDetails,
  type AuditEntry,
  type AuditEntryInput,
  type AuditVerification,
  auditOutcomes,
  GENESIS_HASH,
} from '../../shared/audit/types';
import type { ChainHead } from '../vault/audit-anchor';
import { AuditError } from './errors';

export { GENESIS_HASH };

const FORMAT = 'antragsdesk/audit/v1';

export interface ChainFields {
  id: number;
  at: string;
  actor: string;
  department: string | null;
  caseId: string | null;
  action: string;
  outcome: string;
  /** Exactly as stored: the canonical JSON of the details. */
  detailsJson: string;
  prevHash: string;
}

/** Details as JSON with keys in code-unit order, so equal details always serialize the same. */
export function canonicalDetails(details: AuditDetails): string {
  const sorted: AuditDetails = {};
  for (const key of Object.keys(details).sort()) sorted[key] = details[key] ?? null;
  return JSON.stringify(sorted);
}

export function entryHash(fields: ChainFields): string {
  // An array keeps field order fixed and JSON escaping makes the boundaries between fields unambiguous.
  const canonical = JSON.stringify([
    FORMAT,
    fields.id,
    fields.at,
    fields.actor,
    fields.department,
    fields.caseId,
    fields.action,
    fields.outcome,
    fields.detailsJson,
    fields.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The entry that follows `previous` (none: the first of its chain), with its fields as the hash covers them. */
export function chainedEntry(
  input: AuditEntryInput,
  details: AuditDetails,
  previous: { id: number; hash: string } | undefined,
  at: Date,
): { fields: ChainFields; entry: AuditEntry } {
  const fields: ChainFields = {
    id: (previous?.id ?? 0) + 1,
    at: at.toISOString(),
    actor: input.actor,
    department: input.department,
    caseId: input.caseId,
    action: input.action,
    outcome: input.outcome,
    detailsJson: canonicalDetails(details),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  const { detailsJson, ...rest } = fields;
  return {
    fields,
    entry: {
      ...rest,
      outcome: input.outcome,
      details: JSON.parse(detailsJson) as AuditDetails,
      hash: entryHash(fields),
    },
  };
}

/** Details are for ids and codes; a long string is a sign that content is being logged. */
const MAX_DETAIL_LENGTH = 200;

/** The entry's details, once its fields passed the checks every store makes before appending. */
export function validateEntry(input: AuditEntryInput): AuditDetails {
  if (input.actor.trim() === '') throw new AuditError('audit-invalid-entry', 'actor');
  if (input.action.trim() === '') throw new AuditError('audit-invalid-entry', 'action');
  if (!auditOutcomes.includes(input.outcome)) throw new AuditError('audit-invalid-entry', 'outcome');
  const details = input.details ?? {};
  for (const [key, value] of Object.entries(details)) {
    const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    if (!scalar || (typeof value === 'string' && value.length > MAX_DETAIL_LENGTH)) {
      throw new AuditError('audit-invalid-entry', `details.${key}`);
    }
  }
  return details;
}

/** An entry as a store keeps it: the details still their canonical JSON text, which the hash covers. */
export type AuditRecord = Omit<AuditEntry, 'details'> & { details: string };

export function toEntry(record: AuditRecord): AuditEntry {
  return { ...record, details: JSON.parse(record.details) as AuditDetails };
}

const MAX_LIST = 500;

/** A page of the log: entries in order, optionally of one case; `afterId` pages forward. */
export interface AuditListFilter {
  caseId?: string;
  afterId?: number;
  limit?: number;
}

/** The page size a filter asks for (default 100), checked. */
export function listLimit(filter: AuditListFilter): number {
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST)
    throw new AuditError('audit-invalid-entry', 'limit');
  return limit;
}

/**
 * Walks a chain row by row in id order, wherever the rows come from: `start` checks the entry verified
 * before again (or nothing for a walk from the first entry), `step` each following row; both answer a
 * verification when the chain breaks there, and `end` the verification of an unbroken walk.
 */
export class ChainWalk {
  private checked = 0;
  private previous = { id: 0, hash: GENESIS_HASH };

  constructor(private readonly triggersIntact: boolean) {}

  /** The id after which `step` continues. */
  get afterId(): number {
    return this.previous.id;
  }

  start(from: ChainHead | undefined, row: AuditRecord | undefined): AuditVerification | null {
    if (!from || from.count === 0) return null;
    if (!row) return this.broken(from.count, 'id-gap');
    if (row.hash !== from.hash || row.hash !== hashOf(row)) return this.broken(row.id, 'hash-mismatch');
    this.accept(row);
    return null;
  }

  step(row: AuditRecord): AuditVerification | null {
    const reason =
      row.id !== this.previous.id + 1
        ? 'id-gap'
        : row.prevHash !== this.previous.hash
          ? 'prev-hash-mismatch'
          : row.hash !== hashOf(row)
            ? 'hash-mismatch'
            : null;
    if (reason) return this.broken(row.id, reason);
    this.accept(row);
    return null;
  }

  end(): AuditVerification {
    return {
      ok: this.triggersIntact,
      checked: this.checked,
      headHash: this.headHash(),
      firstBreak: null,
      triggersIntact: this.triggersIntact,
    };
  }

  private accept(row: AuditRecord): void {
    this.checked++;
    this.previous = { id: row.id, hash: row.hash };
  }

  private headHash(): string | null {
    return this.previous.id > 0 ? this.previous.hash : null;
  }

  private broken(id: number, reason: AuditBreakReason): AuditVerification {
    return {
      ok: false,
      checked: this.checked,
      headHash: this.headHash(),
      firstBreak: { id, reason },
      triggersIntact: this.triggersIntact,
    };
  }
}

function hashOf(row: AuditRecord): string {
  return entryHash({ ...row, detailsJson: row.details });
}
