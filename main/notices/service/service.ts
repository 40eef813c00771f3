/**
 * The notice service: draft a notice from a template, seal it as an immutable version, list and read the
 * versions of a case, and send one. Sending writes the delivery, its outbox item and the status update for
 * the citizen's BundID overview in one vault transaction, so a notice goes out exactly once, and the outbox
 * worker (see main/delivery) carries it out.
 */
import { randomUUID } from 'node:crypto';
import { channelFor } from '../../../shared/delivery/channel';
import type { AuditLog } from '../../audit';
import { statusForNotice } from '../../delivery/letter';
import { noticeDeliveryItem, noticeDeliveryKey, statusUpdateItem } from '../../delivery/outbox-items';
import type { NoticeDeliveryJobs } from '../../delivery/types';
import type { ZbpStatus } from '../../delivery/zbp/fields';
import type { Outbox, OutboxItem } from '../../outbox';
import { type PdfFontFiles, readPdfFontFiles } from '../../pdf/fonts';
import type { SealCredentials } from '../../pki/seal/credentials';
import { sealPdf } from '../../pki/seal/seal';
import type { CaseRow, Vault, VaultTx } from '../../vault';
import { composeNotice, type NoticeDraft, noticePlainText } from '../compose';
import type { NoticeCaseFields, NoticeProfile } from '../merge-fields';
import { renderNoticePdf } from '../render';
import type { NoticeTemplate } from '../template';
import { readNoticeTemplates } from '../template-files';
import { recordNoticeVersion, sha512Hex } from '../versions';
import { createDeliveryJobs } from './delivery-jobs';
import { parseDraft } from './draft';
import { NoticeServiceError } from './errors';
import type { DeliveryRecord, NoticeDeliveryView, NoticeRecord, NoticeView, SendResult } from './records';
import {
  deliveriesOfCase,
  findDeliveryOn,
  findNotice,
  insertDelivery,
  insertNotice,
  noticeHistory,
  noticesOfCase,
  readNoticePdf,
  updateDelivery,
} from './store';

export type { NoticeDeliveryView, NoticeView, SendResult };

export interface NoticeActor {
  /** User id, as the audit log records it. */
  userId: string;
}

export interface NoticeServiceOptions {
  vault: Pick<Vault, 'transaction' | 'cases'>;
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'withdraw'>;
  audit: Pick<AuditLog, 'append'>;
  /** The department's letterhead, contact and legal remedy. */
  profile(department: string): NoticeProfile;
  /** The department seal, read from the key store (see sealCredentialsFromKeyStore). */
  sealCredentials(department: string): Promise<SealCredentials>;
  /** The department's templates (its profile may name its own folder). Default: the shipped ones. */
  templates?: (department: string) => Promise<readonly NoticeTemplate[]>;
  /** Default: the shipped DejaVu faces. */
  fonts?: () => Promise<PdfFontFiles>;
  now?: () => Date;
}

export class NoticeService {
  private readonly now: () => Date;
  private readonly templates: (department: string) => Promise<readonly NoticeTemplate[]>;
  private readonly fonts: () => Promise<PdfFontFiles>;
  private fontFiles: Promise<PdfFontFiles> | undefined;

  constructor(private readonly options: NoticeServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.templates = options.templates ?? (() => readNoticeTemplates());
    this.fonts = options.fonts ?? readPdfFontFiles;
  }

  /** The templates a department's case workers choose from. */
  templatesOf(department: string): Promise<readonly NoticeTemplate[]> {
    return this.templates(department);
  }

  /** An editable draft: the template filled with case and profile values, gaps marked. */
  async draft(department: string, caseFields: NoticeCaseFields, templateId: string): Promise<NoticeDraft> {
    const template = (await this.templates(department)).find((candidate) => candidate.id === templateId);
    if (template === undefined) throw new NoticeServiceError('template-not-found', templateId);
    return composeNotice(template, caseFields, this.options.profile(department));
  }

  /**
   * The edited draft as the PDF it would be sealed as, unsealed and stored nowhere: a live preview, in which
   * gaps still marked stay visible instead of being refused.
   */
  async preview(caseId: string, editedDraft: NoticeDraft): Promise<Uint8Array> {
    const draft = parseDraft(editedDraft);
    const { department } = this.options.vault.cases.row(caseId);
    return this.render(draft, this.options.profile(department), this.now(), { allowMissing: true });
  }

  /**
   * Renders the edited draft as PDF/A, seals it with the department seal and stores it as the case's next
   * version (1, 2, …), with an audit entry. Refuses a draft with gaps still marked.
   */
  async seal(caseId: string, editedDraft: NoticeDraft, actor: NoticeActor): Promise<NoticeRecord> {
    const draft = parseDraft(editedDraft);
    const { department } = this.options.vault.cases.row(caseId);
    const profile = this.options.profile(department);
    const sealedAt = this.now();
    const pdf = await this.render(draft, profile, sealedAt);
    const sealed = await sealPdf(pdf, await this.options.sealCredentials(department), {
      sealedAt,
      ...(profile.city === undefined ? {} : { location: profile.city }),
    });
    const id = randomUUID();
    return this.options.vault.transaction((tx) => {
      const version = recordNoticeVersion(noticeHistory(tx, caseId), {
        id,
        caseId,
        kind: draft.kind,
        text: noticePlainText(draft),
        sealedAt,
        pdf: sealed,
      });
      const record: NoticeRecord = {
        ...version,
        templateId: draft.templateId,
        title: draft.title,
        sealedBy: actor.userId,
      };
      insertNotice(tx, record, sealed);
      this.options.audit.append({
        actor: actor.userId,
        department,
        caseId,
        action: 'notice.seal',
        outcome: 'success',
        details: { noticeId: id, version: record.version, kind: record.kind },
      });
      return record;
    });
  }

  /** The case's sealed versions, oldest first, each with its deliveries. */
  list(caseId: string): NoticeView[] {
    const items = this.options.outbox.list({ caseId, limit: 500 });
    const view = (delivery: DeliveryRecord): NoticeDeliveryView => {
      const item = items.find(
        (candidate) => candidate.idempotencyKey === noticeDeliveryKey(delivery.noticeId, delivery.channel),
      );
      // A failed delivery a person has asked to retry is under way again before its next attempt records it.
      const retried =
        delivery.state === 'failed' && (item?.state === 'pending' || item?.state === 'in_flight');
      return { ...delivery, ...(retried ? { state: 'retrying' } : {}), outboxItemId: item?.id ?? null };
    };
    return this.options.vault.transaction((tx) => {
      const deliveries = deliveriesOfCase(tx, caseId);
      return noticesOfCase(tx, caseId).map((notice) => ({
        ...notice,
        deliveries: deliveries.filter((delivery) => delivery.noticeId === notice.id).map(view),
      }));
    });
  }

  /** One sealed version, without its PDF. */
  notice(noticeId: string): NoticeRecord {
    const notice = this.options.vault.transaction((tx) => findNotice(tx, noticeId));
    if (notice === undefined) throw new NoticeServiceError('notice-not-found', noticeId);
    return notice;
  }

  /** The sealed PDF, exactly as sealed (checked against its recorded hash). */
  pdf(noticeId: string): Uint8Array {
    return this.options.vault.transaction((tx) => {
      const notice = findNotice(tx, noticeId);
      const pdf = readNoticePdf(tx, noticeId);
      if (notice === undefined || pdf === undefined)
        throw new NoticeServiceError('notice-not-found', noticeId);
      if (sha512Hex(pdf) !== notice.sha512) throw new NoticeServiceError('notice-pdf-altered', noticeId);
      return pdf;
    });
  }

  /**
   * Sends a sealed notice by the channel the citizen chose (or by post when asked): the delivery row, its
   * outbox item, the status update and the audit entry in one transaction. Sending the same notice again on
   * the same channel changes nothing. Runs inside a caller's transaction too (e.g. the workflow's).
   */
  send(noticeId: string, actor: NoticeActor, options: { channel?: 'post' } = {}): SendResult {
    return this.options.vault.transaction((tx) => {
      const notice = findNotice(tx, noticeId);
      if (notice === undefined) throw new NoticeServiceError('notice-not-found', noticeId);
      const caseRow = this.options.vault.cases.row(notice.caseId);
      const channel = options.channel ?? channelFor(caseRow.replyChannel).channel;
      const { delivery, created } = insertDelivery(
        tx,
        { id: randomUUID(), noticeId, channel, state: channel === 'post' ? 'print' : 'queued' },
        this.now(),
      );
      let item: OutboxItem | null = null;
      if (created) {
        if (channel !== 'post') {
          item = this.options.outbox.enqueue(
            tx,
            noticeDeliveryItem(caseRow.id, { deliveryId: delivery.id, noticeId, channel }),
          );
        }
        if (channel === 'post') this.replaceFailed(tx, caseRow.id, noticeId);
        this.enqueueStatusUpdate(tx, caseRow, statusForNotice(notice.kind), noticeId);
        this.options.audit.append({
          actor: actor.userId,
          department: caseRow.department,
          caseId: caseRow.id,
          action: 'notice.send',
          outcome: 'success',
          details: { noticeId, version: notice.version, channel },
        });
      }
      return { delivery: { ...delivery, outboxItemId: item?.id ?? null }, created };
    });
  }

  /**
   * Post chosen after an electronic delivery failed: that delivery is replaced (its error stays on it) and
   * its outbox item withdrawn, so neither the outbox nor the case still reports an error or offers a retry.
   */
  private replaceFailed(tx: VaultTx, caseId: string, noticeId: string): void {
    const items = this.options.outbox.list({ caseId, state: 'failed', limit: 500 });
    for (const delivery of deliveriesOfCase(tx, caseId)) {
      if (delivery.noticeId !== noticeId || delivery.state !== 'failed') continue;
      updateDelivery(tx, delivery.id, { state: 'replaced' }, this.now());
      const key = noticeDeliveryKey(noticeId, delivery.channel);
      const item = items.find((candidate) => candidate.idempotencyKey === key);
      if (item) this.options.outbox.withdraw(tx, item.id);
    }
  }

  /** A person confirms that a notice to be printed went out by post. */
  markPosted(noticeId: string, actor: NoticeActor): void {
    this.options.vault.transaction((tx) => {
      const notice = findNotice(tx, noticeId);
      if (notice === undefined) throw new NoticeServiceError('notice-not-found', noticeId);
      const delivery = findDeliveryOn(tx, noticeId, 'post');
      if (delivery?.state !== 'print') throw new NoticeServiceError('delivery-not-printable', noticeId);
      updateDelivery(tx, delivery.id, { state: 'posted' }, this.now());
      const { department } = this.options.vault.cases.row(notice.caseId);
      this.options.audit.append({
        actor: actor.userId,
        department,
        caseId: notice.caseId,
        action: 'notice.posted',
        outcome: 'success',
        details: { noticeId, version: notice.version },
      });
    });
  }

  /**
   * Queues a status update (`status_v6`) for the citizen's BundID application overview, in the caller's
   * transaction: call it when a case is accepted (`RECEIVED`); `send` calls it when a notice goes out. Only
   * for cases whose citizen chose the BundID mailbox; otherwise nothing is queued and null is returned.
   */
  enqueueStatusUpdate(
    tx: VaultTx,
    caseRow: CaseRow,
    status: ZbpStatus,
    noticeId?: string,
  ): OutboxItem | null {
    if (channelFor(caseRow.replyChannel).channel !== 'zbp') return null;
    return this.options.outbox.enqueue(tx, statusUpdateItem(caseRow.id, status, noticeId));
  }

  private async render(
    draft: NoticeDraft,
    profile: NoticeProfile,
    createdAt: Date,
    options: { allowMissing?: boolean } = {},
  ): Promise<Uint8Array> {
    this.fontFiles ??= this.fonts();
    return renderNoticePdf(draft, profile, { fonts: await this.fontFiles, createdAt, ...options });
  }

  /** What the delivery handlers read and record (see main/delivery/register.ts). */
  deliveryJobs(): NoticeDeliveryJobs {
    return createDeliveryJobs({ vault: this.options.vault, audit: this.options.audit, now: this.now });
  }
}
