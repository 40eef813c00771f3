/**
 * PostgreSQL stopped while the department service works, then started again: the service stays up and
 * says so (`/healthz` alive, `/readyz` not ready), a call meanwhile is answered "unavailable" with the
 * reason postgres-unavailable (the person reads "Verbindung unterbrochen … nicht gespeichert"), and once
 * PostgreSQL is back the same service answers again, with what was committed before and the events of new
 * changes, without being restarted. A schema this version does not expect is not ready either.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { databaseChecks, handleOperationsRequest } from '../../../main/server/health';
import type { DepartmentService } from '../../../main/server/service';
import { watchCaseEvents } from '../../support/case-events';
import {
  accessToken,
  call,
  type ServiceTestBed,
  startServiceTestBed,
} from '../../support/department-service';
import { postgresPerFile } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();
let bed: ServiceTestBed;
let service: DepartmentService;

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database());
  const pool = bed.database.newPool();
  const checks = databaseChecks(pool);
  service = await bed.start({
    pool,
    operationsRequest: (request, response) => handleOperationsRequest(request, response, () => checks),
  });
}, 240_000);

afterAll(async () => {
  await bed?.close();
  await bed?.database.drop();
});

async function status(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}${path}`);
  return { status: response.status, body: await response.json() };
}

/** The case ids of every `cases.changed` event on one client's stream, and a wait for one of them. */
function eventStream(token: string): {
  seen: Set<string>;
  next: (id: string) => Promise<void>;
  close(): void;
} {
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  const stream = watchCaseEvents(service.url, token, (ids) => {
    for (const id of ids) {
      seen.add(id);
      waiting.get(id)?.();
    }
  });
  return {
    seen,
    next: (id) => (seen.has(id) ? Promise.resolve() : new Promise((done) => waiting.set(id, done))),
    close: stream.close,
  };
}

/** Until the service's event bus listens again (it reconnects on its own after a lost connection). */
async function untilListening(): Promise<void> {
  const admin = new pg.Client({ connectionString: bed.database.adminUrl });
  await admin.connect();
  try {
    for (;;) {
      const listening = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
      );
      if (listening.rowCount !== 0) return;
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await admin.end();
  }
}

describe('the department service while PostgreSQL is down', () => {
  it('stays up, answers "unavailable" meanwhile, and works again without a restart, nothing lost', async () => {
    const store = openPostgresStore({
      pool: bed.database.pool,
      department: 'buergerservice',
      masterKey: bed.masterKey,
    });
    const { caseId } = await store.cases.storeIntake(sampleIntake({ department: 'buergerservice' }));
    const anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const tom = await accessToken(bed.demo.identityProvider.url, 'tom.becker');
    const events = eventStream(tom);
    const claimed = await call(
      service,
      'cases.transition',
      { id: caseId, action: 'claim', expectedVersion: 1 },
      { token: anna },
    );
    expect(claimed.body).toMatchObject({
      ok: true,
      value: { status: 'in_review', assignee: 'anna.schmidt' },
    });
    await events.next(caseId);
    expect(await status('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });

    await postgres().cluster.stop();
    expect(await status('/healthz')).toEqual({ status: 200, body: { status: 'alive' } });
    expect(await status('/readyz')).toMatchObject({
      status: 503,
      body: { status: 'not-ready', checks: { database: { ok: false, reason: 'ECONNREFUSED' } } },
    });
    const meanwhile = await call(
      service,
      'cases.transition',
      { id: caseId, action: 'release', expectedVersion: 2 },
      { token: anna },
    );
    expect(meanwhile).toMatchObject({
      status: 503,
      body: { ok: false, error: { code: 'unavailable', reason: 'postgres-unavailable' } },
    });
    expect((await call(service, 'cases.get', { id: caseId }, { token: anna })).body).toMatchObject({
      ok: false,
      error: { code: 'unavailable', reason: 'postgres-unavailable' },
    });

    await postgres().cluster.start();
    expect(await status('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    // What was committed before is there; the refused release changed nothing.
    expect((await call(service, 'cases.get', { id: caseId }, { token: anna })).body).toMatchObject({
      ok: true,
      value: { case: { status: 'in_review', assignee: 'anna.schmidt', version: 2 } },
    });
    // Work goes on, and the other client's stream hears of it once the service listens again.
    await untilListening();
    events.seen.clear();
    const released = await call(
      service,
      'cases.transition',
      { id: caseId, action: 'release', expectedVersion: 2 },
      { token: anna },
    );
    expect(released.body).toMatchObject({ ok: true, value: { status: 'new', assignee: null } });
    await events.next(caseId);
    events.close();
  }, 240_000);

  it('is not ready while the schema is not the one this version expects', async () => {
    const admin = new pg.Client({ connectionString: bed.database.adminUrl });
    await admin.connect();
    try {
      const last = await admin.query<{ version: number; name: string }>(
        'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name',
      );
      const { version, name } = last.rows[0] as { version: number; name: string };
      // Numbers are handed out to branches, so the one before the last need not be one less.
      const { rows } = await admin.query<{ previous: number }>(
        'SELECT max(version) AS previous FROM schema_migrations',
      );
      const previous = rows[0]?.previous;
      expect(await status('/readyz')).toMatchObject({
        status: 503,
        body: {
          checks: {
            database: { ok: true },
            migrations: { ok: false, reason: `schema ${previous}, expected ${version}` },
          },
        },
      });
      await admin.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, name]);
      expect(await status('/readyz')).toMatchObject({ status: 200 });
    } finally {
      await admin.end();
    }
  });
});
