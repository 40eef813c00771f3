/**
 * PostgreSQL stopped during work and started again (a restart with the server down a while, as an update
 * or a failover does it): the service's pool and readiness checks notice, say so clearly, and recover
 * without a restart of the service; nothing committed before is lost.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { databaseChecks, readiness } from '../../../main/server/health';
import { postgresPerFile } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();

describe('PostgreSQL down and back', () => {
  it('readiness goes not-ready and back, calls fail as postgres-unavailable meanwhile, committed work stays', async () => {
    const database = await postgres().database();
    try {
      const store = openPostgresStore({
        pool: database.pool,
        department: 'sozialamt',
        masterKey: randomBytes(32),
      });
      const checks = databaseChecks(database.pool);
      expect(await readiness(checks)).toEqual({
        ready: true,
        checks: { database: { ok: true }, migrations: { ok: true, detail: { version: expect.any(Number) } } },
      });
      const { caseId } = await store.cases.storeIntake(sampleIntake());
      await store.cases.update(caseId, 1, { status: 'in_review', assignee: 'sb-1' });

      await postgres().cluster.stop();
      const down = await readiness(checks);
      expect(down.ready).toBe(false);
      expect(down.checks.database).toEqual({ ok: false, reason: 'ECONNREFUSED' });
      await expect(store.cases.get(caseId)).rejects.toMatchObject({ code: 'postgres-unavailable' });
      await expect(store.cases.update(caseId, 2, { status: 'accepted' })).rejects.toMatchObject({
        code: 'postgres-unavailable',
      });

      await postgres().cluster.start();
      expect((await readiness(checks)).ready).toBe(true);
      const after = await store.cases.get(caseId);
      expect(after.case).toMatchObject({ status: 'in_review', assignee: 'sb-1', version: 2 });
      // Work goes on where it stopped: the refused update was not half-applied.
      await store.cases.update(caseId, 2, { status: 'accepted' });
      expect((await store.cases.get(caseId)).case).toMatchObject({ status: 'accepted', version: 3 });
    } finally {
      await database.drop();
    }
  });
});
