import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import { NOTICE_DELIVERY, STATUS_UPDATE } from '../../../main/delivery';
import { NoticeError } from '../../../main/notices';
import {
  NoticeServiceError,
  noticeProfileOf,
  sealCredentialsFromKeyStore,
} from '../../../main/notices/service';
import type { StoredSeal } from '../../../main/profile/types';
import { toPkcs12 } from '../../support/pki-seal';
import {
  actor,
  createSealPki,
  mailboxChannel,
  openWorkstation,
  type SealPki,
  sealNotice,
  storeCase,
  TEST_KEY_BITS,
  type Workstation,
} from './support';

const settings = { senderName: 'Stadt Musterhausen' };

let pki: SealPki;
let desk: Workstation;

beforeAll(async () => {
  pki = await createSealPki();
  desk = openWorkstation(pki.credentials, settings);
});
afterAll(() => desk?.cleanup());

async function outboxItems(caseId: string, type: string) {
  return (await desk.outbox.list({ caseId })).filter((item) => item.type === type);
}

describe('sealing notices', () => {
  it('makes version 1 and then 2 of a case, each an immutable row with its own sealed PDF', async () => {
    const caseRow = storeCase(desk, null);
    const first = await sealNotice(desk, caseRow);
    const second = await sealNotice(desk, caseRow, 'ablehnungsbescheid');

    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.kind).toBe('rejection');
    expect((await desk.service.list(caseRow.id)).map((notice) => [notice.version, notice.id])).toEqual([
      [1, first.id],
      [2, second.id],
    ]);
    const pdf = await desk.service.pdf(second.id);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha512').update(pdf).digest('hex')).toBe(second.sha512);
    expect(await desk.service.pdf(first.id)).not.toEqual(pdf);

    expect(() =>
      desk.test.vault.transaction(({ db }) =>
        db.prepare('UPDATE notices SET title = ? WHERE id = ?').run('geändert', first.id),
      ),
    ).toThrow(/immutable/);
    expect(() =>
      desk.test.vault.transaction(({ db }) =>
        db.prepare('UPDATE notices SET pdf = ? WHERE id = ?').run(Buffer.from('%PDF-1.7'), first.id),
      ),
    ).toThrow(/immutable/);
    expect(
      createHash('sha512')
        .update(await desk.service.pdf(first.id))
        .digest('hex'),
    ).toBe(first.sha512);

    const audit = (await desk.audit.list({ caseId: caseRow.id })).filter(
      (entry) => entry.action === 'notice.seal',
    );
    expect(audit.map((entry) => entry.details)).toEqual([
      { noticeId: first.id, version: 1, kind: 'approval' },
      { noticeId: second.id, version: 2, kind: 'rejection' },
    ]);
  });

  it('refuses a draft that still marks a missing value, and seals nothing', async () => {
    const caseRow = storeCase(desk, null);
    const draft = await desk.service.draft(
      caseRow.department,
      { applicantName: 'Jürgen Größe-Äßling' },
      'bescheid-bewilligung',
    );
    expect(draft.missingFields.length).toBeGreaterThan(0);
    await expect(desk.service.seal(caseRow.id, draft, actor)).rejects.toMatchObject({
      code: 'notice-incomplete',
    });
    await expect(desk.service.seal(caseRow.id, draft, actor)).rejects.toBeInstanceOf(NoticeError);
    expect(await desk.service.list(caseRow.id)).toEqual([]);
  });

  it('refuses an unknown template and a malformed draft by code', async () => {
    const caseRow = storeCase(desk, null);
    await expect(desk.service.draft(caseRow.department, {}, 'gibt-es-nicht')).rejects.toMatchObject({
      code: 'template-not-found',
    });
    await expect(desk.service.seal(caseRow.id, { title: 'x' } as never, actor)).rejects.toBeInstanceOf(
      NoticeServiceError,
    );
  });
});

describe('sending', () => {
  it('chooses the channel from the reply channel: BundID mailbox, e-mail, or print and post', async () => {
    const zbpCase = storeCase(desk, mailboxChannel());
    const emailCase = storeCase(desk, { eMail: { address: 'buerger@example.org' } });
    const deMailCase = storeCase(desk, { deMail: { address: 'buerger@example.de-mail.de' } });
    const noChannelCase = storeCase(desk, null);

    const sent = await Promise.all(
      [zbpCase, emailCase, deMailCase, noChannelCase].map(
        async (caseRow) => await desk.service.send((await sealNotice(desk, caseRow)).id, actor),
      ),
    );
    expect(sent.map(({ delivery }) => [delivery.channel, delivery.state])).toEqual([
      ['zbp', 'queued'],
      ['email', 'queued'],
      ['post', 'print'],
      ['post', 'print'],
    ]);
    expect(await outboxItems(zbpCase.id, NOTICE_DELIVERY)).toHaveLength(1);
    expect(await outboxItems(emailCase.id, NOTICE_DELIVERY)).toHaveLength(1);
    expect(await outboxItems(deMailCase.id, NOTICE_DELIVERY)).toHaveLength(0);
    expect(sent[2]?.delivery.outboxItemId).toBeNull();
  });

  it('enqueues one delivery however often the same notice is sent', async () => {
    const caseRow = storeCase(desk, mailboxChannel());
    const notice = await sealNotice(desk, caseRow);
    const first = await desk.service.send(notice.id, actor);
    const second = await desk.service.send(notice.id, actor);

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.delivery.id).toBe(first.delivery.id);
    const items = await outboxItems(caseRow.id, NOTICE_DELIVERY);
    expect(items.map((item) => item.idempotencyKey)).toEqual([`notice:${notice.id}:zbp`]);
    expect(items[0]?.payload).toEqual({ deliveryId: first.delivery.id, noticeId: notice.id, channel: 'zbp' });
    expect(first.delivery.outboxItemId).toBe(items[0]?.id);
    expect(
      (await desk.audit.list({ caseId: caseRow.id })).filter((entry) => entry.action === 'notice.send'),
    ).toHaveLength(1);
  });

  it('writes delivery, outbox items and audit in one transaction: a caller that rolls back leaves nothing', async () => {
    const caseRow = storeCase(desk, mailboxChannel());
    const notice = await sealNotice(desk, caseRow);
    await expect(
      desk.store.transaction(async (tx) => {
        await desk.service.sendIn(tx, notice.id, actor);
        throw new Error('the workflow refused the transition');
      }),
    ).rejects.toThrow(/workflow/);
    expect((await desk.service.list(caseRow.id))[0]?.deliveries).toEqual([]);
    expect(await desk.outbox.list({ caseId: caseRow.id })).toEqual([]);
    expect((await desk.audit.list({ caseId: caseRow.id })).map((entry) => entry.action)).toEqual([
      'notice.seal',
    ]);
  });

  it('queues a status update for BundID cases only, once per cause', async () => {
    const zbpCase = storeCase(desk, mailboxChannel());
    const request = await sealNotice(desk, zbpCase, 'nachforderung-unterlagen');
    await desk.service.send(request.id, actor);
    const accepted = await desk.store.transaction(async (tx) => [
      await desk.service.enqueueStatusUpdate(tx, zbpCase, 'RECEIVED'),
      await desk.service.enqueueStatusUpdate(tx, zbpCase, 'RECEIVED'),
    ]);
    expect(accepted[1]?.id).toBe(accepted[0]?.id);
    expect(
      (await outboxItems(zbpCase.id, STATUS_UPDATE)).map((item) => [item.idempotencyKey, item.payload]),
    ).toEqual([
      [
        `status:${zbpCase.id}:ACTION_REQUIRED:${request.id}`,
        { caseId: zbpCase.id, status: 'ACTION_REQUIRED', noticeId: request.id },
      ],
      [`status:${zbpCase.id}:RECEIVED:case`, { caseId: zbpCase.id, status: 'RECEIVED' }],
    ]);

    const emailCase = storeCase(desk, { eMail: { address: 'buerger@example.org' } });
    await desk.service.send((await sealNotice(desk, emailCase)).id, actor);
    expect(
      await desk.store.transaction((tx) => desk.service.enqueueStatusUpdate(tx, emailCase, 'RECEIVED')),
    ).toBeNull();
    expect(await outboxItems(emailCase.id, STATUS_UPDATE)).toEqual([]);
  });

  it('sends by post when a person asks, and records that it was posted', async () => {
    const caseRow = storeCase(desk, { eMail: { address: 'buerger@example.org' } });
    const notice = await sealNotice(desk, caseRow);
    await expect(desk.service.markPosted(notice.id, actor)).rejects.toThrow(NoticeServiceError);
    const { delivery } = await desk.service.send(notice.id, actor, { channel: 'post' });
    expect([delivery.channel, delivery.state]).toEqual(['post', 'print']);
    await desk.service.markPosted(notice.id, actor);
    expect((await desk.service.list(caseRow.id))[0]?.deliveries.map((entry) => entry.state)).toEqual([
      'posted',
    ]);
    await expect(desk.service.markPosted(notice.id, actor)).rejects.toThrow(/posted/);
    await expect(desk.service.send('00000000-0000-4000-8000-000000000000', actor)).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('what the workstation wires in', () => {
  it('reads the seal from the key store as the profile import stored it', async () => {
    const secrets = createMemorySecretStore();
    const seal = { secret: 'profile/buergerservice/seal' } as StoredSeal;
    const pkcs12 = Buffer.from(toPkcs12(pki.seal, [pki.ca], 'Siegel-Passwort')).toString('base64');
    await secrets.put(seal.secret, JSON.stringify({ pkcs12, password: 'Siegel-Passwort' }));
    const credentials = await sealCredentialsFromKeyStore(secrets, seal, { minKeyBits: TEST_KEY_BITS });
    expect(Buffer.from(credentials.certificate).equals(Buffer.from(pki.credentials.certificate))).toBe(true);
    await expect(sealCredentialsFromKeyStore(secrets, seal)).rejects.toMatchObject({
      code: 'seal-key-too-small',
    });
    await expect(
      sealCredentialsFromKeyStore(createMemorySecretStore(), seal, { minKeyBits: TEST_KEY_BITS }),
    ).rejects.toMatchObject({ code: 'profile-secret-missing' });
  });

  it("prints the department profile's letterhead, contact, bank and legal remedy", () => {
    expect(
      noticeProfileOf({
        id: 'buergerservice',
        name: 'Bürgerservice',
        authorityName: 'Stadt Musterhausen',
        address: { street: 'Rathausplatz 1', postalCode: '12345', city: 'Musterhausen' },
        contact: { phone: '+49 1234 567-0' },
        bank: { name: 'Sparkasse', iban: 'DE02120300000000202051' },
        legalRemedy: 'Widerspruch binnen eines Monats.',
        fileReferencePattern: 'BS-{service}-{yyyy}-{seq:5}',
      }),
    ).toEqual({
      authorityName: 'Stadt Musterhausen',
      departmentName: 'Bürgerservice',
      street: 'Rathausplatz 1',
      postalCode: '12345',
      city: 'Musterhausen',
      phone: '+49 1234 567-0',
      bankName: 'Sparkasse',
      iban: 'DE02120300000000202051',
      legalRemedy: 'Widerspruch binnen eines Monats.',
    });
  });
});
