import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../../main/api/events';
import { reportCaseChanges } from '../../../main/app/case-events';
import { type HandlerResult, Outbox, type OutboxItemInput, type OutboxType } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import { fixedClock, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

let t: TestVault;
afterEach(() => t.cleanup());

/** The item types of the app that belong to a case, each answered as its channel might. */
const verdicts: Partial<Record<OutboxType, HandlerResult>> = {
  'fitconnect.event': { kind: 'delivered' },
  'notice.delivery': { kind: 'permanent', error: 'zbp-rejected: test' },
  handover: { kind: 'retry', error: 'unavailable' },
  archive: { kind: 'delivered' },
};

function samplePayloads(caseId: string) {
  return {
    'fitconnect.event': { event: 'accept-submission', submissionId: randomUUID() },
    'notice.delivery': { deliveryId: randomUUID(), noticeId: randomUUID(), channel: 'zbp' },
    handover: { caseId },
    archive: { caseId },
  } as const satisfies Partial<{ [T in OutboxType]: OutboxItemInput<T>['payload'] }>;
}

describe('cases.changed on outbox deliveries', () => {
  it('tells of every state change of an item of a case, of any type, and of none without a case', async () => {
    const clock = fixedClock();
    t = openTestVault({ now: clock.now });
    const store = vaultStore(t.vault, { now: clock.now });
    const outbox = new Outbox({ store, now: clock.now, random: () => 0.5, maxAttempts: 3 });
    const types = Object.keys(verdicts) as (keyof ReturnType<typeof samplePayloads>)[];
    for (const type of types) outbox.register(type, async () => verdicts[type] ?? { kind: 'delivered' });
    outbox.register('zbp.status', async () => ({ kind: 'delivered' }));
    const events = createEventHub();
    const changed: string[] = [];
    events.subscribe((name, payload) => {
      if (name === 'cases.changed') changed.push(...(payload as { ids: string[] }).ids);
    });
    const stop = reportCaseChanges(outbox, events);

    const caseOf = await store.transaction(async (tx) => {
      const ids = new Map<string, string>();
      for (const type of types) {
        const { caseId } = await tx.cases.storeIntake(sampleIntake());
        const payload = samplePayloads(caseId)[type];
        await outbox.enqueue(tx, { type, idempotencyKey: type, payload, caseId } as OutboxItemInput);
        ids.set(type, caseId);
      }
      // An item that names no case (a status update can be enqueued so).
      const payload = { caseId: 'elsewhere', status: 'RECEIVED' } as const;
      await outbox.enqueue(tx, { type: 'zbp.status', idempotencyKey: 'no-case', payload, caseId: null });
      return ids;
    });
    // Enqueued: each case once.
    expect([...changed].sort()).toEqual([...caseOf.values()].sort());

    changed.length = 0;
    expect(await outbox.processDue()).toBe(5);
    // Claimed (in flight) and settled (delivered, failed, or waiting for a retry): each case twice.
    for (const [type, caseId] of caseOf) {
      expect(
        changed.filter((id) => id === caseId),
        type,
      ).toHaveLength(2);
    }
    expect(changed).toHaveLength(2 * caseOf.size);
    const [failed] = await outbox.list({ caseId: caseOf.get('notice.delivery') });
    expect(failed?.state).toBe('failed');

    stop();
    changed.length = 0;
    await outbox.retry(failed?.id ?? '');
    expect(changed).toEqual([]);
  });
});
