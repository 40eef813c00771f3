/**
 * Sealed notices and their deliveries on PostgreSQL: the statements of main/notices/service/store.ts over
 * a department's session. A notice row is written once and never changed (a trigger refuses any UPDATE).
 */

import type { CaseDeliveryState, DeliveryRecord, NoticeRecord } from '../notices/service/records';
import { type NoticeStore, versionOf } from '../notices/service/store';
import type { DepartmentTransaction } from './sql';

const NOTICE_COLUMNS = `id, case_id AS "caseId", version, kind, template_id AS "templateId", title, text,
  sealed_at AS "sealedAt", sealed_by AS "sealedBy", sha512`;
const deliveryColumns = (t: string) =>
  `${t}.id, ${t}.notice_id AS "noticeId", ${t}.channel, ${t}.state, ${t}.receipt, ${t}.last_error AS "lastError",
   ${t}.created_at AS "createdAt", ${t}.updated_at AS "updatedAt"`;

/** A delivery as pg returns it: times as Date. */
type DeliveryRow = Omit<DeliveryRecord, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

/** The notice store of the transaction's department. */
export function postgresNotices(tx: DepartmentTransaction): NoticeStore {
  const noticesOfCase = async (caseId: string) =>
    (
      await tx.db.query<NoticeRecord>(
        `SELECT ${NOTICE_COLUMNS} FROM notices WHERE case_id = $1 ORDER BY version`,
        [caseId],
      )
    ).rows;
  const delivery = async (where: string, values: unknown[]) => {
    const { rows } = await tx.db.query<DeliveryRow>(
      `SELECT ${deliveryColumns('d')} FROM notice_deliveries d WHERE ${where}`,
      values,
    );
    return rows[0] ? toDelivery(rows[0]) : undefined;
  };
  const findDeliveryOn = (noticeId: string, channel: string) =>
    delivery('d.notice_id = $1 AND d.channel = $2', [noticeId, channel]);

  return {
    async history(caseId) {
      return (await noticesOfCase(caseId)).map(versionOf);
    },
    async insertNotice(notice, pdf) {
      await tx.db.query(
        `INSERT INTO notices (id, department, case_id, version, kind, template_id, title, text, sealed_at,
           sealed_by, sha512, pdf)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          notice.id,
          tx.department,
          notice.caseId,
          notice.version,
          notice.kind,
          notice.templateId,
          notice.title,
          notice.text,
          notice.sealedAt,
          notice.sealedBy,
          notice.sha512,
          Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength),
        ],
      );
    },
    async findNotice(noticeId) {
      return (
        await tx.db.query<NoticeRecord>(`SELECT ${NOTICE_COLUMNS} FROM notices WHERE id = $1`, [noticeId])
      ).rows[0];
    },
    noticesOfCase,
    async readNoticePdf(noticeId) {
      const { rows } = await tx.db.query<{ pdf: Buffer }>('SELECT pdf FROM notices WHERE id = $1', [
        noticeId,
      ]);
      return rows[0] ? new Uint8Array(rows[0].pdf) : undefined;
    },
    /** Adds the notice's delivery on a channel unless it has one; returns the stored delivery either way. */
    async insertDelivery(input, now) {
      const { rowCount } = await tx.db.query(
        `INSERT INTO notice_deliveries (id, department, notice_id, channel, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (notice_id, channel) DO NOTHING`,
        [input.id, tx.department, input.noticeId, input.channel, input.state, now],
      );
      return {
        delivery: (await findDeliveryOn(input.noticeId, input.channel)) as DeliveryRecord,
        created: rowCount === 1,
      };
    },
    findDeliveryOn,
    findDelivery: (deliveryId) => delivery('d.id = $1', [deliveryId]),
    async deliveriesOfCase(caseId) {
      const { rows } = await tx.db.query<DeliveryRow>(
        `SELECT ${deliveryColumns('d')} FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
         WHERE n.case_id = $1 ORDER BY d.created_at, d.channel`,
        [caseId],
      );
      return rows.map(toDelivery);
    },
    async deliveryStatesOfCases(caseIds) {
      if (caseIds.length === 0) return [];
      const { rows } = await tx.db.query<CaseDeliveryState>(
        `SELECT n.case_id AS "caseId", n.id AS "noticeId", n.kind, d.state
         FROM notices n JOIN notice_deliveries d ON d.notice_id = n.id
         WHERE n.case_id = ANY($1::text[])`,
        [caseIds],
      );
      return rows;
    },
    async updateDelivery(deliveryId, patch, now) {
      await tx.db.query(
        `UPDATE notice_deliveries SET state = $2,
           receipt = CASE WHEN $3 THEN $4::json ELSE receipt END,
           last_error = CASE WHEN $5 THEN $6 ELSE last_error END,
           updated_at = $7
         WHERE id = $1`,
        [
          deliveryId,
          patch.state,
          patch.receipt !== undefined,
          patch.receipt == null ? null : JSON.stringify(patch.receipt),
          patch.lastError !== undefined,
          patch.lastError ?? null,
          now,
        ],
      );
    },
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
