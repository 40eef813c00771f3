/**
 * What the department service checks and tidies on its own: at start each department's audit chain (a
 * department whose chain is broken is not served, and the log says so without naming anyone), the intake's
 * state per destination for `/readyz`, and now and then the attachment contents no attachment refers to.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { intakeCheck } from '../../../main/server/health';
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

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database());
}, 240_000);

afterAll(async () => {
  await bed?.close();
  await bed?.database.drop();
});

async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: bed.database.adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

describe('the department service at start and while it runs', () => {
  it('tells /readyz which destinations this instance holds or waits for', async () => {
    const service = await bed.start();
    const destinations = bed.demo.profiles.flatMap((profile) =>
      profile.destinations.map((destination) => destination.destinationId),
    );
    let result = await intakeCheck(service.intake).run();
    // Each destination's lock connection opens on its own; ready once none is still connecting.
    while (!result.ok) {
      await new Promise((done) => setTimeout(done, 50));
      result = await intakeCheck(service.intake).run();
    }
    const detail = result.detail as { holding: string[]; standby: string[] };
    expect([...detail.holding, ...detail.standby].sort()).toEqual([...destinations].sort());
  });

  it('deletes attachment contents no attachment refers to, once they are old enough', async () => {
    const department = 'buergerservice';
    const old = randomUUID();
    const fresh = randomUUID();
    await asAdmin((admin) =>
      admin.query(
        `INSERT INTO attachment_contents (id, department, wrapped_key, chunk_bytes, chunks, size, sha512, created_at)
         VALUES ($1, $3, '\\x00', 1, 1, 1, 'x', now() - interval '2 hours'),
                ($2, $3, '\\x00', 1, 1, 1, 'x', now())`,
        [old, fresh, department],
      ),
    );
    await bed.start({ orphanSweepMs: 50 });
    const left = async () =>
      asAdmin(async (admin) =>
        (
          await admin.query<{ id: string }>('SELECT id FROM attachment_contents WHERE id = ANY($1)', [
            [old, fresh],
          ])
        ).rows.map((row) => row.id),
      );
    while ((await left()).includes(old)) await new Promise((done) => setTimeout(done, 50));
    expect(await left()).toEqual([fresh]);
  });

  it('does not serve a department whose audit chain is broken, and says so in the log without names', async () => {
    const store = openPostgresStore({
      pool: bed.database.pool,
      department: 'buergerservice',
      masterKey: bed.masterKey,
    });
    const { caseId } = await store.cases.storeIntake(sampleIntake({ department: 'buergerservice' }));
    const service = await bed.start();
    const anna = await accessToken(bed.demo.identityProvider.issuer, 'anna.schmidt');
    const claimed = await call(
      service,
      'cases.transition',
      { id: caseId, action: 'claim', expectedVersion: 1 },
      { token: anna },
    );
    expect(claimed.body.ok).toBe(true);

    // Someone with the database's superuser rewrites who made the last entry.
    await asAdmin(async (admin) => {
      await admin.query("SET session_replication_role = 'replica'");
      await admin.query(
        `UPDATE audit_log SET actor = 'someone.else' WHERE department = 'buergerservice'
           AND id = (SELECT max(id) FROM audit_log WHERE department = 'buergerservice')`,
      );
    });
    const linesBefore = bed.logLines.length;
    const next = await bed.start();
    const refused = await call(next, 'cases.get', { id: caseId }, { token: anna });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The other departments are served.
    const lea = await accessToken(bed.demo.identityProvider.issuer, 'lea.wagner');
    expect((await call(next, 'cases.list', {}, { token: lea })).body.ok).toBe(true);

    const lines = bed.logLines.slice(linesBefore).join('\n');
    const refusal = bed.logLines
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.event === 'service.department-refused');
    expect(refusal).toMatchObject({
      department: 'buergerservice',
      reason: 'audit-chain-broken',
      breakReason: expect.any(String),
    });
    expect(lines).not.toContain('anna.schmidt');
    expect(lines).not.toContain('someone.else');
    expect(lines).not.toContain(caseId);
  });
});
