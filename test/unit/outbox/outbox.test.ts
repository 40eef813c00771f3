import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fullJitterDelay,
  type HandlerResult,
  Outbox,
  type OutboxChange,
  type OutboxError,
  type OutboxItem,
} from '../../../main/outbox';
import { type Store, vaultStore } from '../../../main/store';
import { fixedClock, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

let t: TestVault;
let store: Store;
let server: Server | null = null;
afterEach(async () => {
  t.cleanup();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const BACKOFF = { baseMs: 1_000, maxMs: 60_000 };

function setup(options: { maxAttempts?: number; random?: () => number } = {}) {
  const clock = fixedClock();
  t = openTestVault({ now: clock.now });
  store = vaultStore(t.vault, { now: clock.now });
  const outbox = new Outbox({
    store,
    now: clock.now,
    random: options.random ?? (() => 0.5),
    maxAttempts: options.maxAttempts ?? 4,
    backoff: BACKOFF,
  });
  return { clock, outbox };
}

function enqueueWithCase(outbox: Outbox, key: string): Promise<{ caseId: string; item: OutboxItem }> {
  return store.transaction(async (tx) => {
    const { caseId } = await tx.cases.storeIntake(sampleIntake());
    const item = await outbox.enqueue(tx, {
      type: 'handover',
      idempotencyKey: key,
      payload: { caseId },
      caseId,
    });
    return { caseId, item };
  });
}

/** A handler answering from a script of verdicts, recording what it saw. */
function scripted(verdicts: HandlerResult[]) {
  const seen: OutboxItem[] = [];
  const handler = async (item: OutboxItem): Promise<HandlerResult> => {
    seen.push(item);
    return verdicts.shift() ?? { kind: 'delivered' };
  };
  return { seen, handler };
}

describe('enqueue', () => {
  it('writes the item in the transaction of the state change, and not at all when it rolls back', async () => {
    const { outbox } = setup();
    const { caseId, item } = await enqueueWithCase(outbox, 'accept:1');
    expect(item).toMatchObject({
      state: 'pending',
      attempts: 0,
      caseId,
      payload: { caseId },
      type: 'handover',
    });

    await expect(
      store.transaction(async (tx) => {
        await tx.cases.storeIntake(sampleIntake({ fitCaseId: 'rolled-back' }));
        await outbox.enqueue(tx, { type: 'handover', idempotencyKey: 'accept:2', payload: { caseId: 'c' } });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect((await outbox.list()).map((i) => i.idempotencyKey)).toEqual(['accept:1']);
  });

  it('returns the existing item for a known idempotency key and adds nothing', async () => {
    const { outbox } = setup();
    const first = (await enqueueWithCase(outbox, 'notice:42')).item;
    const again = await store.transaction((tx) =>
      outbox.enqueue(tx, { type: 'handover', idempotencyKey: 'notice:42', payload: { caseId: 'other' } }),
    );
    expect(again).toEqual(first);
    expect(await outbox.summary()).toEqual({ pending: 1, inFlight: 0, delivered: 0, failed: 0 });
  });

  it('refuses a payload that does not fit its type, and the transaction stores nothing', async () => {
    const { outbox } = setup();
    let code = 'no error';
    try {
      await store.transaction(async (tx) => {
        await tx.cases.storeIntake(sampleIntake({ fitCaseId: 'refused' }));
        // A caller outside the type system (a stored value, a plugin) is checked at run time.
        const input = { type: 'fitconnect.event', idempotencyKey: 'accept:x', payload: { event: 'approve' } };
        await outbox.enqueue(tx, input as unknown as Parameters<Outbox['enqueue']>[1]);
      });
    } catch (error) {
      code = (error as OutboxError).code;
    }
    expect(code).toBe('outbox-invalid-input');
    expect(await outbox.list()).toEqual([]);
    expect((await store.cases.list({ department: 'sozialamt' })).total).toBe(0);
  });

  it('refuses to enqueue in a transaction that has ended', async () => {
    const { outbox } = setup();
    const escaped = await store.transaction(async (tx) => tx);
    let code = 'no error';
    try {
      await outbox.enqueue(escaped, { type: 'handover', idempotencyKey: 'h:1', payload: { caseId: 'c' } });
    } catch (error) {
      code = (error as OutboxError).code;
    }
    expect(code).toBe('transaction-ended');
    expect(await outbox.list()).toEqual([]);
  });

  it('tells listeners about an item once its transaction committed', async () => {
    const { outbox } = setup();
    const changes: OutboxChange[] = [];
    outbox.subscribe((change) => changes.push(change));
    const enqueued = enqueueWithCase(outbox, 'accept:1');
    expect(changes).toEqual([]);
    const { item } = await enqueued;
    expect(changes).toEqual([{ id: item.id, type: 'handover', state: 'pending', caseId: item.caseId }]);
  });
});

describe('worker', () => {
  it('delivers due items through the handler of their type and stores the receipt', async () => {
    const { outbox } = setup();
    const { seen, handler } = scripted([{ kind: 'delivered', receipt: { status: 204 } }]);
    outbox.register('handover', handler);
    const { item } = await enqueueWithCase(outbox, 'accept:1');
    await store.transaction((tx) =>
      outbox.enqueue(tx, { type: 'archive', idempotencyKey: 'archive:1', payload: { caseId: 'c' } }),
    );

    expect(await outbox.processDue()).toBe(1);
    expect(seen.map((i) => [i.id, i.state, i.attempts])).toEqual([[item.id, 'in_flight', 1]]);
    const [delivered] = await outbox.list({ state: 'delivered' });
    expect(delivered).toMatchObject({ receipt: { status: 204 }, deliveredAsRepeat: false, lastError: null });
    expect(delivered?.deliveredAt).toBe('2025-03-01T08:00:00.000Z');
    // No handler for archive yet: it waits instead of failing.
    expect(await outbox.summary()).toEqual({ pending: 1, inFlight: 0, delivered: 1, failed: 0 });
  });

  it('retries with exponential backoff and full jitter, then fails after the last attempt', async () => {
    const randoms = [0.5, 0.99, 0.25];
    const { clock, outbox } = setup({ maxAttempts: 4, random: () => randoms.shift() ?? 0 });
    const { handler, seen } = scripted(
      Array.from({ length: 4 }, () => ({ kind: 'retry', error: 'HTTP 503' }) as const),
    );
    outbox.register('handover', handler);
    const { item } = await enqueueWithCase(outbox, 'accept:1');

    const start = Date.parse('2025-03-01T08:00:00.000Z');
    const expectedDelays = [500, 1_980, 1_000]; // random × min(max, 1000 × 2^(attempt-1))
    let elapsed = 0;
    for (const delay of expectedDelays) {
      await outbox.processDue();
      const [pending] = await outbox.list({ state: 'pending' });
      expect(pending?.lastError).toBe('HTTP 503');
      expect(Date.parse(pending?.nextAttemptAt ?? '')).toBe(start + elapsed + delay);
      // Not due a millisecond early.
      clock.advance(delay - 1);
      elapsed += delay - 1;
      expect(await outbox.processDue()).toBe(0);
      clock.advance(1);
      elapsed += 1;
    }
    await outbox.processDue();
    expect(seen.map((i) => i.attempts)).toEqual([1, 2, 3, 4]);
    expect(await outbox.list({ state: 'failed' })).toMatchObject([
      { id: item.id, attempts: 4, lastError: 'HTTP 503' },
    ]);

    // A person retries: fresh attempts, due now.
    const retried = await outbox.retry(item.id);
    expect(retried).toMatchObject({ state: 'pending', attempts: 0 });
    await outbox.processDue();
    expect(await outbox.summary()).toMatchObject({ delivered: 1, failed: 0 });
  });

  it('fails at once on a permanent error, and only failed items can be retried', async () => {
    const { outbox } = setup();
    outbox.register('handover', scripted([{ kind: 'permanent', error: 'HTTP 422 invalid event' }]).handler);
    const { item } = await enqueueWithCase(outbox, 'accept:1');
    await outbox.processDue();
    expect(await outbox.list({ state: 'failed' })).toMatchObject([
      { attempts: 1, lastError: 'HTTP 422 invalid event' },
    ]);
    await outbox.retry(item.id);
    const code = async (id: string) => {
      try {
        await outbox.retry(id);
        return 'no error';
      } catch (error) {
        return (error as OutboxError).code;
      }
    };
    expect(await code(item.id)).toBe('outbox-not-failed');
    expect(await code('00000000-0000-4000-8000-000000000000')).toBe('outbox-item-not-found');
  });

  it('treats a throwing handler as a retry and keeps no message text', async () => {
    const { outbox } = setup();
    outbox.register('handover', async () => {
      throw Object.assign(new TypeError('fetch failed for Jürgen Müller'), { code: 'ECONNREFUSED' });
    });
    await enqueueWithCase(outbox, 'accept:1');
    await outbox.processDue();
    const [item] = await outbox.list({ state: 'pending' });
    expect(item?.lastError).toBe('handler threw TypeError (ECONNREFUSED)');
  });

  it('hands the handler a parsed payload, and fails an item whose stored payload no longer fits', async () => {
    const { outbox } = setup();
    const { seen, handler } = scripted([]);
    outbox.register('handover', handler);
    const { caseId } = await enqueueWithCase(outbox, 'handover:1');
    const broken = (await enqueueWithCase(outbox, 'handover:2')).item;
    // Written by an older version, or damaged: the handler must not see it.
    t.vault.transaction(({ db }) =>
      db.prepare(`UPDATE outbox SET payload = '{"case":1}' WHERE id = ?`).run(broken.id),
    );

    expect(await outbox.processDue()).toBe(2);
    expect(seen.map((i) => i.payload)).toEqual([{ caseId }]);
    expect(await outbox.list({ state: 'failed' })).toMatchObject([
      { id: broken.id, attempts: 1, lastError: 'outbox-invalid-payload: handover' },
    ]);
  });

  it('retries an item found in flight at start-up', async () => {
    const { clock, outbox } = setup();
    const { item } = await enqueueWithCase(outbox, 'accept:1');
    // A previous process claimed it and died before recording the outcome.
    t.vault.transaction(({ db }) =>
      db.prepare(`UPDATE outbox SET state = 'in_flight', attempts = 1 WHERE id = ?`).run(item.id),
    );
    t.vault.close();
    const vault = t.reopen();

    const restarted = new Outbox({
      store: vaultStore(vault, { now: clock.now }),
      now: clock.now,
      random: () => 0.5,
      backoff: BACKOFF,
    });
    const { seen, handler } = scripted([{ kind: 'delivered', repeat: true }]);
    restarted.register('handover', handler);
    const changes: OutboxChange[] = [];
    restarted.subscribe((change) => changes.push(change));
    const delivered = new Promise<void>((resolve) =>
      restarted.subscribe((change) => change.state === 'delivered' && resolve()),
    );
    restarted.start();
    await delivered;
    await restarted.stop();

    expect(seen.map((i) => i.attempts)).toEqual([2]);
    expect(changes.map((c) => c.state)).toEqual(['pending', 'in_flight', 'delivered']);
    expect(await restarted.list()).toMatchObject([{ state: 'delivered', deliveredAsRepeat: true }]);
  });

  it('wakes up for an item enqueued while it sleeps', async () => {
    const { outbox } = setup();
    const delivered = new Promise<string>((resolve) =>
      outbox.subscribe((change) => change.state === 'delivered' && resolve(change.id)),
    );
    outbox.register('handover', async () => ({ kind: 'delivered' }));
    outbox.start();
    const { item } = await enqueueWithCase(outbox, 'accept:1');
    expect(await delivered).toBe(item.id);
    await outbox.stop();
  });

  it('lets a handler count a 409 from the platform as delivered (a repeat), and a 503 as a retry', async () => {
    const { clock, outbox } = setup();
    const answers = [503, 409];
    server = createServer((request, response) => {
      request.resume();
      response.writeHead(answers.shift() ?? 500, { 'content-type': 'application/problem+json' }).end('{}');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    outbox.register('handover', async (item) => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/cases/${item.caseId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/jose' },
        body: 'header.payload.signature',
      });
      await response.arrayBuffer();
      if (response.status === 204) return { kind: 'delivered' };
      // Accepting an already accepted submission: the platform answers 409, the goal is reached.
      if (response.status === 409) return { kind: 'delivered', repeat: true, receipt: { status: 409 } };
      if (response.status >= 500) return { kind: 'retry', error: `HTTP ${response.status}` };
      return { kind: 'permanent', error: `HTTP ${response.status}` };
    });
    await enqueueWithCase(outbox, 'accept:1');
    await outbox.processDue();
    expect(await outbox.list()).toMatchObject([{ state: 'pending', lastError: 'HTTP 503' }]);
    clock.advance(BACKOFF.maxMs);
    await outbox.processDue();
    expect(await outbox.list()).toMatchObject([
      { state: 'delivered', deliveredAsRepeat: true, receipt: { status: 409 }, attempts: 2, lastError: null },
    ]);
  });
});

describe('fullJitterDelay', () => {
  it('draws from [0, min(max, base·2^(attempt-1)))', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => fullJitterDelay(attempt, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
  });
});
