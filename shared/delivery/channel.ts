/**
 * Which way a notice goes, decided by the reply channel the citizen chose in the application's metadata:
 * the BundID mailbox (ZBP, over FIT-Connect), e-mail, or paper. Pure.
 */
import type { JsonObject } from '../cases/types';

export const noticeChannels = ['zbp', 'email', 'post'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

export type ChannelTarget =
  | { channel: 'zbp'; mailboxUuid: string }
  | { channel: 'email'; address: string; pgpPublicKey?: string }
  /** Print and send by post: every reply channel Antragsdesk cannot serve (De-Mail, FINK, ELSTER) or none. */
  | { channel: 'post' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One address, no display name, nothing that could start a second header line. */
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : undefined;
}

/** The channel for a case's `replyChannel`; anything unusable falls back to post. */
export function channelFor(replyChannel: JsonObject | null): ChannelTarget {
  const mailbox = objectAt(replyChannel, 'idBundDeMailbox');
  if (typeof mailbox?.mailboxUuid === 'string' && UUID.test(mailbox.mailboxUuid)) {
    return { channel: 'zbp', mailboxUuid: mailbox.mailboxUuid.toLowerCase() };
  }
  const eMail = objectAt(replyChannel, 'eMail');
  if (typeof eMail?.address === 'string' && ADDRESS.test(eMail.address.trim())) {
    const key = typeof eMail.pgpPublicKey === 'string' ? eMail.pgpPublicKey.trim() : '';
    return { channel: 'email', address: eMail.address.trim(), ...(key === '' ? {} : { pgpPublicKey: key }) };
  }
  return { channel: 'post' };
}
