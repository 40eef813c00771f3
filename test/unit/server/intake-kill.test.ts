/**
 * The department service's intake and outbox across instances, with real child processes killed by SIGKILL:
 * the intake holder killed during a sync of 200 applications (another instance takes over the destinations;
 * every application stored exactly once), then an instance killed in the middle of delivering the accepts
 * (every accept delivered exactly once at the platform).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSet } from '../../../main/fitconnect/set';
import { openPostgresStore } from '../../../main/postgres';
import type { StoredDepartmentProfile } from '../../../main/profile/types';
import { WAKE_CHANNEL } from '../../../main/server/intake/holder';
import { startTestPlatform, type TestPlatform } from '../../support/platform-harness';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';
import {
  importDemoProfile,
  type ServiceInstance,
  startServiceInstance,
} from '../../support/service-instances';
import { demoDestinations, type SentLight, senderClient, sendLight } from '../subscriber/fixtures';

const COUNT = 200;
/** Far beyond the takeover's expected 2 s retry: only proves that a takeover happened. */
const TAKEOVER_BOUND_MS = 60_000;
const postgres = postgresPerFile();

describe('the department service across instances', () => {
  let platform: TestPlatform;
  let db: TestDatabase;
  let admin: pg.Client;
  let dir: string;
  let profile: StoredDepartmentProfile;
  let sent: SentLight[];
  const masterKeyHex = randomBytes(32).toString('hex');
  const instances: ServiceInstance[] = [];
  const start = (name: string, config: Omit<Parameters<typeof startServiceInstance>[2], 'databaseUrl'>) => {
    const instance = startServiceInstance(name, dir, { ...config, databaseUrl: db.url });
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'antragsdesk-instances-'));
    platform = await startTestPlatform();
    db = await postgres().database();
    admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    const department = platform.platform.demo.departments[0];
    if (department === undefined) throw new Error('demo department missing');
    const store = openPostgresStore({
      pool: db.pool,
      department: department.id,
      masterKey: Buffer.from(masterKeyHex, 'hex'),
    });
    profile = await importDemoProfile(store, dir, {
      tokenUrl: platform.platform.tokenUrl,
      submissionApiUrl: platform.platform.url,
      department,
    });
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await admin?.end();
    await db?.drop();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hands the destinations to another instance when the holder is killed mid-sync, storing each application once', async () => {
    const destinations = profile.destinations.map((destination) => destination.destinationId);
    const intake = { masterKeyHex, profile, intake: { retryMs: 2_000, pollIntervalMs: 10 * 60_000 } };
    const a = start('a', intake);
    for (const id of destinations) await a.line((line) => line === `role ${id} holding`);
    const b = start('b', intake);
    for (const id of destinations) await b.line((line) => line === `role ${id} standby`);

    sent = await sendLight(senderClient(platform.platform), demoDestinations(platform.platform), COUNT, {
      seed: 1_717,
      attachmentSizes: [4_000],
    });
    expect(sent).toHaveLength(COUNT);
    // As a callback on any instance would: the holder syncs at once.
    for (const id of destinations) await db.pool.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, id]);
    await a.line((line) => line.startsWith('progress ') && Number(line.split(' ')[2]) >= 15);
    const storedBeforeKill = await count('SELECT count(*) AS n FROM submissions');

    const killedAt = performance.now();
    await a.kill();
    for (const id of destinations) await b.line((line) => line === `role ${id} holding`);
    const takeoverMs = performance.now() - killedAt;
    console.log(
      `intake takeover after SIGKILL of the holder: ${(takeoverMs / 1000).toFixed(1)} s (${storedBeforeKill} of ${COUNT} stored before the kill)`,
    );
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
    expect(storedBeforeKill).toBeLessThan(COUNT);

    for (const id of destinations) {
      const synced = await b.line((line) => line.startsWith(`synced ${id} `));
      expect(synced.split(' ')[3]).toBe('0');
    }
    const { rows } = await admin.query<{ submission_id: string }>(
      'SELECT submission_id FROM submissions ORDER BY submission_id',
    );
    expect(rows.map((row) => row.submission_id)).toEqual(
      sent.map(({ sent: submission }) => submission.submissionId).sort(),
    );
    expect(await count('SELECT count(*) AS n FROM cases')).toBe(COUNT);
    const intakes = await admin.query<{ submission: string; n: string }>(
      `SELECT details::jsonb ->> 'submissionId' AS submission, count(*) AS n FROM audit_log
       WHERE action = 'fitconnect.intake' GROUP BY 1`,
    );
    expect(intakes.rows).toHaveLength(COUNT);
    expect(intakes.rows.every((row) => row.n === '1')).toBe(true);
    expect(
      await count(`SELECT count(*) AS n FROM outbox WHERE type = 'fitconnect.event' AND state = 'pending'`),
    ).toBe(COUNT);
    await b.stop();
  }, 300_000);

  it('delivers every accept exactly once at the platform when an instance is killed mid-delivery', async () => {
    const outbox = { leaseMs: 3_000, maxIdleMs: 500 };
    const halting = start('c', { masterKeyHex, profile, outbox: { ...outbox, haltAfterSend: true } });
    const sentLine = await halting.line((line) => line.startsWith('sent '));
    const inFlight = sentLine.split(' ')[1];
    const other = start('d', { masterKeyHex, profile, outbox: { ...outbox, haltAfterSend: false } });
    await halting.kill();

    // The killed instance's item stays in flight until its lease ends; then the other instance takes it.
    const delivered = new Set<string>();
    await other.line((line) => {
      if (line.startsWith('delivered ')) delivered.add(line.split(' ')[1] ?? '');
      return delivered.size === COUNT;
    });
    expect(delivered.has(inFlight ?? '')).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE state = 'delivered'`)).toBe(COUNT);
    // The platform had the killed instance's accept already: the second attempt is a recorded repeat.
    const repeats = await admin.query<{ id: string }>('SELECT id FROM outbox WHERE delivered_as_repeat');
    expect(repeats.rows.map((row) => row.id)).toEqual([inFlight]);

    const sender = senderClient(platform.platform);
    for (const { sent: submission } of sent) {
      const events = (await sender.caseEvents(submission.caseId)).map(
        (token) => decodeSet(token).claims.event,
      );
      expect(events.filter((event) => event === 'accept-submission')).toHaveLength(1);
    }
  }, 300_000);

  async function count(sql: string): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(sql);
    return Number(rows[0]?.n);
  }
});
