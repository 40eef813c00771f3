/**
 * Notices through the app's dispatch, in demo mode (local platform with its BundID mailbox, OpenID provider,
 * demo seal, real sign-in): draft, preview, seal, send over the ZBP into the citizen's mailbox (checked with
 * pdfsig), the case's delivery state; a broken envelope signature refused by the ZBP and a retry that delivers
 * once; e-mail to a local SMTP server; and who may do what.
 */

import { generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { decrypt, generateKey, readMessage, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, NoticeDraft, NoticeView } from '../../../main/api/contract';
import type { DeliveryEnvironment } from '../../../main/delivery/types';
import type { DemoEnvironment } from '../../../main/demo/demo-environment';
import type { CaseRow, JsonObject } from '../../../main/vault';
import type { ApiErrorBody } from '../../../shared/api/result';
import { pickupDeadline } from '../../../shared/cases/deadlines';
import { callValue, createTestApp, type TestApp } from '../../support/app';
import { TestBrowser } from '../../support/oidc-browser';
import { createNssTrustStore, pdfsig, type TestCertificate } from '../../support/pki-seal';
import { pooledKeyFactory } from '../../support/platform-keys';
import { startSmtpServer, type TestSmtpServer } from '../delivery/smtp';

const DEPARTMENT = 'buergerservice';
const CITIZEN = 'juergen.groesse@example.org';
const ctx = { transport: 'http' as const };

let testApp: TestApp;
let demo: DemoEnvironment;
let smtp: TestSmtpServer;
let nssdir: string;
let work: string;
let user = 'anna.schmidt';
/** While set, delivery signs ZBP envelopes with a key that does not belong to the seal certificate. */
let brokenSealKey = false;
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const call = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(testApp.app, name, input);

async function refusal(name: string, input: unknown): Promise<ApiErrorBody> {
  const envelope = await testApp.app.dispatch(name, input, ctx);
  if (envelope.ok) throw new Error(`${name} was not refused`);
  return envelope.error;
}

async function signInAs(next: string): Promise<void> {
  user = next;
  if (testApp.app.workstation.state().status !== 'signed-out') await call('session.signOut');
  await call('session.signIn');
}

/** A Bürgerservice application with the given reply channel, stored as sync would store it. */
function storeCase(
  replyChannel: JsonObject | null,
  service = { identifier: 'urn:de:fim:leika:leistung:99108013000000', paymentStatus: null as string | null },
): string {
  const { vault } = testApp.app;
  const destination = demo.platform.demo.departments.find((d) => d.id === DEPARTMENT)?.destinations[0];
  const receivedAt = new Date().toISOString();
  const schemaUri = 'urn:test:bewohnerparkausweis';
  const data = {
    antragsteller: {
      vorname: 'Jürgen',
      familienname: 'Größe-Äßling',
      anschrift: { strasse: 'Lindenstraße', hausnummer: '4a', postleitzahl: '30159', ort: 'Hannover' },
    },
  };
  return vault.transaction(
    () =>
      vault.cases.storeIntake({
        case: {
          fitCaseId: randomUUID(),
          department: DEPARTMENT,
          destinationId: destination?.destinationId ?? randomUUID(),
          serviceName: 'Bewohnerparkausweis',
          serviceIdentifier: service.identifier,
          applicantName: 'Jürgen Größe-Äßling',
          receivedAt,
          deadlineAt: pickupDeadline(receivedAt).at,
          verification: 'passed',
          replyChannel,
          levelOfAssurance: 'substantial',
          paymentStatus: service.paymentStatus,
        },
        submission: {
          submissionId: randomUUID(),
          destinationId: destination?.destinationId ?? randomUUID(),
          // Already accepted on the platform: accepting here sends no event, only the BundID status update.
          platformStatus: 'accepted',
          metadata: {},
          data: JSON.stringify(data),
          dataMimeType: 'application/json',
          submissionSchemaUri: schemaUri,
          verificationReport: { passed: true, checks: [] },
          authenticationTags: null,
          receivedAt,
        },
        attachments: [],
      }).caseId,
  );
}

async function caseRow(id: string): Promise<CaseRow> {
  return (await call('cases.get', { id })).case;
}

async function claimAndAccept(id: string): Promise<void> {
  const claimed = await call('cases.transition', {
    id,
    action: 'claim',
    expectedVersion: (await caseRow(id)).version,
  });
  await call('cases.transition', { id, action: 'accept', expectedVersion: claimed.version });
}

/** The template filled for the case, every gap filled in as a case worker would. */
async function completedDraft(caseId: string, templateId = 'bescheid-bewilligung'): Promise<NoticeDraft> {
  const draft = await call('notices.draft', { caseId, templateId });
  const fill = (text: string) => text.replace(/\[fehlt: [^\]\n]+\]/g, 'laut Gebührenordnung');
  return {
    ...draft,
    recipient: draft.recipient.map(fill),
    fileReference: fill(draft.fileReference),
    date: fill(draft.date),
    title: fill(draft.title),
    paragraphs: draft.paragraphs.map((paragraph) => ({ ...paragraph, text: fill(paragraph.text) })),
    missingFields: [],
  };
}

async function sealed(caseId: string, templateId?: string): Promise<NoticeView> {
  return call('notices.seal', { caseId, draft: await completedDraft(caseId, templateId) });
}

/** Waits until the notice's first delivery reaches a state a person sees as settled. */
async function settledDelivery(caseId: string, noticeId: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const notice = (await call('notices.list', { caseId })).find((n) => n.id === noticeId);
    const delivery = notice?.deliveries[0];
    if (delivery && ['delivered', 'failed'].includes(delivery.state)) return delivery;
    if (Date.now() > until) throw new Error(`delivery not settled: ${delivery?.state}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Titles and first document of the citizen's mailbox, read from its pages as the citizen would. */
async function mailbox(mailboxUuid: string): Promise<{ messages: number; document?: Buffer }> {
  const base = demo.platform.url;
  const page = await (await fetch(`${base}${demo.platform.zbp.mailboxPath(mailboxUuid)}`)).text();
  const links = [...page.matchAll(/href="([^"]+\/nachrichten\/[^"]+)"/g)].map((match) => match[1] ?? '');
  const first = links[0];
  if (first === undefined) return { messages: 0 };
  const message = await (await fetch(`${base}${first}`)).text();
  const documentLink = /href="([^"]+\/dokumente\/[^"]+)"/.exec(message)?.[1];
  const document = documentLink && Buffer.from(await (await fetch(`${base}${documentLink}`)).arrayBuffer());
  return { messages: links.length, ...(document ? { document } : {}) };
}

function pdfsigReport(pdf: Buffer): string {
  const file = join(work, `${randomUUID()}.pdf`);
  writeFileSync(file, pdf);
  return pdfsig(file, nssdir);
}

async function outboxItems(caseId: string, type: string) {
  return (await testApp.app.outbox.list({ caseId })).filter((item) => item.type === type);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ad-notices-api-'));
  const browser = new TestBrowser();
  testApp = await createTestApp({
    demo: true,
    openBrowser: async (url) => {
      await browser.signIn(url, user, 'demo');
    },
    demoOptions: { seedCount: 0, keyFactory: await pooledKeyFactory(), sealDir: resolve('.tmp/demo-seal') },
    deliveryEnvironment: (env): DeliveryEnvironment => ({
      ...env,
      sealCredentials: async (department) => {
        const seal = await env.sealCredentials(department);
        return brokenSealKey ? { ...seal, privateKey: foreignKey } : seal;
      },
    }),
  });
  demo = await testApp.app.startDemo();
  await signInAs('anna.schmidt');
  const ca = new X509Certificate(demo.sealCaPem);
  nssdir = createNssTrustStore(work, { der: new Uint8Array(ca.raw) } as TestCertificate);
  smtp = await startSmtpServer();
}, 120_000);

afterAll(async () => {
  await testApp?.close();
  await smtp?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('notices through the app', () => {
  const mailboxUuid = randomUUID();
  let caseId: string;
  let notice: NoticeView;

  it('accepting a BundID case queues the RECEIVED status update in the same transaction', async () => {
    caseId = storeCase({ idBundDeMailbox: { mailboxUuid } });
    await claimAndAccept(caseId);
    const updates = await outboxItems(caseId, 'zbp.status');
    expect(updates.map((item) => item.payload)).toEqual([{ caseId, status: 'RECEIVED' }]);
  });

  it('lists the templates and drafts one filled with the case and the department', async () => {
    const templates = await call('notices.templates');
    expect(templates.map((t) => t.id)).toContain('bescheid-bewilligung');
    expect(templates.find((t) => t.id === 'bescheid-bewilligung')?.kind).toBe('approval');
    const draft = await call('notices.draft', { caseId, templateId: 'bescheid-bewilligung' });
    expect(draft.recipient).toEqual(['Jürgen Größe-Äßling', 'Lindenstraße 4a', '30159 Hannover']);
    expect(draft.fileReference).toBe((await caseRow(caseId)).fileReference);
    expect((await refusal('notices.draft', { caseId, templateId: 'gibt-es-nicht' })).reason).toBe(
      'template-not-found',
    );
  });

  it("fills the fee from the department's Gebührenordnung: nothing is retyped, a booked fee is not asked for", async () => {
    // Bewohnerparkausweis: 30,70 € in the demo profile, due in 30 days.
    const service = 'urn:de:fim:leika:leistung:99058007065000';
    const due = new Date();
    due.setDate(due.getDate() + 30);
    const dueOn = due.toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' });
    const text = (draft: NoticeDraft) => draft.paragraphs.map((paragraph) => paragraph.text).join('\n');
    for (const paymentStatus of [null, 'BOOKED']) {
      const id = storeCase({ idBundDeMailbox: { mailboxUuid } }, { identifier: service, paymentStatus });
      await claimAndAccept(id);
      const draft = await call('notices.draft', {
        caseId: id,
        templateId: 'bescheid-bewilligung',
      });
      expect(draft.missingFields).toEqual([]);
      expect(text(draft)).toContain('Verwaltungsgebühr in Höhe von 30,70\u00a0€ festgesetzt');
      expect(text(draft)).toContain('Die Gebühr ergibt sich aus Nr. 265 der Anlage zur Gebührenordnung');
      if (paymentStatus === 'BOOKED') {
        expect(text(draft)).toContain('Die Gebühr wurde bereits entrichtet.');
        expect(text(draft)).not.toContain('Bitte überweisen Sie');
      } else {
        expect(text(draft)).toContain(`Bitte überweisen Sie 30,70\u00a0€ bis zum ${dueOn}`);
      }
    }
  });

  it('previews the edited draft as a PDF, gaps visible, and stores nothing', async () => {
    const draft = await call('notices.draft', { caseId, templateId: 'bescheid-bewilligung' });
    const preview = await call('notices.preview', { caseId, draft });
    expect(preview.mimeType).toBe('application/pdf');
    expect(Buffer.from(preview.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await call('notices.list', { caseId })).toEqual([]);
    // Sealing the same draft is refused while gaps are marked.
    const refused = await refusal('notices.seal', { caseId, draft });
    expect([refused.code, refused.reason]).toEqual(['invalid-input', 'notice-incomplete']);
  });

  it('seals version 1; the stored PDF is PAdES-signed by the demo seal', async () => {
    notice = await sealed(caseId);
    expect(notice).toMatchObject({ caseId, version: 1, kind: 'approval', deliveries: [] });
    const file = await call('notices.pdf', { noticeId: notice.id });
    expect(file.filename).toMatch(/^Bescheid_.*\.pdf$/);
    const report = pdfsigReport(Buffer.from(file.base64, 'base64'));
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
    expect(report).toContain('Total document signed');
  });

  it('sends over the ZBP: the citizen mailbox holds it, its PDF verifies, the case shows it delivered', async () => {
    const sent = await call('notices.send', { noticeId: notice.id });
    expect(sent).toMatchObject({ created: true, delivery: { channel: 'zbp' } });
    expect((await caseRow(caseId)).status).toBe('notice_sent');
    const delivery = await settledDelivery(caseId, notice.id);
    expect(delivery).toMatchObject({ state: 'delivered', lastError: null });
    expect(delivery.receipt).toMatchObject({ destinationId: demo.platform.zbp.destinationId });

    const box = await mailbox(mailboxUuid);
    expect(box.messages).toBe(1);
    const report = pdfsigReport(box.document ?? Buffer.alloc(0));
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
    expect(report).toContain('Total document signed');
    expect(
      box.document?.equals(
        Buffer.from((await call('notices.pdf', { noticeId: notice.id })).base64, 'base64'),
      ),
    ).toBe(true);
  });

  it('the status updates of the BundID overview (received, completed) reach the ZBP', async () => {
    const until = Date.now() + 60_000;
    let states: string[] = [];
    while (Date.now() < until) {
      states = (await outboxItems(caseId, 'zbp.status')).map((item) => item.state);
      if (states.every((state) => state === 'delivered' || state === 'failed')) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    const statuses = (await outboxItems(caseId, 'zbp.status')).map(
      (item) => (item.payload as { status: string }).status,
    );
    expect(statuses).toEqual(['RECEIVED', 'COMPLETED']);
    expect(states).toEqual(['delivered', 'delivered']);
  });

  it('sending again queues nothing new', async () => {
    const before = (await testApp.app.outbox.list({ caseId })).length;
    const again = await call('notices.send', { noticeId: notice.id });
    expect(again.created).toBe(false);
    expect(await testApp.app.outbox.list({ caseId })).toHaveLength(before);
  });

  it('refuses sendNotice through cases.transition and no longer offers it', async () => {
    const other = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await claimAndAccept(other);
    const view = await call('cases.get', { id: other });
    expect(view.actions).not.toContain('sendNotice');
    const refused = await refusal('cases.transition', {
      id: other,
      action: 'sendNotice',
      expectedVersion: view.case.version,
    });
    expect([refused.code, refused.reason]).toEqual(['invalid-transition', 'send-notice-required']);
    expect((await caseRow(other)).status).toBe('accepted');
  });
});

describe('a broken envelope signature', () => {
  it('is refused by the ZBP, shows failed with the reason, and a retry after the fix delivers once', async () => {
    const mailboxUuid = randomUUID();
    const caseId = storeCase({ idBundDeMailbox: { mailboxUuid } });
    await claimAndAccept(caseId);
    const notice = await sealed(caseId);
    brokenSealKey = true;
    const changes: string[][] = [];
    const unsubscribe = testApp.app.events.subscribe((name, payload) => {
      if (name === 'cases.changed') changes.push((payload as { ids: string[] }).ids);
    });
    try {
      await call('notices.send', { noticeId: notice.id });
      const failed = await settledDelivery(caseId, notice.id);
      expect(failed.state).toBe('failed');
      expect(failed.lastError).toMatch(/^zbp-rejected: /);
      expect(failed.lastError).toContain('sha512sum does not verify');
      expect((await mailbox(mailboxUuid)).messages).toBe(0);
      expect(changes.some((ids) => ids.includes(caseId))).toBe(true);
    } finally {
      brokenSealKey = false;
      unsubscribe();
    }
    const [listed] = await call('notices.list', { caseId });
    const itemId = listed?.deliveries[0]?.outboxItemId;
    expect(itemId).toEqual(expect.any(String));
    await call('outbox.retry', { id: itemId as string });
    const delivered = await settledDelivery(caseId, notice.id);
    expect(delivered).toMatchObject({ state: 'delivered', lastError: null });
    expect((await mailbox(mailboxUuid)).messages).toBe(1);
  });
});

describe('e-mail', () => {
  let keys: { publicKey: string; privateKey: string };

  /** Re-imports the demo profile of the Bürgerservice with SMTP to the local server. */
  async function importWithEmail(allowUnencryptedEmail: boolean) {
    const profile = demo.profiles.find((p) => p.department.id === DEPARTMENT);
    if (!profile) throw new Error('no demo profile');
    await testApp.app.workstation.importProfile(
      {
        ...profile,
        delivery: {
          ...profile.delivery,
          email: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            requireTls: false,
            from: 'bescheide@buergerservice.example',
            allowUnencryptedEmail,
          },
        },
      },
      join(testApp.dir, 'demo'),
    );
  }

  beforeAll(async () => {
    keys = await generateKey({ userIDs: [{ email: CITIZEN }], format: 'armored' });
  });

  it('encrypts to the citizen key (PDF inside), and refuses unencrypted mail until the profile allows it', async () => {
    await importWithEmail(false);
    const pgpCase = storeCase({ eMail: { address: CITIZEN, pgpPublicKey: keys.publicKey } });
    const plainCase = storeCase({ eMail: { address: CITIZEN } });
    for (const id of [pgpCase, plainCase]) await claimAndAccept(id);

    const pgpNotice = await sealed(pgpCase);
    expect((await call('notices.send', { noticeId: pgpNotice.id })).delivery.channel).toBe('email');
    expect(await settledDelivery(pgpCase, pgpNotice.id)).toMatchObject({
      state: 'delivered',
      receipt: { encrypted: true },
    });
    const encrypted = smtp.received.at(-1);
    expect(encrypted?.to).toEqual([CITIZEN]);
    expect(encrypted?.raw.toString('latin1')).not.toContain('%PDF');
    const outer = await simpleParser(encrypted?.raw ?? Buffer.alloc(0));
    const { data } = await decrypt({
      message: await readMessage({ armoredMessage: outer.attachments[1]?.content.toString('ascii') ?? '' }),
      decryptionKeys: await readPrivateKey({ armoredKey: keys.privateKey }),
      format: 'binary',
    });
    const inner = await simpleParser(Buffer.from(data));
    const pgpPdf = await call('notices.pdf', { noticeId: pgpNotice.id });
    expect(inner.attachments[0]?.contentType).toBe('application/pdf');
    expect(inner.attachments[0]?.content.equals(Buffer.from(pgpPdf.base64, 'base64'))).toBe(true);

    const plainNotice = await sealed(plainCase);
    await call('notices.send', { noticeId: plainNotice.id });
    const refused = await settledDelivery(plainCase, plainNotice.id);
    expect(refused.state).toBe('failed');
    expect(refused.lastError).toMatch(/^email-encryption-required: /);
    const received = smtp.received.length;

    await importWithEmail(true);
    await call('outbox.retry', { id: refused.outboxItemId as string });
    expect(await settledDelivery(plainCase, plainNotice.id)).toMatchObject({
      state: 'delivered',
      receipt: { encrypted: false },
    });
    expect(smtp.received).toHaveLength(received + 1);
    const plain = await simpleParser(smtp.received.at(-1)?.raw ?? Buffer.alloc(0));
    const plainPdf = await call('notices.pdf', { noticeId: plainNotice.id });
    expect(plain.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    expect(plain.attachments[0]?.content.equals(Buffer.from(plainPdf.base64, 'base64'))).toBe(true);
  });
});

describe('what sending does to the case', () => {
  it('an interim notice leaves it; a Rückfrage (Nachforderung) reaches the citizen and the case waits for the reply date', async () => {
    const caseId = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await claimAndAccept(caseId);
    const interim = await sealed(caseId, 'zwischenmitteilung');
    await call('notices.send', { noticeId: interim.id });
    expect((await caseRow(caseId)).status).toBe('accepted');
    // A Rückfrage is a message to the citizen, never a bare status change.
    const bare = await refusal('cases.transition', {
      id: caseId,
      action: 'inquire',
      expectedVersion: (await caseRow(caseId)).version,
    });
    expect(bare.reason).toBe('send-inquiry-required');
    // Offered all the same: the desk's "Rückfrage …" drafts the Nachforderung.
    expect((await call('cases.get', { id: caseId })).actions).toContain('inquire');
    // The reply deadline is filled in (14 days, the default), not typed; only the documents asked for are.
    const draft = await call('notices.draft', {
      caseId,
      templateId: 'nachforderung-unterlagen',
    });
    expect(draft.missingFields).toEqual(['case.requestedDocuments']);
    const replyBy = new Date();
    replyBy.setDate(replyBy.getDate() + 14);
    const replyOn = replyBy.toLocaleDateString('de-DE', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    expect(draft.paragraphs.map((paragraph) => paragraph.text).join('\n')).toContain(
      `bis zum ${replyOn} ein`,
    );
    const request = await sealed(caseId, 'nachforderung-unterlagen');
    await call('notices.send', { noticeId: request.id });
    const waiting = await call('cases.get', { id: caseId });
    expect(waiting.case.status).toBe('inquiry');
    expect(waiting.followUp?.kind).toBe('inquiry');
    expect(new Date(waiting.followUp?.at ?? 0).toDateString()).toBe(replyBy.toDateString());
    const statuses = (await outboxItems(caseId, 'zbp.status')).map(
      (item) => (item.payload as { status: string }).status,
    );
    expect(statuses).toEqual(['RECEIVED', 'PROCESSING', 'ACTION_REQUIRED']);
  });

  it('refuses a Bescheid for a case not yet accepted, and queues nothing', async () => {
    const caseId = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await call('cases.transition', { id: caseId, action: 'claim', expectedVersion: 1 });
    const notice = await sealed(caseId, 'ablehnungsbescheid');
    const refused = await refusal('notices.send', { noticeId: notice.id });
    expect([refused.code, refused.reason]).toEqual(['invalid-transition', 'wrong-status']);
    expect((await call('notices.list', { caseId }))[0]?.deliveries).toEqual([]);
    expect(await outboxItems(caseId, 'notice.delivery')).toEqual([]);
  });

  it('without a usable reply channel: print, post, and the person confirms it', async () => {
    const caseId = storeCase(null);
    await claimAndAccept(caseId);
    const notice = await sealed(caseId);
    const sent = await call('notices.send', { noticeId: notice.id });
    expect(sent.delivery).toMatchObject({ channel: 'post', state: 'print', outboxItemId: null });
    expect((await caseRow(caseId)).status).toBe('notice_sent');
    await call('notices.markPosted', { noticeId: notice.id });
    const [listed] = await call('notices.list', { caseId });
    expect(listed?.deliveries.map((delivery) => delivery.state)).toEqual(['posted']);
    const again = await refusal('notices.markPosted', { noticeId: notice.id });
    expect(again.reason).toBe('delivery-not-printable');
  });
});

describe('an e-mail that fails, then post', () => {
  it('post ends the error: no failed item, no retry; archived only once posted', async () => {
    const caseId = storeCase({ eMail: { address: CITIZEN, pgpPublicKey: 'kein Schlüssel' } });
    // What the inbox row says of the Bescheid: never "versandt" before it was delivered or posted.
    const inInbox = async () =>
      (await call('cases.list', { status: ['notice_sent'] })).rows.find((row) => row.id === caseId)
        ?.noticeDelivery;
    await claimAndAccept(caseId);
    const notice = await sealed(caseId);
    await call('notices.send', { noticeId: notice.id });
    expect((await settledDelivery(caseId, notice.id)).state).toBe('failed');
    const failing = await call('cases.get', { id: caseId });
    expect([failing.case.status, failing.noticeDelivery]).toEqual(['notice_sent', 'failed']);
    expect(failing.actions).not.toContain('archive');
    expect(await inInbox()).toBe('failed');
    const failedBefore = (await call('outbox.counts')).failed;

    await call('notices.send', { noticeId: notice.id, channel: 'post' });
    const [listed] = await call('notices.list', { caseId });
    expect(listed?.deliveries.map((d) => [d.channel, d.state, d.outboxItemId])).toEqual([
      ['email', 'replaced', null],
      ['post', 'print', null],
    ]);
    expect(listed?.deliveries[0]?.lastError).toMatch(/^email-key-unusable: /);
    expect((await call('outbox.counts')).failed).toBe(failedBefore - 1);
    expect(await outboxItems(caseId, 'notice.delivery')).toEqual([]);
    const printing = await call('cases.get', { id: caseId });
    expect(printing.noticeDelivery).toBe('print');
    expect(await inInbox()).toBe('print');
    expect(printing.actions).not.toContain('archive');
    const early = await refusal('cases.transition', {
      id: caseId,
      action: 'archive',
      expectedVersion: printing.case.version,
    });
    expect(early.reason).toBe('notice-not-delivered');

    await call('notices.markPosted', { noticeId: notice.id });
    const posted = await call('cases.get', { id: caseId });
    expect(posted.noticeDelivery).toBe('done');
    expect(await inInbox()).toBeUndefined();
    expect(posted.actions).toContain('archive');
  });
});

describe('who may', () => {
  let caseId: string;
  let noticeId: string;
  let draft: NoticeDraft;

  beforeAll(async () => {
    await signInAs('anna.schmidt');
    caseId = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await claimAndAccept(caseId);
    draft = await completedDraft(caseId);
    noticeId = (await call('notices.seal', { caseId, draft })).id;
  });
  afterAll(() => signInAs('anna.schmidt'));

  it('Sachbearbeitung of another department can neither read, seal nor send', async () => {
    await signInAs('lea.wagner');
    for (const [name, input] of [
      ['notices.list', { caseId }],
      ['notices.pdf', { noticeId }],
      ['notices.draft', { caseId, templateId: 'bescheid-bewilligung' }],
      ['notices.preview', { caseId, draft }],
      ['notices.seal', { caseId, draft }],
      ['notices.send', { noticeId }],
      ['notices.markPosted', { noticeId }],
    ] as const) {
      expect((await refusal(name, input)).code, name).toBe('not-found');
    }
    expect(await outboxItems(caseId, 'notice.delivery')).toEqual([]);
    await signInAs('anna.schmidt');
    expect(await call('notices.list', { caseId })).toHaveLength(1);
  });

  it('a colleague cannot touch a case claimed by someone else', async () => {
    await signInAs('tom.becker');
    const other = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await claimAndAccept(other);
    const othersNotice = (await sealed(other)).id;
    await signInAs('anna.schmidt');
    expect((await refusal('notices.list', { caseId: other })).code).toBe('not-found');
    expect((await refusal('notices.send', { noticeId: othersNotice })).code).toBe('not-found');
    expect((await refusal('notices.pdf', { noticeId: othersNotice })).code).toBe('not-found');
    expect(await outboxItems(other, 'notice.delivery')).toEqual([]);
  });
});

describe('a shared workstation', () => {
  it('a locked person is signed out for a colleague; their draft stays in the vault for them alone', async () => {
    await signInAs('anna.schmidt');
    const caseId = storeCase({ idBundDeMailbox: { mailboxUuid: randomUUID() } });
    await claimAndAccept(caseId);
    const draft = await call('notices.draft', { caseId, templateId: 'zwischenmitteilung' });
    const edited = { ...draft, title: 'Zwischenmitteilung, von Anna begonnen' };
    await call('notices.keepDraft', { caseId, draft: edited });

    // Idle: the session locks; another employee signs her out from the lock screen and signs in.
    testApp.app.workstation.authService().tick(Date.now() + 24 * 60 * 60_000);
    expect(testApp.app.workstation.state().status).toBe('locked');
    expect((await refusal('notices.keptDraft', { caseId })).reason).toBe('session-locked');
    await call('session.signOut');
    await signInAs('tom.becker');
    expect(await call('notices.keptDraft', { caseId })).toBeNull();

    await signInAs('anna.schmidt');
    expect(await call('notices.keptDraft', { caseId })).toEqual(edited);
    await call('notices.keepDraft', { caseId, draft: null });
    expect(await call('notices.keptDraft', { caseId })).toBeNull();
  });
});
