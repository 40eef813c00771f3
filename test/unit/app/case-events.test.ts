import { afterEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../../main/api/events';
import { reportCaseChanges } from '../../../main/app/case-events';
import { type HandlerResult, Outbox } from '../../../main/outbox';
import { fixedClock, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

let t: TestVault;
afterEach(() => t.cleanup());

/** The item types of the app that belong to a case, each answered as its channel might. */
const verdicts: Record<string, HandlerResult> = {
  'fitconnect.event': { kind: 'delivered' },
  'notice.delivery': { kind: 'permanent', error: 'zbp-rejected: test' },
  handover: { kind: 'retry', error: 'unavailable' },
  archive: { kind: 'delivered' },
};

describe('cases.changed on outbox deliveries', () => {
  it('tells of every state change of an item of a case, of any type, and of none without a case', async () => {
    const clock = fixedClock();
    t = openTestVault({ now: clock.now });
    const outbox = new Outbox({ vault: t.vault, now: clock.now, random: () => 0.5, maxAttempts: 3 });
    for (const [type, verdict] of Object.entries(verdicts)) outbox.register(type, async () => verdict);
    outbox.register('profile.sync', async () => ({ kind: 'delivered' }));
    const events = createEventHub();
    const changed: string[] = [];
    events.subscribe((name, payload) => {
      if (name === 'cases.changed') changed.push(...(payload as { ids: string[] }).ids);
    });
    const stop = reportCaseChanges(outbox, events);

    const caseOf = t.vault.transaction((tx) => {
      const ids = new Map<string, string>();
      for (const type of Object.keys(verdicts)) {
        const { caseId } = t.vault.cases.storeIntake(sampleIntake());
        outbox.enqueue(tx, { type, idempotencyKey: type, payload: {}, caseId });
        ids.set(type, caseId);
      }
      outbox.enqueue(tx, { type: 'profile.sync', idempotencyKey: 'no-case', payload: {}, caseId: null });
      return ids;
    });
    await Promise.resolve();
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
    expect(outbox.list({ caseId: caseOf.get('notice.delivery') })[0]?.state).toBe('failed');

    stop();
    changed.length = 0;
    outbox.retry(outbox.list({ caseId: caseOf.get('notice.delivery') })[0]?.id ?? '');
    expect(changed).toEqual([]);
  });
});
