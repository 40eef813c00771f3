/**
 * The repository of sealed notices and their deliveries (vault migration 005). Every function runs in the
 * caller's vault transaction. A notice row is written once and never changed (a trigger refuses any
 * UPDATE): a correction is the next version of the same case.
 */

import type { JsonObject } from '../../../shared/cases/types';
import type { NoticeChannel } from '../../../shared/delivery/channel';
import type { Async } from '../../vault/async';
import { columns } from '../../vault/columns';
import { prepared, type VaultTx } from '../../vault/sql';
import type { NoticeVersion } from '../versions';
import type { CaseDeliveryState, DeliveryRecord, DeliveryState, NoticeRecord } from './records';

/** A delivery as SQLite returns it: the receipt still JSON text. */
type DeliveryRow = Omit<DeliveryRecord, 'receipt'> & { receipt: string | null };

const NOTICE_COLUMNS = columns<NoticeRecord>({
  id: true,
  caseId: true,
  version: true,
  kind: true,
  templateId: true,
  title: true,
  text: true,
  sealedAt: true,
  sealedBy: true,
  sha512: true,
});
const DELIVERY_FIELDS = {
  id: true,
  noticeId: true,
  channel: true,
  state: true,
  receipt: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
} as const;
const DELIVERY_COLUMNS = columns<DeliveryRecord>(DELIVERY_FIELDS);
const CASE_DELIVERY_COLUMNS = columns<DeliveryRecord>(DELIVERY_FIELDS, 'd');

/** The notice statements bound to one connection: what the store interface offers of notices. */
export function noticeRecords(tx: VaultTx) {
  return {
    history: (caseId: string) => noticeHistory(tx, caseId),
    insertNotice: (notice: NoticeRecord, pdf: Uint8Array) => insertNotice(tx, notice, pdf),
    findNotice: (noticeId: string) => findNotice(tx, noticeId),
    noticesOfCase: (caseId: string) => noticesOfCase(tx, caseId),
    readNoticePdf: (noticeId: string) => readNoticePdf(tx, noticeId),
    insertDelivery: (input: Parameters<typeof insertDelivery>[1], now: Date) =>
      insertDelivery(tx, input, now),
    findDeliveryOn: (noticeId: string, channel: NoticeChannel) => findDeliveryOn(tx, noticeId, channel),
    findDelivery: (deliveryId: string) => findDelivery(tx, deliveryId),
    deliveriesOfCase: (caseId: string) => deliveriesOfCase(tx, caseId),
    deliveryStatesOfCases: (caseIds: readonly string[]) => deliveryStatesOfCases(tx, caseIds),
    updateDelivery: (deliveryId: string, patch: Parameters<typeof updateDelivery>[2], now: Date) =>
      updateDelivery(tx, deliveryId, patch, now),
  };
}
export type NoticeRecords = ReturnType<typeof noticeRecords>;
/** Notices and their deliveries as the store interface offers them. */
export type NoticeStore = Async<NoticeRecords>;

/** A case's sealed versions, oldest first, in the shape `recordNoticeVersion` checks against. */
export function noticeHistory(tx: VaultTx, caseId: string): NoticeVersion[] {
  return noticesOfCase(tx, caseId).map(versionOf);
}

/** A sealed notice as one version of its case's history. */
export function versionOf({
  id,
  caseId,
  version,
  kind,
  text,
  sealedAt,
  sha512,
}: NoticeRecord): NoticeVersion {
  return { id, caseId, version, kind, text, sealedAt, sha512 };
}

export function insertNotice(tx: VaultTx, notice: NoticeRecord, pdf: Uint8Array): void {
  prepared(
    tx.db,
    `INSERT INTO notices (id, case_id, version, kind, template_id, title, text, sealed_at, sealed_by, sha512, pdf)
     VALUES (@id, @caseId, @version, @kind, @templateId, @title, @text, @sealedAt, @sealedBy, @sha512, @pdf)`,
  ).run({ ...notice, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) });
}

export function findNotice(tx: VaultTx, noticeId: string): NoticeRecord | undefined {
  return prepared(tx.db, `SELECT ${NOTICE_COLUMNS} FROM notices WHERE id = ?`).get(noticeId) as
    | NoticeRecord
    | undefined;
}

export function noticesOfCase(tx: VaultTx, caseId: string): NoticeRecord[] {
  return prepared(tx.db, `SELECT ${NOTICE_COLUMNS} FROM notices WHERE case_id = ? ORDER BY version`).all(
    caseId,
  ) as NoticeRecord[];
}

export function readNoticePdf(tx: VaultTx, noticeId: string): Uint8Array | undefined {
  const row = prepared(tx.db, 'SELECT pdf FROM notices WHERE id = ?').get(noticeId) as
    | { pdf: Buffer }
    | undefined;
  return row === undefined ? undefined : new Uint8Array(row.pdf);
}

/** Adds the notice's delivery on a channel unless it has one; returns the stored delivery either way. */
export function insertDelivery(
  tx: VaultTx,
  input: { id: string; noticeId: string; channel: NoticeChannel; state: DeliveryState },
  now: Date,
): { delivery: DeliveryRecord; created: boolean } {
  const at = now.toISOString();
  const { changes } = prepared(
    tx.db,
    `INSERT INTO notice_deliveries (id, notice_id, channel, state, receipt, last_error, created_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)
     ON CONFLICT (notice_id, channel) DO NOTHING`,
  ).run(input.id, input.noticeId, input.channel, input.state, at, at);
  return {
    delivery: findDeliveryOn(tx, input.noticeId, input.channel) as DeliveryRecord,
    created: changes === 1,
  };
}

export function findDeliveryOn(
  tx: VaultTx,
  noticeId: string,
  channel: NoticeChannel,
): DeliveryRecord | undefined {
  const row = prepared(
    tx.db,
    `SELECT ${DELIVERY_COLUMNS} FROM notice_deliveries WHERE notice_id = ? AND channel = ?`,
  ).get(noticeId, channel) as DeliveryRow | undefined;
  return row === undefined ? undefined : toDelivery(row);
}

export function findDelivery(tx: VaultTx, deliveryId: string): DeliveryRecord | undefined {
  const row = prepared(tx.db, `SELECT ${DELIVERY_COLUMNS} FROM notice_deliveries WHERE id = ?`).get(
    deliveryId,
  ) as DeliveryRow | undefined;
  return row === undefined ? undefined : toDelivery(row);
}

export function deliveriesOfCase(tx: VaultTx, caseId: string): DeliveryRecord[] {
  return (
    prepared(
      tx.db,
      `SELECT ${CASE_DELIVERY_COLUMNS} FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
       WHERE n.case_id = ? ORDER BY d.created_at, d.channel`,
    ).all(caseId) as DeliveryRow[]
  ).map(toDelivery);
}

/** The deliveries of the notices of many cases (an inbox page's) in one statement. */
export function deliveryStatesOfCases(tx: VaultTx, caseIds: readonly string[]): CaseDeliveryState[] {
  if (caseIds.length === 0) return [];
  return prepared(
    tx.db,
    `SELECT n.case_id AS caseId, n.id AS noticeId, n.kind, d.state
     FROM notices n JOIN notice_deliveries d ON d.notice_id = n.id
     WHERE n.case_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(caseIds)) as CaseDeliveryState[];
}

export function updateDelivery(
  tx: VaultTx,
  deliveryId: string,
  patch: { state: DeliveryState; receipt?: JsonObject | null; lastError?: string | null },
  now: Date,
): void {
  prepared(
    tx.db,
    `UPDATE notice_deliveries SET state = @state,
       receipt = CASE WHEN @setReceipt THEN @receipt ELSE receipt END,
       last_error = CASE WHEN @setError THEN @lastError ELSE last_error END,
       updated_at = @now
     WHERE id = @id`,
  ).run({
    id: deliveryId,
    state: patch.state,
    setReceipt: patch.receipt === undefined ? 0 : 1,
    receipt: patch.receipt == null ? null : JSON.stringify(patch.receipt),
    setError: patch.lastError === undefined ? 0 : 1,
    lastError: patch.lastError ?? null,
    now: now.toISOString(),
  });
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return { ...row, receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as JsonObject) };
}
