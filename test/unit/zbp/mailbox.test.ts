import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { startTestPlatform, type TestPlatform } from '../../support/platform-harness';
import { createSealPki, type SealPki } from '../delivery/support';
import { message, pdfDocument, sendToZbp } from './support';

let pki: SealPki;
let test: TestPlatform;
const started: TestPlatform[] = [];

async function get(path: string, platform = test.platform) {
  const response = await fetch(platform.url + path);
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

function links(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((match) => match[1] ?? '');
}

beforeAll(async () => {
  pki = await createSealPki();
  test = await startTestPlatform();
  started.push(test);
});
afterAll(async () => {
  for (const each of started.reverse()) await each.close();
});

describe('the ZBP destination', () => {
  it('files a verified message and accepts it in the sender’s event log', async () => {
    const mailbox = randomUUID();
    const sent = await sendToZbp(test.platform, message(mailbox), pki.credentials);
    expect(sent.decision?.event).toBe('accept-submission');
    expect(sent.decision?.issuer).toBe(test.platform.zbp.destinationId);
    const page = await get(test.platform.zbp.mailboxPath(mailbox));
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Bescheid über Ihren Antrag auf einen Bewohnerparkausweis');
  });

  it('rejects, with a problem in the sender’s event log, an expired author token or documents the message does not list', async () => {
    const mailbox = randomUUID();
    const expired = await sendToZbp(test.platform, message(mailbox), pki.credentials, {
      signedAt: new Date(Date.now() - 60 * 60_000),
    });
    expect(expired.decision?.event).toBe('reject-submission');
    expect(expired.decision?.payload.problems).toEqual([
      {
        type: 'https://schema.fitko.de/fit-connect/events/problems/schema-violation',
        title: 'Schema-Verletzung',
        detail: 'authorToken has expired.',
        instance: 'data',
      },
    ]);

    const otherBytes = message(mailbox, {
      attachments: [
        { filename: 'Bescheid.pdf', sha512sum: sha512Hex('ein anderes Dokument'), contentLength: 21 },
      ],
    });
    const unlisted = await sendToZbp(test.platform, otherBytes, pki.credentials);
    expect(
      unlisted.decision?.payload.problems?.map((problem) => [
        problem.type.split('/').pop(),
        problem.instance,
      ]),
    ).toEqual([['attachments-mismatch', 'submission']]);
    const status = await sendToZbp(test.platform, message(mailbox), pki.credentials, {
      kind: 'status',
      documents: [],
    });
    expect(status.decision?.event).toBe('reject-submission');
    expect((await get(test.platform.zbp.mailboxPath(mailbox))).status).toBe(404);
  });

  it('shows the mailbox as a German page without scripts under a strict CSP, escaping every value', async () => {
    const mailbox = randomUUID();
    const title = 'Bescheid <script>alert("x")</script> & „Anlage“';
    await sendToZbp(
      test.platform,
      message(mailbox, { title, content: 'Zeile 1\n<img src=x onerror=alert(1)>' }),
      pki.credentials,
    );
    const page = await get(test.platform.zbp.mailboxPath(mailbox));
    const html = page.body.toString();
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain('Bescheid &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; „Anlage“');
    expect(html).not.toMatch(/<script|https?:\/\/|\ssrc=/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const styleHash = createHash('sha256').update(style).digest('base64');
    expect(page.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');

    const [messagePath] = links(html, /href="([^"]+\/nachrichten\/[0-9a-f-]+)"/g);
    const shown = (await get(messagePath ?? '')).body.toString();
    expect(shown).toContain('Zeile 1\n&lt;img src=x onerror=alert(1)&gt;');
    expect(shown).not.toMatch(/<img/);
    const [documentPath] = links(shown, /href="([^"]+\/dokumente\/[0-9a-f-]+)"/g);
    const download = await get(documentPath ?? '');
    expect(download.body.equals(Buffer.from(pdfDocument.bytes))).toBe(true);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${pdfDocument.filename}"; filename*=UTF-8''${pdfDocument.filename}`,
    );
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");

    // Another mailbox's path does not lead to this message.
    const foreign = (messagePath ?? '').replace(mailbox, randomUUID());
    expect((await get(foreign)).status).toBe(404);
    expect((await get(test.platform.zbp.mailboxPath(randomUUID()))).status).toBe(404);
  });

  it('keeps mailboxes and messages across a restart', async () => {
    const first = await startTestPlatform();
    started.push(first);
    const mailbox = randomUUID();
    await sendToZbp(first.platform, message(mailbox), pki.credentials);
    const before = (await get(first.platform.zbp.mailboxPath(mailbox), first.platform)).body.toString();
    await first.stop();

    const second = await startTestPlatform({ dataDir: first.dataDir });
    started.push(second);
    expect(second.platform.zbp.destinationId).toBe(first.platform.zbp.destinationId);
    expect(second.platform.zbp.sender).toEqual(first.platform.zbp.sender);
    const after = await get(second.platform.zbp.mailboxPath(mailbox), second.platform);
    expect(after.status).toBe(200);
    expect(after.body.toString()).toBe(before);
  });
});
