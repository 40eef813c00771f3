/** The notices' slice of the API: templates, drafts, the live preview, sealing, sending, posting. */
import { z } from 'zod';
import { call, type FileContent, id, none, shortText } from '../../shared/api/call';
import type { NoticeDraft } from './compose';
import { noticeDraftSchema } from './service/draft';
import type { NoticeDeliveryView, NoticeView, SendResult } from './service/records';
import type { NoticeKind } from './template';

export interface NoticeTemplateInfo {
  id: string;
  kind: NoticeKind;
  title: string;
}

export type { FileContent, NoticeDeliveryView, NoticeDraft, NoticeView, SendResult };

export const noticeCalls = {
  'notices.templates': call<NoticeTemplateInfo[]>()(none),
  /** A template filled with the case's and the department's values; gaps are marked and listed. */
  'notices.draft': call<NoticeDraft>()(z.object({ caseId: id, templateId: shortText }).strict()),
  /**
   * Keeps the person's draft of the case in the vault (null: none any more), so that it waits for them
   * after a lock, a sign-out or another person's session at the same workstation.
   */
  'notices.keepDraft': call<void>()(z.object({ caseId: id, draft: noticeDraftSchema.nullable() }).strict()),
  /** The draft this person kept for the case, if any. */
  'notices.keptDraft': call<NoticeDraft | null>()(z.object({ caseId: id }).strict()),
  /** The edited draft rendered as the PDF it would be sealed as, but unsealed and not stored (live preview). */
  'notices.preview': call<FileContent>()(z.object({ caseId: id, draft: noticeDraftSchema }).strict()),
  /** Renders, seals and stores the draft as the case's next immutable version. */
  'notices.seal': call<NoticeView>()(z.object({ caseId: id, draft: noticeDraftSchema }).strict()),
  'notices.list': call<NoticeView[]>()(z.object({ caseId: id }).strict()),
  'notices.pdf': call<FileContent>()(z.object({ noticeId: id }).strict()),
  /** Sends by the citizen's reply channel, or marks it for print and post; exactly once per channel. */
  'notices.send': call<SendResult>()(
    z.object({ noticeId: id, channel: z.literal('post').optional() }).strict(),
  ),
  /** A person confirms that the printed notice went out by post. */
  'notices.markPosted': call<void>()(z.object({ noticeId: id }).strict()),
} as const;
