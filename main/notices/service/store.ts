/**
 * The repository of sealed notices and their deliveries (vault migration 005). Every function runs in the
 * caller's vault transaction. A notice row is written once and never changed (a trigger refuses any
 * UPDATE): a correction is the next version of the same case.
 */

import type { JsonObject } from '../../../shared/cases/types';
import type { NoticeChannel } from '../../../shared/delivery/channel';
import { prepared, type VaultTx } from '../../vault/sql';
import type { NoticeKind } from '../template';
import type { NoticeVersion } from '../versions';
import type { DeliveryRecord, DeliveryState, NoticeRecord } from './records';

interface NoticeRow {
  id: string;
  case_id: string;
  version: number;
  kind: NoticeKind;
  template_id: string;
  title: string;
  text: string;
  sealed_at: string;
  sealed_by: string;
  sha512: string;
}

interface DeliveryRow {
  id: string;
  notice_id: string;
  channel: NoticeChannel;
  state: DeliveryState;
  receipt: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const NOTICE_COLUMNS = 'id, case_id, version, kind, template_id, title, text, sealed_at, sealed_by, sha512';

/** A case's sealed versions, oldest first, in the shape `recordNoticeVersion` checks against. */
export function noticeHistory(tx: VaultTx, caseId: string): NoticeVersion[] {
  return noticesOfCase(tx, caseId).map(({ id, version, kind, text, sealedAt, sha512 }) => ({
    id,
    caseId,
    version,
    kind,
    text,
    sealedAt,
    sha512,
  }));
}

export function insertNotice(tx: VaultTx, notice: NoticeRecord, pdf: Uint8Array): void {
  prepared(
    tx.db,
    `INSERT INTO notices (id, case_id, version, kind, template_id, title, text, sealed_at, sealed_by, sha512, pdf)
     VALUES (@id, @caseId, @version, @kind, @templateId, @title, @text, @sealedAt, @sealedBy, @sha512, @pdf)`,
  ).run({ ...notice, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) });
}

export function findNotice(tx: VaultTx, noticeId: string): NoticeRecord | undefined {
  const row = prepared(tx.db, `SELECT ${NOTICE_COLUMNS} FROM notices WHERE id = ?`).get(noticeId) as
    | NoticeRow
    | undefined;
  return row === undefined ? undefined : toNotice(row);
}

export function noticesOfCase(tx: VaultTx, caseId: string): NoticeRecord[] {
  return (
    prepared(tx.db, `SELECT ${NOTICE_COLUMNS} FROM notices WHERE case_id = ? ORDER BY version`).all(
      caseId,
    ) as NoticeRow[]
  ).map(toNotice);
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
  const row = prepared(tx.db, 'SELECT * FROM notice_deliveries WHERE notice_id = ? AND channel = ?').get(
    noticeId,
    channel,
  ) as DeliveryRow | undefined;
  return row === undefined ? undefined : toDelivery(row);
}

export function findDelivery(tx: VaultTx, deliveryId: string): DeliveryRecord | undefined {
  const row = prepared(tx.db, 'SELECT * FROM notice_deliveries WHERE id = ?').get(deliveryId) as
    | DeliveryRow
    | undefined;
  return row === undefined ? undefined : toDelivery(row);
}

export function deliveriesOfCase(tx: VaultTx, caseId: string): DeliveryRecord[] {
  return (
    prepared(
      tx.db,
      `SELECT d.* FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
       WHERE n.case_id = ? ORDER BY d.created_at, d.channel`,
    ).all(caseId) as DeliveryRow[]
  ).map(toDelivery);
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

function toNotice(row: NoticeRow): NoticeRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    version: row.version,
    kind: row.kind,
    templateId: row.template_id,
    title: row.title,
    text: row.text,
    sealedAt: row.sealed_at,
    sealedBy: row.sealed_by,
    sha512: row.sha512,
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    noticeId: row.notice_id,
    channel: row.channel,
    state: row.state,
    receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as JsonObject),
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
