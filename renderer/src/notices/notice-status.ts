/**
 * The notice panel's status line, kept true: a line about a delivery ("Version 1 wird versendet.") holds
 * only while that delivery is still in the state it described; once it moves on (delivered, failed), the
 * versions list says where it stands and the line goes. Pure.
 */
import type { NoticeView } from '../../../main/api/contract';

export interface NoticeStatus {
  text: string;
  /** The delivery the line speaks of, in the state it had then. */
  about?: { noticeId: string; channel: string; state: string };
}

export function currentStatus(status: NoticeStatus, notices: readonly NoticeView[]): string {
  const { about } = status;
  if (!about) return status.text;
  const delivery = notices
    .find((notice) => notice.id === about.noticeId)
    ?.deliveries.find((candidate) => candidate.channel === about.channel);
  return delivery?.state === about.state ? status.text : '';
}
