import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../../main/notices/service/records';
import type { NoticeChannel } from '../../../shared/delivery/channel';
import { attachmentIntake, sampleIntake } from '../../support/vault-fixtures';
import { freshStore, type OpenStore, rejection } from './harness';

const AT = new Date('2025-03-01T08:00:00.000Z');

/** Receipts, outbox items, the audit log, notices, counters, preferences, secrets and attachment files. */
export function recordStoresContract(open: OpenStore): void {
  const store = freshStore(open);

  describe('receipt store', () => {
    it('keeps one receipt per delivering item, and purges a case down to its stub', async () => {
      const file = await store().attachments.write([Buffer.from('Mietvertrag')]);
      const { caseId } = await store().cases.storeIntake(
        sampleIntake({ attachments: [attachmentIntake(file)] }),
      );
      const outboxItemId = randomUUID();
      const first = await store().receipts.record({
        caseId,
        kind: 'archive',
        outboxItemId,
        receipt: { processId: 'p-1' },
      });
      const again = await store().receipts.record({
        caseId,
        kind: 'archive',
        outboxItemId,
        receipt: { processId: 'p-2' },
      });
      expect(again).toEqual(first);
      expect(await store().receipts.forItem(outboxItemId)).toEqual(first);
      expect(await store().receipts.ofCase(caseId)).toEqual([first]);
      await store().cases.update(caseId, 1, { status: 'archived' });
      expect(await store().receipts.dueForPurge('sozialamt', '2999-01-01T00:00:00.000Z')).toEqual([caseId]);

      const { storagePaths } = await store().receipts.purge(caseId, 'system');
      expect(storagePaths).toEqual([file.storagePath]);
      expect(await store().receipts.purgeOf(caseId)).toMatchObject({ caseId, purgedBy: 'system' });
      const stub = await store().cases.get(caseId);
      expect(stub.case.applicantName).toBe('');
      expect(stub.submissions).toEqual([]);
      expect(await store().receipts.ofCase(caseId)).toEqual([first]);
      expect(await store().receipts.dueForPurge('sozialamt', '2999-01-01T00:00:00.000Z')).toEqual([]);
    });
  });

  describe('outbox store', () => {
    const input = {
      type: 'handover',
      idempotencyKey: 'handover:c-1',
      caseId: null,
      payload: { caseId: 'c-1' },
    } as const;

    it('adds an item once per idempotency key, and claims, delivers and counts it', async () => {
      const { item, created } = await store().outbox.insert(input, AT);
      expect(created).toBe(true);
      expect(item).toMatchObject({
        state: 'pending',
        attempts: 0,
        payload: { caseId: 'c-1' },
        deliveredAsRepeat: false,
      });
      expect(await store().outbox.insert(input, AT)).toEqual({ item, created: false });

      expect(await store().outbox.claimNext(['archive'], AT)).toBeNull();
      const claimed = await store().outbox.claimNext(['handover'], AT);
      expect(claimed).toMatchObject({ id: item.id, state: 'in_flight', attempts: 1 });
      expect(await store().outbox.claimNext(['handover'], AT)).toBeNull();
      await store().outbox.markDelivered(item.id, { status: 204 }, true, AT);
      expect(await store().outbox.get(item.id)).toMatchObject({
        state: 'delivered',
        receipt: { status: 204 },
        deliveredAsRepeat: true,
      });
      expect(await store().outbox.countByState()).toEqual({
        pending: 0,
        inFlight: 0,
        delivered: 1,
        failed: 0,
      });
    });

    it('schedules a retry, fails, resets and recovers items left in flight', async () => {
      const { item } = await store().outbox.insert(input, AT);
      await store().outbox.claimNext(['handover'], AT);
      const later = new Date(AT.getTime() + 60_000);
      await store().outbox.markRetry(item.id, 'HTTP 503', later, AT);
      expect(await store().outbox.nextDueAt(['handover'])).toEqual(later);
      expect(await store().outbox.claimNext(['handover'], AT)).toBeNull();
      await store().outbox.claimNext(['handover'], later);
      await store().outbox.markFailed(item.id, 'HTTP 422', later);
      expect(await store().outbox.list({ state: 'failed' })).toMatchObject([
        { id: item.id, lastError: 'HTTP 422' },
      ]);
      expect(await store().outbox.resetFailed(item.id, later)).toMatchObject({
        state: 'pending',
        attempts: 0,
      });
      expect(await rejection(store().outbox.resetFailed(item.id, later))).toBe('outbox-not-failed');

      const claimed = await store().outbox.claimNext(['handover'], later);
      // A store with claim leases (PostgreSQL) recovers only items whose lease ended; a day is past any.
      const nextDay = new Date(later.getTime() + 24 * 60 * 60_000);
      expect((await store().outbox.recoverInFlight(nextDay)).map((i) => [i.id, i.state])).toEqual([
        [item.id, 'pending'],
      ]);
      const again = await store().outbox.claimNext(['handover'], nextDay);
      expect(again).toMatchObject({ id: item.id, idempotencyKey: claimed?.idempotencyKey, attempts: 2 });
    });

    it('stores an item with the state change of its transaction, and none when it rolls back', async () => {
      const { caseId } = await store().cases.storeIntake(sampleIntake());
      const accept = { ...input, caseId, idempotencyKey: `accept:${caseId}` };
      expect(
        await rejection(
          store().transaction(async (tx) => {
            await tx.cases.update(caseId, 1, { status: 'accepted' });
            await tx.outbox.insert(accept, AT);
            throw new Error('no');
          }),
        ),
      ).toBe('no');
      expect(await store().outbox.list({})).toEqual([]);
      await store().transaction(async (tx) => {
        await tx.cases.update(caseId, 1, { status: 'accepted' });
        await tx.outbox.insert(accept, AT);
      });
      expect(await store().outbox.list({ caseId })).toMatchObject([
        { idempotencyKey: accept.idempotencyKey },
      ]);
    });

    it('gives concurrent claims different items', async () => {
      const keys = ['handover:c-1', 'handover:c-2', 'handover:c-3'];
      for (const idempotencyKey of keys) await store().outbox.insert({ ...input, idempotencyKey }, AT);
      const claims = await Promise.all(keys.map(() => store().outbox.claimNext(['handover'], AT)));
      expect(claims.map((c) => c?.idempotencyKey).sort()).toEqual(keys);
      expect(await store().outbox.claimNext(['handover'], AT)).toBeNull();
    });
  });

  describe('audit store', () => {
    it('chains entries, lists them by case, and verifies the chain', async () => {
      const caseId = randomUUID();
      const entry = {
        actor: 'sb-1',
        department: 'bauamt',
        caseId,
        action: 'case.claim',
        outcome: 'success',
      } as const;
      const first = await store().audit.append(entry);
      const second = await store().audit.append({
        ...entry,
        caseId: null,
        action: 'vault.open',
        details: { n: 1 },
      });
      expect(second.prevHash).toBe(first.hash);
      expect((await store().audit.list({ caseId })).map((e) => e.id)).toEqual([first.id]);
      expect(await store().audit.list({ afterId: first.id })).toMatchObject([{ details: { n: 1 } }]);
      expect(await store().audit.verify()).toMatchObject({ ok: true, checked: 2, headHash: second.hash });
    });

    it('keeps one unbroken chain when many append at once', async () => {
      const appends = Array.from({ length: 12 }, (_, n) =>
        store().audit.append({
          actor: `sb-${n}`,
          department: 'bauamt',
          caseId: null,
          action: 'case.view',
          outcome: 'success',
        }),
      );
      const ids = (await Promise.all(appends)).map((e) => e.id).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 12 }, (_, n) => n + 1));
      expect(await store().audit.verify()).toMatchObject({ ok: true, checked: 12 });
    });

    it('appends nothing when the transaction of the change rolls back', async () => {
      await rejection(
        store().transaction(async (tx) => {
          await tx.audit.append({
            actor: 'sb-1',
            department: null,
            caseId: null,
            action: 'x.y',
            outcome: 'success',
          });
          throw new Error('no');
        }),
      );
      expect(await store().audit.list()).toEqual([]);
    });
  });

  describe('notice store', () => {
    it('keeps sealed notices with their PDF and one delivery per channel', async () => {
      const { caseId } = await store().cases.storeIntake(sampleIntake());
      const pdf = Buffer.from('%PDF-1.7 Bescheid');
      const notice = {
        id: randomUUID(),
        caseId,
        version: 1,
        kind: 'approval' as const,
        templateId: 'wohngeld-bewilligung',
        title: 'Bewilligung',
        text: 'Ihr Antrag wird bewilligt.',
        sealedAt: AT.toISOString(),
        sealedBy: 'sb-1',
        sha512: createHash('sha512').update(pdf).digest('hex'),
      };
      await store().transaction((tx) => tx.notices.insertNotice(notice, pdf));
      expect(await store().notices.findNotice(notice.id)).toEqual(notice);
      expect(await store().notices.noticesOfCase(caseId)).toEqual([notice]);
      expect(Buffer.from((await store().notices.readNoticePdf(notice.id)) ?? [])).toEqual(pdf);
      expect((await store().notices.history(caseId)).map((v) => v.version)).toEqual([1]);

      const delivery = { id: randomUUID(), noticeId: notice.id, channel: 'email', state: 'queued' } as const;
      const { delivery: stored, created } = await store().notices.insertDelivery(delivery, AT);
      expect(created).toBe(true);
      expect((await store().notices.insertDelivery({ ...delivery, id: randomUUID() }, AT)).created).toBe(
        false,
      );
      await store().notices.updateDelivery(
        stored.id,
        { state: 'delivered', receipt: { messageId: '<m@x>' } },
        AT,
      );
      expect(await store().notices.findDeliveryOn(notice.id, 'email')).toMatchObject({
        state: 'delivered',
        receipt: { messageId: '<m@x>' },
        lastError: null,
      });
      expect((await store().notices.deliveriesOfCase(caseId)).map((d) => d.id)).toEqual([stored.id]);
      expect(await store().notices.findDelivery(randomUUID())).toBeUndefined();
    });

    it('gives the delivery states of the notices of many cases in one call', async () => {
      const sealed = async (caseId: string, version: number) => {
        const notice = {
          id: randomUUID(),
          caseId,
          version,
          kind: 'approval' as const,
          templateId: 'wohngeld-bewilligung',
          title: 'Bewilligung',
          text: 'Ihr Antrag wird bewilligt.',
          sealedAt: AT.toISOString(),
          sealedBy: 'sb-1',
          sha512: '0'.repeat(128),
        };
        await store().transaction((tx) => tx.notices.insertNotice(notice, Buffer.from('%PDF-1.7')));
        return notice.id;
      };
      const cases: string[] = [];
      for (let i = 0; i < 4; i++) cases.push((await store().cases.storeIntake(sampleIntake())).caseId);
      const [first, second, none, unasked] = cases;
      const a = await sealed(first ?? '', 1);
      const b = await sealed(second ?? '', 1);
      const c = await sealed(second ?? '', 2);
      await sealed(none ?? '', 1);
      const u = await sealed(unasked ?? '', 1);
      const deliver = (noticeId: string, channel: NoticeChannel, state: DeliveryState) =>
        store().notices.insertDelivery({ id: randomUUID(), noticeId, channel, state }, AT);
      await deliver(a, 'email', 'queued');
      await deliver(b, 'zbp', 'failed');
      await deliver(c, 'post', 'print');
      await deliver(u, 'email', 'queued');

      const states = await store().notices.deliveryStatesOfCases([first ?? '', second ?? '', none ?? '']);
      const byNotice = (x: { noticeId: string }, y: { noticeId: string }) =>
        x.noticeId.localeCompare(y.noticeId);
      expect([...states].sort(byNotice)).toEqual(
        [
          { caseId: first, noticeId: a, kind: 'approval', state: 'queued' },
          { caseId: second, noticeId: b, kind: 'approval', state: 'failed' },
          { caseId: second, noticeId: c, kind: 'approval', state: 'print' },
        ].sort(byNotice),
      );
      expect(await store().notices.deliveryStatesOfCases([])).toEqual([]);
    });
  });

  describe('counters, preferences, secrets and sync state', () => {
    it('numbers file references per department and year without giving one twice', async () => {
      const bauamt = store('bauamt');
      const numbers = await Promise.all(
        Array.from({ length: 10 }, () => bauamt.transaction((tx) => tx.fileReferences.next('bauamt', 2026))),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await bauamt.fileReferences.next('bauamt', 2027)).toBe(1);
      expect(await store().fileReferences.next('sozialamt', 2026)).toBe(1);
    });

    it('keeps preferences per person, secrets by name, and sync state by key', async () => {
      await store().preferences.set('sb-1', 'filters', '[]');
      expect(await store().preferences.get('sb-1', 'filters')).toBe('[]');
      expect(await store().preferences.get('sb-2', 'filters')).toBeNull();
      await store().secrets.put('client-secret', 's3cr3t');
      expect(await store().secrets.get('client-secret')).toBe('s3cr3t');
      await store().secrets.delete('client-secret');
      expect(await store().secrets.get('client-secret')).toBeNull();
      await store().syncState.set('cursor', '17');
      await store().syncState.set('cursor', '18');
      expect(await store().syncState.get('cursor')).toBe('18');
    });
  });

  describe('attachment files', () => {
    it('writes a file in chunks and reads the same bytes back by the id stored with the case', async () => {
      const chunks = [Buffer.from('Seite 1 '), Buffer.from('Seite 2')];
      const file = await store().attachments.write(chunks);
      const { caseId } = await store().cases.storeIntake(
        sampleIntake({ attachments: [attachmentIntake(file)] }),
      );
      const [described] = (await store().cases.get(caseId)).attachments;
      expect(described).toMatchObject({ id: file.id, size: 15, filename: 'Mietvertrag.pdf' });
      expect((await store().attachments.readAttachment(file.id)).toString()).toBe('Seite 1 Seite 2');
      expect(await rejection(store().attachments.readAttachment(randomUUID()))).toBe('attachment-not-found');
    });

    it('streams an attachment of several megabytes both ways, piece by piece', async () => {
      const bytes = randomBytes(2.5 * 1024 * 1024 + 7);
      const pieces = function* () {
        for (let at = 0; at < bytes.length; at += 300_000) yield bytes.subarray(at, at + 300_000);
      };
      const file = await store().attachments.write(pieces());
      expect(file).toMatchObject({
        size: bytes.length,
        sha512: createHash('sha512').update(bytes).digest('hex'),
      });
      await store().cases.storeIntake(sampleIntake({ attachments: [attachmentIntake(file)] }));
      const read: Buffer[] = [];
      for await (const chunk of await store().attachments.openAttachmentStream(file.id)) read.push(chunk);
      expect(read.length).toBeGreaterThan(1);
      expect(Buffer.concat(read).equals(bytes)).toBe(true);
    });
  });
}
