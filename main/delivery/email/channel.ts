/**
 * Delivery by e-mail over the department's SMTP server: PGP/MIME when the citizen gave a key, plain only
 * where the department profile allows it. A delivery recorded as sent is not sent again (see register.ts);
 * a crash between the server's acceptance and that record sends the same Message-ID again, so the
 * citizen's mail program can tell it is the same message.
 */
import { createTransport } from 'nodemailer';
import { channelFor } from '../../../shared/delivery/channel';
import { DeliveryError, type DeliveryErrorDetails } from '../errors';
import { coverText, noticeFileName } from '../letter';
import { commonFailure, outcomeOf } from '../outcome';
import { requireSecret } from '../secrets';
import type { DeliveryEnvironment, DeliveryOutcome, NoticeDeliveryJob, SmtpSettings } from '../types';
import { encryptedMail, messageIdFor, type NoticeMail, plainMail } from './mime';
import { readEncryptionKey } from './pgp';

export interface EmailChannel {
  deliverNotice(job: NoticeDeliveryJob, idempotencyKey: string): Promise<DeliveryOutcome>;
}

const TIMEOUT_MS = 30_000;
/** nodemailer's codes for "the server could not be reached or the connection broke". */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
]);

export function createEmailChannel(env: DeliveryEnvironment): EmailChannel {
  return {
    async deliverNotice(job, idempotencyKey) {
      const details = { caseId: job.case.id, noticeId: job.notice.id };
      try {
        const delivery = env.settings(job.case.department);
        const settings = delivery.email;
        if (settings === undefined)
          throw new DeliveryError('channel-not-configured', { ...details, detail: 'email' });
        const target = channelFor(job.case.replyChannel);
        if (target.channel !== 'email') throw new DeliveryError('reply-channel-invalid', details);
        const now = env.now();
        const key =
          target.pgpPublicKey === undefined
            ? undefined
            : await readEncryptionKey(target.pgpPublicKey, now, job.case.id);
        if (key === undefined && !settings.allowUnencryptedEmail) {
          throw new DeliveryError('email-encryption-required', details);
        }
        const mail: NoticeMail = {
          from: { name: delivery.senderName, address: settings.from },
          to: target.address,
          subject: job.notice.title,
          text: coverText(job.notice, job.case, delivery.senderName),
          attachment: { filename: noticeFileName(job.notice, job.case), content: job.notice.pdf },
          messageId: messageIdFor(idempotencyKey, settings.from),
          date: now,
        };
        const raw = key === undefined ? await plainMail(mail) : await encryptedMail(mail, key);
        await send(settings, await password(env, settings, job.case.id), target.address, raw);
        return {
          kind: 'delivered',
          receipt: { messageId: mail.messageId, encrypted: key !== undefined, sentAt: now.toISOString() },
          repeat: false,
        };
      } catch (error) {
        return outcomeOf(smtpFailure(error, details));
      }
    },
  };
}

async function password(
  env: DeliveryEnvironment,
  settings: SmtpSettings,
  caseId: string,
): Promise<string | undefined> {
  return settings.auth === undefined
    ? undefined
    : requireSecret(env.secrets, settings.auth.passwordSecretName, caseId);
}

async function send(
  settings: SmtpSettings,
  pass: string | undefined,
  to: string,
  raw: Buffer,
): Promise<void> {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.requireTls !== false,
    ...(settings.auth === undefined ? {} : { auth: { user: settings.auth.user, pass } }),
    tls: { minVersion: 'TLSv1.2' },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ envelope: { from: settings.from, to: [to] }, raw });
  } finally {
    transport.close();
  }
}

/** SMTP 4xx and a broken connection: later. 5xx: refused. A refused sign-in: a person must fix the profile. */
function smtpFailure(error: unknown, details: DeliveryErrorDetails): DeliveryError {
  const common = commonFailure(error, details);
  if (common !== null) return common;
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const errno = typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
  const smtpCode = typeof responseCode === 'number' ? responseCode : undefined;
  const withCodes = {
    ...details,
    ...(errno === undefined ? {} : { errno }),
    ...(smtpCode === undefined ? {} : { smtpCode }),
  };
  if (errno === 'EAUTH') return new DeliveryError('email-auth-failed', withCodes, { cause: error });
  if (smtpCode !== undefined && smtpCode >= 500) {
    return new DeliveryError('email-refused', withCodes, { cause: error });
  }
  if ((smtpCode !== undefined && smtpCode >= 400) || (errno !== undefined && CONNECTION_CODES.has(errno))) {
    return new DeliveryError('email-unreachable', withCodes, { cause: error });
  }
  throw error;
}
