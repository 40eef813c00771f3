/**
 * The hash chain: the canonical serialization of an entry and its SHA-256. Every field is part of the
 * hash, including the id and the previous hash, so editing, removing, inserting or reordering a row
 * breaks the chain at that row.
 */
import { createHash } from 'node:crypto';
import type { AuditDetails } from '../../shared/audit/types';

export { GENESIS_HASH } from '../../shared/audit/types';

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
