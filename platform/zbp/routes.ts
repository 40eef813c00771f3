/**
 * The citizen's side of the ZBP on the platform's listener: `/zbp/postfach/<mailboxUuid>` lists the
 * mailbox, `…/nachrichten/<id>` shows one message, `…/dokumente/<id>` downloads a document as it was filed.
 * A demo stand-in: knowing the mailbox UUID is all it takes (BundID's sign-in is not reproduced).
 */
import { Readable } from 'node:stream';
import type { Reply } from '../http/reply';
import type { Router } from '../http/router';
import { mailboxPage, messagePage, notFoundPage, PAGE_HEADERS } from './pages';
import type { MailboxStore } from './store';

/** Served as what they are; anything else only as bytes to save, never to be rendered by the browser. */
const DOWNLOAD_TYPES = new Set(['application/pdf']);

function html(status: number, body: string): Reply {
  return { status, headers: { ...PAGE_HEADERS }, body };
}

/** `filename*` (RFC 6266/8187) for the real name, an ASCII fallback for old clients. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function addMailboxRoutes(router: Router, store: MailboxStore): void {
  const base = '/zbp/postfach/:mailboxUuid';
  router
    .add('GET', base, async ({ params }) => {
      const mailbox = params.mailboxUuid ?? '';
      if (!store.hasMailbox(mailbox)) return html(404, notFoundPage());
      return html(200, mailboxPage(mailbox.toLowerCase(), store.messages(mailbox), store.statuses(mailbox)));
    })
    .add('GET', `${base}/nachrichten/:messageId`, async ({ params }) => {
      const mailbox = (params.mailboxUuid ?? '').toLowerCase();
      const message = store.message(mailbox, params.messageId ?? '');
      return message === undefined ? html(404, notFoundPage()) : html(200, messagePage(mailbox, message));
    })
    .add('GET', `${base}/nachrichten/:messageId/dokumente/:documentId`, async ({ params }) => {
      const document = store.document(
        params.mailboxUuid ?? '',
        params.messageId ?? '',
        params.documentId ?? '',
      );
      if (document === undefined) return html(404, notFoundPage());
      return {
        status: 200,
        headers: {
          'content-type': DOWNLOAD_TYPES.has(document.mimeType)
            ? document.mimeType
            : 'application/octet-stream',
          'content-length': String(document.content.byteLength),
          'content-disposition': contentDisposition(document.filename),
          'content-security-policy': "default-src 'none'; sandbox",
          'x-content-type-options': 'nosniff',
          'cross-origin-resource-policy': 'same-origin',
        },
        body: Readable.from([Buffer.from(document.content)]),
      };
    });
}
