/**
 * The intake holder between two instances in this process (each its own lock connection on a private
 * PostgreSQL): one holds a destination, the other waits; a verified callback at the waiting instance wakes
 * the holder; closing the holder hands the destination over. The syncs are counted, not run: the real sync
 * under a holder is the kill test's (intake-kill.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callbackHeaders } from '../../../main/fitconnect/callback';
import type { SyncResult } from '../../../main/fitconnect/subscriber';
import { createMemoryLogger } from '../../../main/log/logger';
import { type HoldRole, type Intake, intakeLockKey, startIntake } from '../../../main/server/intake';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';

const postgres = postgresPerFile();
const SECRET = 'callback-secret-of-the-destination';
const EMPTY: SyncResult = { listed: 0, fetched: 0, failed: 0, gone: 0, verificationFailed: 0, issues: [] };

interface Instance {
  intake: Intake;
  /** Resolves at this instance's next sync of the destination. */
  nextSync(): Promise<void>;
  syncs: number;
  role(): HoldRole | undefined;
  /** Resolves once the destination has this role here. */
  becomes(role: HoldRole): Promise<void>;
}

describe('the intake holder', () => {
  let db: TestDatabase;
  const destinationId = randomUUID();
  const started: Instance[] = [];

  beforeEach(async () => {
    db = await postgres().database();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((instance) => instance.intake.close()));
    await db.drop();
  });

  function instance(): Instance {
    const syncWaiters: (() => void)[] = [];
    const roleWaiters = new Map<HoldRole, (() => void)[]>();
    const log = createMemoryLogger();
    const self: Instance = {
      syncs: 0,
      intake: startIntake({
        pool: db.newPool(),
        departments: [
          {
            id: 'buergerservice',
            destinationIds: [destinationId],
            syncDestination: async () => {
              self.syncs++;
              for (const resolve of syncWaiters.splice(0)) resolve();
              return EMPTY;
            },
            callbackSecret: async (id) => (id === destinationId ? SECRET : undefined),
          },
        ],
        log: {
          ...log,
          info(event, fields) {
            log.info(event, fields);
            if (event !== 'intake.role') return;
            for (const resolve of roleWaiters.get(fields?.role as HoldRole)?.splice(0) ?? []) resolve();
          },
        },
        retryMs: 100,
        pollIntervalMs: 10 * 60_000,
      }),
      nextSync: () => new Promise((resolve) => syncWaiters.push(resolve)),
      role: () => self.intake.states()[0]?.role,
      becomes: (role) =>
        self.role() === role
          ? Promise.resolve()
          : new Promise((resolve) => {
              const list = roleWaiters.get(role) ?? [];
              list.push(resolve);
              roleWaiters.set(role, list);
            }),
    };
    started.push(self);
    return self;
  }

  /** A first instance that holds the destination and has synced once, and a second one waiting. */
  async function holderAndStandby(): Promise<[Instance, Instance]> {
    const holder = instance();
    const firstSync = holder.nextSync();
    await holder.becomes('holding');
    await firstSync;
    const standby = instance();
    await standby.becomes('standby');
    return [holder, standby];
  }

  it('lets one instance hold the destination and the other wait, and hands it over when the holder closes', async () => {
    const [a, b] = await holderAndStandby();
    expect(a.intake.ready() && b.intake.ready()).toBe(true);
    expect(a.intake.states()).toEqual([{ department: 'buergerservice', destinationId, role: 'holding' }]);

    const takeover = b.nextSync();
    await a.intake.close();
    await b.becomes('holding');
    await takeover;
    expect(b.syncs).toBe(1);
    expect(a.role()).toBe('connecting');
  });

  it('syncs at once when a verified callback reaches the other instance, and not for a forged one', async () => {
    const [a, b] = await holderAndStandby();

    const server: Server = createServer((req, res) => {
      if (!b.intake.callbackRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = JSON.stringify({ type: 'https://schema.fitko.de/fit-connect/callbacks/new-submissions' });
      const post = (id: string, secret: string) =>
        fetch(`${url}/callbacks/${id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...callbackHeaders(secret, body, Date.now()) },
          body,
        });
      expect((await post(randomUUID(), SECRET)).status).toBe(404);
      expect((await post(destinationId, 'not-the-secret')).status).toBe(204);
      const woken = a.nextSync();
      expect((await post(destinationId, SECRET)).status).toBe(204);
      await woken;
      // The forged callback woke nobody: one sync at the start, one for the verified callback.
      expect(a.syncs).toBe(2);
      expect(b.syncs).toBe(0);
      expect((await fetch(`${url}/other`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('wakes the holders of a department when a person asks any instance to sync', async () => {
    const [a, b] = await holderAndStandby();
    const woken = a.nextSync();
    await b.intake.requestSync('buergerservice');
    await woken;
    expect(a.syncs).toBe(2);
  });

  it('derives a stable lock key per destination, as a signed 64-bit integer', () => {
    const key = intakeLockKey('6e1b5e2a-4f0c-4c3b-9a4e-2f1d8c7b6a50');
    expect(key).toBe(intakeLockKey('6E1B5E2A-4F0C-4C3B-9A4E-2F1D8C7B6A50'));
    expect(key).not.toBe(intakeLockKey(randomUUID()));
    expect(BigInt(key) >= -(2n ** 63n) && BigInt(key) < 2n ** 63n).toBe(true);
  });
});
