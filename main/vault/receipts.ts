/**
 * Receipts of a case's deliveries (hand-over, archive) and the purge of a case's local data after its
 * retention. A purge keeps a stub: the case row with its ids, file reference, service and dates, its
 * receipts, and the audit log (which never refers to the data). Everything else the citizen or the case
 * workers wrote goes: form data, attachments, notes, sealed notices, the applicant's name.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../shared/cases/types';
import { VaultError } from './errors';
import { prepared, reportDamageAs, type SqliteDatabase, type VaultTx } from './sql';

export type ReceiptKind = 'handover' | 'archive';

export interface CaseReceipt {
  id: string;
  caseId: string;
  kind: ReceiptKind;
  /** The outbox item that delivered it: one receipt per delivery. */
  outboxItemId: string;
  receipt: JsonObject;
  deliveredAt: string;
}

export interface CasePurge {
  caseId: string;
  purgedAt: string;
  /** User id, or `system` for the timer. */
  purgedBy: string;
}

interface ReceiptRecord {
  id: string;
  case_id: string;
  kind: ReceiptKind;
  outbox_item_id: string;
  receipt: string;
  delivered_at: string;
}

const RECEIPT_COLUMNS = 'id, case_id, kind, outbox_item_id, receipt, delivered_at';

export class ReceiptRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /** Stores the receipt of a delivery once; a repeated delivery of the same item returns the first. */
  record(
    tx: VaultTx,
    input: { caseId: string; kind: ReceiptKind; outboxItemId: string; receipt: JsonObject },
  ): CaseReceipt {
    prepared(
      tx.db,
      `INSERT INTO case_receipts (id, case_id, kind, outbox_item_id, receipt, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_item_id) DO NOTHING`,
    ).run(
      randomUUID(),
      input.caseId,
      input.kind,
      input.outboxItemId,
      JSON.stringify(input.receipt),
      this.now().toISOString(),
    );
    return this.forItem(input.outboxItemId) as CaseReceipt;
  }

  forItem(outboxItemId: string): CaseReceipt | null {
    const record = prepared(
      this.db,
      `SELECT ${RECEIPT_COLUMNS} FROM case_receipts WHERE outbox_item_id = ?`,
    ).get(outboxItemId) as ReceiptRecord | undefined;
    return record ? toReceipt(record) : null;
  }

  ofCase(caseId: string): CaseReceipt[] {
    return reportDamageAs({ caseId }, () =>
      (
        prepared(
          this.db,
          `SELECT ${RECEIPT_COLUMNS} FROM case_receipts WHERE case_id = ? ORDER BY delivered_at, id`,
        ).all(caseId) as ReceiptRecord[]
      ).map(toReceipt),
    );
  }

  purgeOf(caseId: string): CasePurge | null {
    const row = prepared(
      this.db,
      'SELECT case_id AS caseId, purged_at AS purgedAt, purged_by AS purgedBy FROM case_purges WHERE case_id = ?',
    ).get(caseId) as CasePurge | undefined;
    return row ?? null;
  }

  /**
   * Cases of the department whose archive was confirmed at or before `archivedBefore` and whose data is
   * still here: those an archive in the DMS has made redundant.
   */
  dueForPurge(department: string, archivedBefore: string): string[] {
    return (
      prepared(
        this.db,
        `SELECT c.id FROM cases c
         WHERE c.department = ? AND c.status IN ('archived', 'closed')
           AND NOT EXISTS (SELECT 1 FROM case_purges p WHERE p.case_id = c.id)
           AND (SELECT MAX(r.delivered_at) FROM case_receipts r WHERE r.case_id = c.id AND r.kind = 'archive') <= ?
         ORDER BY c.received_at, c.id`,
      ).all(department, archivedBefore) as { id: string }[]
    ).map((row) => row.id);
  }

  /**
   * Deletes the case's data in the caller's transaction and records the purge. Returns the attachment files
   * to delete once the transaction has committed (deleting them earlier would break a rollback).
   */
  purge(tx: VaultTx, caseId: string, purgedBy: string): { storagePaths: string[] } {
    const { db } = tx;
    const seq = prepared(db, 'SELECT seq FROM cases WHERE id = ?').get(caseId) as { seq: number } | undefined;
    if (!seq) throw new VaultError('case-not-found', { caseId });
    const storagePaths = (
      prepared(
        db,
        `SELECT a.storage_path AS path FROM attachments a JOIN submissions s ON s.submission_id = a.submission_id
         WHERE s.case_id = ?`,
      ).all(caseId) as { path: string }[]
    ).map((row) => row.path);
    prepared(
      db,
      'DELETE FROM notice_deliveries WHERE notice_id IN (SELECT id FROM notices WHERE case_id = ?)',
    ).run(caseId);
    prepared(db, 'DELETE FROM notices WHERE case_id = ?').run(caseId);
    prepared(db, 'DELETE FROM notes WHERE case_id = ?').run(caseId);
    // Attachment rows go with their submissions (ON DELETE CASCADE).
    prepared(db, 'DELETE FROM submissions WHERE case_id = ?').run(caseId);
    prepared(db, `UPDATE case_search SET form_text = '' WHERE rowid = ?`).run(seq.seq);
    prepared(
      db,
      `UPDATE cases SET applicant_name = '', reply_channel = NULL, payment_status = NULL,
         updated_at = @now, version = version + 1
       WHERE id = @id`,
    ).run({ id: caseId, now: this.now().toISOString() });
    prepared(db, 'INSERT INTO case_purges (case_id, purged_at, purged_by) VALUES (?, ?, ?)').run(
      caseId,
      this.now().toISOString(),
      purgedBy,
    );
    return { storagePaths };
  }
}

function toReceipt(record: ReceiptRecord): CaseReceipt {
  return {
    id: record.id,
    caseId: record.case_id,
    kind: record.kind,
    outboxItemId: record.outbox_item_id,
    receipt: JSON.parse(record.receipt) as JsonObject,
    deliveredAt: record.delivered_at,
  };
}
