/**
 * The e-mail of a notice as MIME, built by nodemailer: a short text with the sealed PDF attached, either as
 * it is or wrapped in PGP/MIME (RFC 3156: `multipart/encrypted` around the whole encrypted entity). The
 * outer headers of an encrypted mail say no more than who writes to whom; the real subject travels inside.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import type { PublicKey } from 'openpgp';
import { encryptEntity } from './pgp';

export interface NoticeMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  attachment: { filename: string; content: Uint8Array };
  /** Derived from the outbox item's idempotency key: a repeat after a crash carries the same one. */
  messageId: string;
  date: Date;
}

/** `notice:<id>:email` → `<notice.<id>.email@<domain of the sender>>` (a colon may not stand in a msg-id). */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  return `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}

function build(node: {
  build(callback: (error: Error | null, message: Buffer) => void): void;
}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    node.build((error, message) => (error ? reject(error) : resolve(message)));
  });
}

export function plainMail(mail: NoticeMail): Promise<Buffer> {
  return build(
    new MailComposer({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      date: mail.date,
      attachments: [
        {
          filename: mail.attachment.filename,
          content: Buffer.from(mail.attachment.content),
          contentType: 'application/pdf',
        },
      ],
    }).compile(),
  );
}

export async function encryptedMail(mail: NoticeMail, key: PublicKey): Promise<Buffer> {
  const armored = await encryptEntity(await plainMail(mail), key, mail.date);
  const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
  root.setHeader({
    from: mail.from,
    to: mail.to,
    subject: `Verschlüsselte Nachricht von ${mail.from.name}`,
    'message-id': mail.messageId,
    date: mail.date.toUTCString(),
  });
  root
    .createChild('application/pgp-encrypted')
    .setHeader({
      'content-description': 'PGP/MIME version identification',
      'content-transfer-encoding': '7bit',
    })
    .setContent('Version: 1\r\n');
  root
    .createChild('application/octet-stream; name="encrypted.asc"')
    .setHeader({
      'content-description': 'OpenPGP encrypted message',
      'content-disposition': 'inline; filename="encrypted.asc"',
      'content-transfer-encoding': '7bit',
    })
    .setContent(armored.replace(/\r?\n/g, '\r\n'));
  return build(root);
}
