/**
 * The citizen's mailbox pages, rendered on the server: German, no scripts, no external resources, one inline
 * style sheet allowed by its hash in a strict Content-Security-Policy. Every value is escaped.
 */
import { createHash } from 'node:crypto';
import type { MessageDetail, MessageSummary, StatusEntry } from './store';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f4f5f7}
header{background:#004b76;color:#fff;padding:1rem 1.5rem}
header p{margin:0;opacity:.85;font-size:.9rem}
main{max-width:52rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{width:100%;border-collapse:collapse;background:#fff}
caption{text-align:left;padding:.25rem 0;color:#444}
th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid #d9dce1;vertical-align:top}
th{font-size:.85rem;color:#444}
a{color:#004b76}
a:focus{outline:3px solid #f5b400;outline-offset:2px}
.box{background:#fff;padding:1rem 1.25rem;border:1px solid #d9dce1}
.text{white-space:pre-wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0}
`;

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
    "img-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const dateTime = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
});

function when(epochMilliseconds: number): string {
  return `${dateTime.format(new Date(epochMilliseconds))} Uhr`;
}

const statusNames: Record<string, string> = {
  INITIATED: 'Begonnen',
  SUBMITTED: 'Übermittelt',
  RECEIVED: 'Eingegangen',
  PROCESSING: 'In Bearbeitung',
  ACTION_REQUIRED: 'Handlungsbedarf',
  COMPLETED: 'Abgeschlossen',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – BundID-Postfach (Demo)</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>BundID-Postfach · lokale Nachbildung für die Demo</p><h1>${escapeHtml(title)}</h1></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** A table with a heading for each column; the cells are HTML whose values are escaped already. */
function table(headings: readonly string[], rows: readonly (readonly string[])[], caption?: string): string {
  const head = headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('');
  const body = rows.map((cells) => `<tr>\n${cells.map((cell) => `<td>${cell}</td>`).join('\n')}\n</tr>`);
  return `<table>
${caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>\n`}<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

export function mailboxPath(mailboxUuid: string): string {
  return `/zbp/postfach/${mailboxUuid}`;
}

function messagePath(mailboxUuid: string, messageId: string): string {
  return `${mailboxPath(mailboxUuid)}/nachrichten/${messageId}`;
}

export function documentPath(mailboxUuid: string, messageId: string, documentId: string): string {
  return `${messagePath(mailboxUuid, messageId)}/dokumente/${documentId}`;
}

export function mailboxPage(
  mailboxUuid: string,
  messages: readonly MessageSummary[],
  statuses: readonly StatusEntry[],
): string {
  const inbox =
    messages.length === 0
      ? '<p class="box">Ihr Postfach enthält noch keine Nachrichten.</p>'
      : table(
          ['Betreff', 'Absender', 'Eingegangen'],
          messages.map((message) => [
            `<a href="${escapeHtml(messagePath(mailboxUuid, message.id))}">${escapeHtml(message.title)}</a>`,
            escapeHtml(message.sender),
            escapeHtml(when(message.receivedAt)),
          ]),
          messages.length === 1 ? '1 Nachricht' : `${messages.length} Nachrichten`,
        );
  const overview =
    statuses.length === 0
      ? ''
      : `<h2>Stand Ihrer Anträge</h2>
${table(
  ['Leistung', 'Status', 'Behörde', 'Gemeldet'],
  statuses.map((status) => [
    `${escapeHtml(status.publicServiceName)}${status.reference === null ? '' : `<br>Aktenzeichen ${escapeHtml(status.reference)}`}`,
    `${escapeHtml(statusNames[status.status] ?? status.status)}${status.statusDetails === null ? '' : `<br>${escapeHtml(status.statusDetails)}`}`,
    escapeHtml(status.senderName),
    escapeHtml(when(status.receivedAt)),
  ]),
)}`;
  return page('Ihr Postfach', `<h2>Nachrichten</h2>\n${inbox}\n${overview}`);
}

export function messagePage(mailboxUuid: string, message: MessageDetail): string {
  const documents = message.documents
    .map(
      (document) =>
        `<li><a href="${escapeHtml(documentPath(mailboxUuid, message.id, document.id))}" download="${escapeHtml(document.filename)}">${escapeHtml(document.filename)}</a> (${escapeHtml(document.mimeType)}, ${escapeHtml(Math.max(1, Math.round(document.size / 1024)))} KB)</li>`,
    )
    .join('\n');
  return page(
    message.title,
    `<p><a href="${escapeHtml(mailboxPath(mailboxUuid))}">Zurück zum Postfach</a></p>
<div class="box">
<dl>
<dt>Absender</dt><dd>${escapeHtml(message.sender)}</dd>
<dt>Eingegangen</dt><dd>${escapeHtml(when(message.receivedAt))}</dd>
<dt>Leistung</dt><dd>${escapeHtml(message.service)}</dd>
${message.reference === null ? '' : `<dt>Aktenzeichen</dt><dd>${escapeHtml(message.reference)}</dd>`}
<dt>Signiert von</dt><dd>${escapeHtml(message.signer)}</dd>
</dl>
</div>
<h2>Nachricht</h2>
<div class="box text">${escapeHtml(message.content)}</div>
${documents === '' ? '' : `<h2>Dokumente</h2>\n<ul>\n${documents}\n</ul>`}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Nicht gefunden',
    '<p class="box">Dieses Postfach oder diese Nachricht gibt es nicht. Bitte prüfen Sie die Adresse.</p>',
  );
}
