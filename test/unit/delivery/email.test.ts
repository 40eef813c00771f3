import { simpleParser } from 'mailparser';
import { decrypt, generateKey, readMessage, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_DELIVERY } from '../../../main/delivery';
import type { SmtpSettings } from '../../../main/delivery/types';
import type { CaseRow } from '../../../main/vault';
import { closedPort, startSmtpServer, type TestSmtpServer } from './smtp';
import {
  actor,
  createSealPki,
  killBetweenSentAndRecorded,
  openDeliveryWorkstation,
  registerDyingAfterFirstDelivery,
  type SealPki,
  sealNotice,
  storeCase,
  type Workstation,
} from './support';

const FROM = 'bescheide@musterhausen.example';
const CITIZEN = 'juergen.groesse@example.org';
const PASSWORD_SECRET = 'profile/buergerservice/smtp/password';

let pki: SealPki;
let smtp: TestSmtpServer;
let keys: { publicKey: string; privateKey: string };
const workstations: Workstation[] = [];

function smtpSettings(overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    requireTls: false,
    from: FROM,
    allowUnencryptedEmail: true,
    auth: { user: 'antragsdesk', passwordSecretName: PASSWORD_SECRET },
    ...overrides,
  };
}

async function workstation(email: SmtpSettings, options: { jitter?: number; handlers?: boolean } = {}) {
  const desk = await openDeliveryWorkstation(
    pki.credentials,
    { senderName: 'Stadt Musterhausen', email },
    { name: PASSWORD_SECRET, value: 'smtp-passwort' },
    options,
  );
  workstations.push(desk);
  return desk;
}

async function sendNotice(desk: Workstation, caseRow: CaseRow) {
  const notice = await sealNotice(desk, caseRow);
  await desk.service.send(notice.id, actor);
  return notice;
}

async function delivery(desk: Workstation, caseRow: CaseRow) {
  return (await desk.service.list(caseRow.id))[0]?.deliveries[0];
}

async function settled(desk: Workstation, caseRow: CaseRow) {
  for (let waited = 0; waited < 60_000; waited += 50) {
    const [item] = await desk.outbox.list({ caseId: caseRow.id });
    if (item && (item.state === 'delivered' || item.state === 'failed')) return item;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the outbox item did not settle');
}

/** The mails the server received with this Message-ID (the header may be folded, so it is parsed). */
async function receivedFor(messageId: string) {
  const parsed = await Promise.all(smtp.received.map((mail) => simpleParser(mail.raw)));
  return smtp.received.filter((_, index) => parsed[index]?.messageId === messageId);
}

beforeAll(async () => {
  pki = await createSealPki();
  smtp = await startSmtpServer({ auth: { user: 'antragsdesk', pass: 'smtp-passwort' } });
  keys = await generateKey({ userIDs: [{ name: 'Jürgen Größe-Äßling', email: CITIZEN }], format: 'armored' });
});
afterAll(async () => {
  for (const desk of workstations) desk.cleanup();
  await smtp?.close();
});

describe('notice delivery by e-mail', () => {
  it('sends a plain e-mail with the sealed PDF where the profile allows it, signed in with the stored password', async () => {
    const desk = await workstation(smtpSettings());
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN } });
    const notice = await sendNotice(desk, caseRow);
    await desk.outbox.processDue();

    const messageId = `<notice.${notice.id}.email@musterhausen.example>`;
    const [mail] = await receivedFor(messageId);
    expect(mail?.from).toBe(FROM);
    expect(mail?.to).toEqual([CITIZEN]);
    const parsed = await simpleParser(mail?.raw ?? Buffer.alloc(0));
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe(notice.title);
    expect(parsed.from?.value).toEqual([{ name: 'Stadt Musterhausen', address: FROM }]);
    expect(parsed.text).toContain('Aktenzeichen: 32.1-BPA-2025/0042');
    expect(parsed.attachments.map((attachment) => [attachment.filename, attachment.contentType])).toEqual([
      ['Bescheid_32.1-BPA-2025_0042.pdf', 'application/pdf'],
    ]);
    expect(parsed.attachments[0]?.content.equals(Buffer.from(await desk.service.pdf(notice.id)))).toBe(true);
    expect(await delivery(desk, caseRow)).toMatchObject({
      state: 'delivered',
      receipt: { messageId, encrypted: false },
      lastError: null,
    });
  });

  it("encrypts the whole message as PGP/MIME to the citizen's key; it decrypts to the message with the PDF", async () => {
    const desk = await workstation(smtpSettings({ allowUnencryptedEmail: false }));
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN, pgpPublicKey: keys.publicKey } });
    const notice = await sendNotice(desk, caseRow);
    await desk.outbox.processDue();

    const [mail] = await receivedFor(`<notice.${notice.id}.email@musterhausen.example>`);
    const raw = mail?.raw ?? Buffer.alloc(0);
    expect(raw.toString('latin1')).not.toContain('%PDF');
    const outer = await simpleParser(raw);
    expect(outer.headers.get('content-type')).toMatchObject({
      value: 'multipart/encrypted',
      params: { protocol: 'application/pgp-encrypted' },
    });
    expect(outer.subject).toBe('Verschlüsselte Nachricht von Stadt Musterhausen');
    const parts = outer.attachments.map((attachment) => attachment.contentType);
    expect(parts).toEqual(['application/pgp-encrypted', 'application/octet-stream']);
    expect(outer.attachments[0]?.content.toString('ascii').trim()).toBe('Version: 1');

    const { data } = await decrypt({
      message: await readMessage({ armoredMessage: outer.attachments[1]?.content.toString('ascii') ?? '' }),
      decryptionKeys: await readPrivateKey({ armoredKey: keys.privateKey }),
      format: 'binary',
    });
    const inner = await simpleParser(Buffer.from(data));
    expect(inner.subject).toBe(notice.title);
    expect(inner.attachments[0]?.content.equals(Buffer.from(await desk.service.pdf(notice.id)))).toBe(true);
    expect(await delivery(desk, caseRow)).toMatchObject({ state: 'delivered', receipt: { encrypted: true } });
  });

  it('refuses to send unencrypted where the profile does not allow it, and refuses unusable keys', async () => {
    const desk = await workstation(smtpSettings({ allowUnencryptedEmail: false }));
    const expired = await generateKey({
      userIDs: [{ email: CITIZEN }],
      date: new Date(Date.now() - 10 * 86_400_000),
      keyExpirationTime: 86_400,
      format: 'armored',
    });
    const withoutKey = storeCase(desk, { eMail: { address: CITIZEN } });
    const brokenKey = storeCase(desk, { eMail: { address: CITIZEN, pgpPublicKey: 'kein Schlüssel' } });
    const expiredKey = storeCase(desk, { eMail: { address: CITIZEN, pgpPublicKey: expired.publicKey } });
    const before = smtp.received.length;
    for (const caseRow of [withoutKey, brokenKey, expiredKey]) await sendNotice(desk, caseRow);
    await desk.outbox.processDue();

    expect(smtp.received.length).toBe(before);
    const results = await Promise.all(
      [withoutKey, brokenKey, expiredKey].map((caseRow) => delivery(desk, caseRow)),
    );
    expect(results.map((entry) => entry?.state)).toEqual(['failed', 'failed', 'failed']);
    expect(results[0]?.lastError).toMatch(
      /^email-encryption-required: The citizen gave no PGP key and the department profile does not allow unencrypted e-mail; print and send/,
    );
    expect(results[1]?.lastError).toMatch(/^email-key-unusable: .*not a readable OpenPGP key/);
    expect(results[2]?.lastError).toMatch(/^email-key-unusable: .*no valid encryption key/);
    expect(results[1]?.lastError).not.toContain(CITIZEN);
  });

  it('retries while the mail server is down and delivers once it is back', async () => {
    const desk = await workstation(smtpSettings({ port: await closedPort() }), { jitter: 0.5 });
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN } });
    const notice = await sendNotice(desk, caseRow);
    expect(await desk.outbox.processDue()).toBe(1);

    const [item] = await desk.outbox.list({ caseId: caseRow.id });
    expect(item?.state).toBe('pending');
    expect(item?.lastError).toMatch(/^email-unreachable: The mail server could not be reached or is busy\./);
    expect((await delivery(desk, caseRow))?.state).toBe('retrying');

    desk.env.current.settings = { senderName: 'Stadt Musterhausen', email: smtpSettings() };
    expect(await desk.outbox.processDue()).toBe(0);
    desk.advance(60_000);
    expect(await desk.outbox.processDue()).toBe(1);
    expect((await delivery(desk, caseRow))?.state).toBe('delivered');
    expect(await receivedFor(`<notice.${notice.id}.email@musterhausen.example>`)).toHaveLength(1);
  });

  it('fails permanently when the sign-in is refused or its password is missing from the key store', async () => {
    const desk = await workstation(smtpSettings());
    await desk.secrets.put(PASSWORD_SECRET, 'falsch');
    const refused = storeCase(desk, { eMail: { address: CITIZEN } });
    await sendNotice(desk, refused);
    await desk.outbox.processDue();
    await desk.secrets.delete(PASSWORD_SECRET);
    const missing = storeCase(desk, { eMail: { address: CITIZEN } });
    await sendNotice(desk, missing);
    await desk.outbox.processDue();

    expect((await delivery(desk, refused))?.lastError).toMatch(/^email-auth-failed: .*SMTP 535; EAUTH\]$/);
    expect((await delivery(desk, missing))?.lastError).toMatch(
      /^secret-missing: .*profile\/buergerservice\/smtp\/password/,
    );
  });

  it('sends nothing again when the process died after sending and recording the delivery, before the outbox heard of it', async () => {
    const desk = await workstation(smtpSettings(), { handlers: false });
    registerDyingAfterFirstDelivery(desk);
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN } });
    const notice = await sendNotice(desk, caseRow);
    await desk.outbox.processDue();

    expect(await receivedFor(`<notice.${notice.id}.email@musterhausen.example>`)).toHaveLength(1);
    expect((await desk.outbox.list({ caseId: caseRow.id }))[0]).toMatchObject({
      state: 'delivered',
      attempts: 2,
      deliveredAsRepeat: true,
    });
    expect(await delivery(desk, caseRow)).toMatchObject({ state: 'delivered' });
  });

  it('reaches the mail server once when the process is killed (SIGKILL) after sending, and restarted', async () => {
    const desk = await workstation(smtpSettings(), { handlers: false });
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN } });
    const notice = await sendNotice(desk, caseRow);
    const secret = { name: PASSWORD_SECRET, value: 'smtp-passwort' };
    const { restarted, killedIn } = await killBetweenSentAndRecorded(desk, pki, secret);
    workstations.push(restarted);
    expect(killedIn).toBe(`${NOTICE_DELIVERY} delivered`);

    // The next start: the item left in flight is due again, and the worker settles it without sending.
    restarted.outbox.start();
    const item = await settled(restarted, caseRow);
    await restarted.outbox.stop();
    expect(item).toMatchObject({ state: 'delivered', attempts: 2, deliveredAsRepeat: true });
    expect(await receivedFor(`<notice.${notice.id}.email@musterhausen.example>`)).toHaveLength(1);
  });

  it('reaches the mail server once when the process is killed right after recording the delivery', async () => {
    const desk = await workstation(smtpSettings(), { handlers: false });
    const caseRow = storeCase(desk, { eMail: { address: CITIZEN } });
    const notice = await sendNotice(desk, caseRow);
    const secret = { name: PASSWORD_SECRET, value: 'smtp-passwort' };
    const { restarted, killedIn } = await killBetweenSentAndRecorded(desk, pki, secret, 'recorded');
    workstations.push(restarted);
    expect(killedIn).toBe(`${NOTICE_DELIVERY} delivered`);

    // The next start finds the delivery recorded: nothing is due, nothing is sent again.
    restarted.outbox.start();
    const item = await settled(restarted, caseRow);
    await restarted.outbox.stop();
    expect(item).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(await receivedFor(`<notice.${notice.id}.email@musterhausen.example>`)).toHaveLength(1);
  });
});
