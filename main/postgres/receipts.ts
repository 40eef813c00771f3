/**
 * Receipts of a case's deliveries and the purge of a case's data after its retention, on PostgreSQL: the
 * vault's ReceiptRepository (main/vault/receipts.ts) over the transaction's department. A purge keeps the
 * case's stub, its receipts and the audit log; the attachment contents go once the purge has committed
 * (`attachments.deleteFiles` with the returned ids).
 */
import { randomUUID } from 'node:crypto';
import { VaultError } from '../vault/errors';
import type { CasePurge, CaseReceipt } from '../vault/receipts';
import type { ReceiptStore } from '../vault/store-types';
import type { DepartmentTransaction } from './sql';

const RECEIPT_COLUMNS = `id, case_id AS "caseId", kind, outbox_item_id AS "outboxItemId", receipt,
  delivered_at AS "deliveredAt"`;

type ReceiptRow = Omit<CaseReceipt, 'deliveredAt'> & { deliveredAt: Date };

export function postgresReceipts(tx: DepartmentTransaction, now: () => Date): ReceiptStore {
  const forItem = async (outboxItemId: string) => {
    const { rows } = await tx.db.query<ReceiptRow>(
      `SELECT ${RECEIPT_COLUMNS} FROM case_receipts WHERE department = $1 AND outbox_item_id = $2`,
      [tx.department, outboxItemId],
    );
    return rows[0] ? toReceipt(rows[0]) : null;
  };
  return {
    /** Stores the receipt of a delivery once; a repeated delivery of the same item returns the first. */
    async record(input) {
      await tx.db.query(
        `INSERT INTO case_receipts (id, department, case_id, kind, outbox_item_id, receipt, delivered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (outbox_item_id) DO NOTHING`,
        [
          randomUUID(),
          tx.department,
          input.caseId,
          input.kind,
          input.outboxItemId,
          JSON.stringify(input.receipt),
          now(),
        ],
      );
      return (await forItem(input.outboxItemId)) as CaseReceipt;
    },
    forItem,
    async ofCase(caseId) {
      const { rows } = await tx.db.query<ReceiptRow>(
        `SELECT ${RECEIPT_COLUMNS} FROM case_receipts WHERE department = $1 AND case_id = $2
         ORDER BY delivered_at, id`,
        [tx.department, caseId],
      );
      return rows.map(toReceipt);
    },
    async purgeOf(caseId) {
      const { rows } = await tx.db.query<Omit<CasePurge, 'purgedAt'> & { purgedAt: Date }>(
        `SELECT case_id AS "caseId", purged_at AS "purgedAt", purged_by AS "purgedBy" FROM case_purges
         WHERE department = $1 AND case_id = $2`,
        [tx.department, caseId],
      );
      const row = rows[0];
      return row ? { ...row, purgedAt: row.purgedAt.toISOString() } : null;
    },
    /**
     * Cases of the department whose archive was confirmed at or before `archivedBefore` and whose data is
     * still here. Only the store's own department has any.
     */
    async dueForPurge(department, archivedBefore) {
      const { rows } = await tx.db.query<{ id: string }>(
        `SELECT c.id FROM cases c
         WHERE c.department = $1 AND c.department = $2 AND c.status IN ('archived', 'closed')
           AND NOT EXISTS (SELECT 1 FROM case_purges p WHERE p.case_id = c.id)
           AND (SELECT max(r.delivered_at) FROM case_receipts r WHERE r.case_id = c.id AND r.kind = 'archive')
             <= $3::timestamptz
         ORDER BY c.received_at, c.id`,
        [tx.department, department, archivedBefore],
      );
      return rows.map((row) => row.id);
    },
    /** Deletes the case's data and records the purge, in a savepoint of the transaction. */
    purge(caseId, purgedBy) {
      return tx.nested(async () => {
        const at = now();
        const found = await tx.db.query('SELECT 1 FROM cases WHERE department = $1 AND id = $2 FOR UPDATE', [
          tx.department,
          caseId,
        ]);
        if (found.rowCount === 0) throw new VaultError('case-not-found', { caseId });
        const { rows } = await tx.db.query<{ path: string }>(
          `SELECT a.storage_path AS path FROM attachments a
           JOIN submissions s ON s.submission_id = a.submission_id WHERE s.case_id = $1`,
          [caseId],
        );
        await tx.db.query(
          'DELETE FROM notice_deliveries WHERE notice_id IN (SELECT id FROM notices WHERE case_id = $1)',
          [caseId],
        );
        await tx.db.query('DELETE FROM notices WHERE case_id = $1', [caseId]);
        await tx.db.query('DELETE FROM notes WHERE case_id = $1', [caseId]);
        // Attachment rows go with their submissions (ON DELETE CASCADE).
        await tx.db.query('DELETE FROM submissions WHERE case_id = $1', [caseId]);
        await tx.db.query(
          `UPDATE cases SET applicant_name = '', reply_channel = NULL, payment_status = NULL, form_text = '',
             updated_at = $2, version = version + 1
           WHERE id = $1`,
          [caseId, at],
        );
        await tx.db.query(
          'INSERT INTO case_purges (case_id, department, purged_at, purged_by) VALUES ($1, $2, $3, $4)',
          [caseId, tx.department, at, purgedBy],
        );
        return { storagePaths: rows.map((row) => row.path) };
      });
    },
  };
}

function toReceipt(row: ReceiptRow): CaseReceipt {
  return { ...row, deliveredAt: row.deliveredAt.toISOString() };
}
