import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_DELIVERY } from '../../../main/delivery';
import type { DeliverySettings } from '../../../main/delivery/types';
import { openSqlite } from '../../../platform/store/sqlite';
import { createNssTrustStore, pdfsig } from '../../support/pki-seal';
import { startTestPlatform, type TestPlatform } from '../../support/platform-harness';
import { type TempDir, tempDir } from '../notices/fixtures';
import {
  actor,
  createSealPki,
  killBetweenSentAndRecorded,
  mailboxChannel,
  openDeliveryWorkstation,
  registerDyingAfterFirstDelivery,
  type SealPki,
  sealNotice,
  storeCase,
  type Workstation,
} from './support';

const SECRET = 'profile/buergerservice/zbp/client-secret';

let pki: SealPki;
let test: TestPlatform;
let dir: TempDir;
let nssdir: string;
const workstations: Workstation[] = [];

function settings(): DeliverySettings {
  return {
    senderName: 'Stadt Musterhausen',
    zbp: {
      destinationId: test.platform.zbp.destinationId,
      tokenUrl: test.platform.tokenUrl,
      submissionApiUrl: test.platform.url,
      clientId: test.platform.zbp.sender.clientId,
      clientSecretName: SECRET,
    },
  };
}

async function workstation(options: { handlers?: boolean } = {}): Promise<Workstation> {
  const desk = await openDeliveryWorkstation(
    pki.credentials,
    settings(),
    { name: SECRET, value: test.platform.zbp.sender.clientSecret },
    options,
  );
  workstations.push(desk);
  return desk;
}

async function page(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(test.platform.url + path);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

function links(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((match) => match[1] ?? '');
}

async function settledItem(desk: Workstation, caseId: string) {
  for (let waited = 0; waited < 60_000; waited += 50) {
    const [item] = desk.outbox.list({ caseId });
    if (item && (item.state === 'delivered' || item.state === 'failed')) return item;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the outbox item did not settle');
}

/** Status updates the ZBP filed for one application (its FIT-Connect case), read from its store. */
async function statusUpdatesOf(fitCaseId: string): Promise<number> {
  await test.platform.zbp.processPending();
  const db = openSqlite(join(test.dataDir, 'zbp.sqlite'));
  try {
    const row = db
      .prepare('SELECT count(*) AS n FROM status_updates WHERE application_id = ?')
      .get(fitCaseId);
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

async function mailboxMessages(mailboxUuid: string): Promise<string[]> {
  const mailbox = await page(test.platform.zbp.mailboxPath(mailboxUuid));
  return links(mailbox.html, /href="(\/zbp\/postfach\/[^"]+\/nachrichten\/[0-9a-f-]+)"/g);
}

beforeAll(async () => {
  pki = await createSealPki();
  dir = tempDir('zbp-delivery');
  nssdir = createNssTrustStore(dir.path, pki.ca);
  test = await startTestPlatform();
});
afterAll(async () => {
  for (const desk of workstations) desk.cleanup();
  await test?.close();
  dir?.remove();
});

describe('notice delivery to the BundID mailbox (ZBP)', () => {
  it('seals, sends, lets the ZBP verify and file it; the citizen downloads the very PDF, validly sealed', async () => {
    const desk = await workstation();
    const channel = mailboxChannel();
    const caseRow = storeCase(desk, channel);
    desk.test.vault.transaction((tx) => desk.service.enqueueStatusUpdate(tx, caseRow, 'RECEIVED'));
    const notice = await sealNotice(desk, caseRow);
    desk.service.send(notice.id, actor);

    expect(await desk.outbox.processDue()).toBe(3);
    expect(desk.outbox.list({ caseId: caseRow.id }).map((item) => [item.type, item.state])).toEqual([
      ['zbp.status', 'delivered'],
      ['notice.delivery', 'delivered'],
      ['zbp.status', 'delivered'],
    ]);
    const [delivery] = desk.service.list(caseRow.id)[0]?.deliveries ?? [];
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.lastError).toBeNull();
    expect(delivery?.receipt).toMatchObject({ destinationId: test.platform.zbp.destinationId });

    const mailbox = await page(test.platform.zbp.mailboxPath(channel.idBundDeMailbox.mailboxUuid));
    expect(mailbox.status).toBe(200);
    expect(mailbox.html).toContain(notice.title);
    expect(mailbox.html).toContain('Stadt Musterhausen');
    expect(mailbox.html).toContain('Eingegangen');
    expect(mailbox.html).toContain('Abgeschlossen');
    const [messagePath] = await mailboxMessages(channel.idBundDeMailbox.mailboxUuid);
    const message = await page(messagePath ?? '');
    expect(message.status).toBe(200);
    expect(message.html).toContain('Aktenzeichen</dt><dd>32.1-BPA-2025/0042');
    expect(message.html).toContain('Stadt Musterhausen Siegel');
    const [documentPath] = links(message.html, /href="([^"]+\/dokumente\/[0-9a-f-]+)"/g);
    const download = await fetch(test.platform.url + (documentPath ?? ''));
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Bescheid_32.1-BPA-2025_0042.pdf"/,
    );
    const downloaded = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(downloaded).equals(Buffer.from(desk.service.pdf(notice.id)))).toBe(true);

    const report = pdfsig(dir.file('downloaded.pdf', downloaded), nssdir);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
    expect(report).toContain('Total document signed');

    const audit = desk.audit.list({ caseId: caseRow.id }).find((entry) => entry.action === 'notice.delivery');
    expect(audit).toMatchObject({
      actor: 'system',
      outcome: 'success',
      details: { channel: 'zbp', repeat: false },
    });
  });

  it('is refused by the ZBP when the envelope signature is broken; a person retries after fixing the seal', async () => {
    const desk = await workstation();
    const channel = mailboxChannel();
    const caseRow = storeCase(desk, channel);
    const notice = await sealNotice(desk, caseRow);
    // The key store holds a key that does not belong to the seal certificate.
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    desk.env.current.seal = { ...pki.credentials, privateKey: stranger };
    const { delivery } = desk.service.send(notice.id, actor);

    await desk.outbox.processDue();
    const [item] = desk.outbox.list({ caseId: caseRow.id }).filter((entry) => entry.type === NOTICE_DELIVERY);
    expect(item?.state).toBe('failed');
    expect(item?.attempts).toBe(1);
    expect(item?.lastError).toMatch(/^zbp-rejected: The BundID mailbox \(ZBP\) refused the message/);
    expect(item?.lastError).toContain('problem hash-mismatch at data: sha512sum does not verify the content');
    const failed = desk.service.list(caseRow.id)[0]?.deliveries[0];
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError).toBe(item?.lastError);
    expect(await mailboxMessages(channel.idBundDeMailbox.mailboxUuid)).toEqual([]);

    desk.env.current.seal = pki.credentials;
    desk.outbox.retry(delivery.outboxItemId ?? '');
    await desk.outbox.processDue();
    const retried = desk.outbox.list({ caseId: caseRow.id }).find((entry) => entry.type === NOTICE_DELIVERY);
    expect(retried?.state).toBe('delivered');
    expect(retried?.deliveredAsRepeat).toBe(false);
    const delivered = desk.service.list(caseRow.id)[0]?.deliveries[0];
    expect(delivered?.state).toBe('delivered');
    expect(delivered?.receipt?.submissionId).not.toBe(failed?.receipt?.submissionId);
    expect(await mailboxMessages(channel.idBundDeMailbox.mailboxUuid)).toHaveLength(1);
  });

  it('delivers once when the process dies between delivering and recording it, and when sent twice', async () => {
    const desk = await workstation({ handlers: false });
    registerDyingAfterFirstDelivery(desk);
    const channel = mailboxChannel();
    const caseRow = storeCase(desk, channel);
    const notice = await sealNotice(desk, caseRow);
    desk.service.send(notice.id, actor);
    desk.service.send(notice.id, actor);

    await desk.outbox.processDue();
    const [item] = desk.outbox.list({ caseId: caseRow.id }).filter((entry) => entry.type === NOTICE_DELIVERY);
    expect(item?.state).toBe('delivered');
    expect(item?.attempts).toBe(2);
    expect(item?.deliveredAsRepeat).toBe(true);
    expect(await mailboxMessages(channel.idBundDeMailbox.mailboxUuid)).toHaveLength(1);
  });

  it.each([
    ['a status update', 'zbp.status'],
    ['a notice', NOTICE_DELIVERY],
  ])(
    'reaches the mailbox once when the process is killed after sending %s, before recording it',
    async (_, type) => {
      const desk = await workstation({ handlers: false });
      const channel = mailboxChannel();
      const caseRow = storeCase(desk, channel);
      if (type === 'zbp.status') {
        desk.test.vault.transaction((tx) => desk.service.enqueueStatusUpdate(tx, caseRow, 'RECEIVED'));
      } else {
        desk.service.send((await sealNotice(desk, caseRow)).id, actor);
      }
      const secret = { name: SECRET, value: test.platform.zbp.sender.clientSecret };
      const { restarted, killedIn } = await killBetweenSentAndRecorded(desk, pki, secret);
      workstations.push(restarted);
      expect(killedIn).toBe(`${type} delivered`);

      // The next start: items left in flight are due again, and the worker delivers them.
      restarted.outbox.start();
      const item = await settledItem(restarted, caseRow.id);
      await restarted.outbox.stop();
      expect(item).toMatchObject({ type, state: 'delivered', attempts: 2, deliveredAsRepeat: true });
      if (type === 'zbp.status') expect(await statusUpdatesOf(caseRow.fitCaseId)).toBe(1);
      else expect(await mailboxMessages(channel.idBundDeMailbox.mailboxUuid)).toHaveLength(1);
    },
  );

  it('fails permanently, naming the cause, when the ZBP is not configured or its credentials are wrong', async () => {
    const desk = await workstation();
    const notConfigured = storeCase(desk, mailboxChannel());
    desk.env.current.settings = { senderName: 'Stadt Musterhausen' };
    desk.service.send((await sealNotice(desk, notConfigured)).id, actor);
    await desk.outbox.processDue();

    const wrongSecret = storeCase(desk, mailboxChannel());
    desk.env.current.settings = settings();
    await desk.secrets.put(SECRET, 'not-the-secret');
    desk.service.send((await sealNotice(desk, wrongSecret)).id, actor);
    await desk.outbox.processDue();

    const errors = [notConfigured, wrongSecret].map(
      (caseRow) => desk.service.list(caseRow.id)[0]?.deliveries[0]?.lastError,
    );
    expect(errors[0]).toMatch(/^channel-not-configured: .*\[case [0-9a-f-]+; notice [0-9a-f-]+; zbp\]$/);
    expect(errors[1]).toMatch(/^zbp-credentials-refused: .*HTTP 401/);
  });
});
