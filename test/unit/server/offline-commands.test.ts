/**
 * Offline commands on the department service (`commands.apply`): each applied once per command id, a replay
 * answering the first result; a command on a case that moved on, or is now someone else's, answered with a
 * conflict carrying the case's current version, and not applied. Real PostgreSQL, real identity provider.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import type { DepartmentService } from '../../../main/server/service';
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
let anna: string;
let tom: string;

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database());
  service = await bed.start();
  anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
  tom = await accessToken(bed.demo.identityProvider.url, 'tom.becker');
}, 240_000);

afterAll(async () => {
  await bed?.close();
  await bed?.database.drop();
});

const store = () =>
  openPostgresStore({ pool: bed.database.pool, department: 'buergerservice', masterKey: bed.masterKey });

async function caseOf(token: string, id: string) {
  const answer = await call(service, 'cases.get', { id }, { token });
  expect(answer.body.ok).toBe(true);
  return (answer.body as { value: { case: { version: number; assignee: string | null }; notes: unknown[] } })
    .value;
}

/** A new case of the Bürgerservice, claimed by Anna: answers its id and version. */
async function annasCase() {
  const { caseId } = await store().cases.storeIntake(sampleIntake({ department: 'buergerservice' }));
  const before = await caseOf(anna, caseId);
  const claimed = await call(
    service,
    'cases.transition',
    { id: caseId, action: 'claim', expectedVersion: before.case.version },
    { token: anna },
  );
  expect(claimed.body.ok).toBe(true);
  return { caseId, version: (await caseOf(anna, caseId)).case.version };
}

const note = (caseId: string, baseVersion: number, text: string, commandId = randomUUID()) => ({
  commandId,
  caseId,
  baseVersion,
  action: 'note',
  payload: { text },
});

async function ledgerRows(commandId: string): Promise<number> {
  const admin = new pg.Client({ connectionString: bed.database.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'SELECT count(*)::int AS n FROM applied_commands WHERE command_id = $1',
      [commandId],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

describe('offline commands on the department service', () => {
  it('applies a command replayed twice, also at the same moment, exactly once', async () => {
    const { caseId, version } = await annasCase();
    const command = note(caseId, version, 'Unterlagen telefonisch nachgefordert.');
    const [first, second] = await Promise.all([
      call(service, 'commands.apply', command, { token: anna }),
      call(service, 'commands.apply', command, { token: anna }),
    ]);
    const third = await call(service, 'commands.apply', command, { token: anna });
    expect(first.body).toMatchObject({
      ok: true,
      value: { outcome: 'applied', commandId: command.commandId },
    });
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    const after = await caseOf(anna, caseId);
    expect(after.notes).toHaveLength(1);
    expect(await ledgerRows(command.commandId)).toBe(1);
  }, 120_000);

  it('answers a conflict with the current version for a stale base version, and applies nothing', async () => {
    const { caseId, version } = await annasCase();
    const applied = await call(service, 'commands.apply', note(caseId, version, 'Erste Notiz.'), {
      token: anna,
    });
    expect(applied.body).toMatchObject({ ok: true, value: { outcome: 'applied' } });
    // Written offline on the case as it was before the claim: the version has moved on since.
    const latest = (await caseOf(anna, caseId)).case.version;
    const stale = note(caseId, version - 1, 'Offline geschrieben.');
    const answer = await call(service, 'commands.apply', stale, { token: anna });
    expect(answer.body).toEqual({
      ok: true,
      value: {
        outcome: 'conflict',
        commandId: stale.commandId,
        reason: 'version-moved',
        currentVersion: latest,
        assignee: 'anna.schmidt',
      },
    });
    expect((await caseOf(anna, caseId)).notes).toHaveLength(1);
    expect(await ledgerRows(stale.commandId)).toBe(0);
  }, 120_000);

  it('answers a conflict when the case was handed to someone else, and applies nothing', async () => {
    const { caseId, version } = await annasCase();
    await caseOf(tom, caseId);
    const reassigned = await call(
      service,
      'cases.transition',
      { id: caseId, action: 'reassign', expectedVersion: version, newAssignee: 'tom.becker' },
      { token: tom },
    );
    expect(reassigned.body.ok).toBe(true);
    const now = (await caseOf(tom, caseId)).case;
    const command = note(caseId, now.version, 'Noch von Anna offline.');
    const answer = await call(service, 'commands.apply', command, { token: anna });
    expect(answer.body).toMatchObject({
      ok: true,
      value: {
        outcome: 'conflict',
        reason: 'not-assignee',
        currentVersion: now.version,
        assignee: 'tom.becker',
      },
    });
    expect((await caseOf(tom, caseId)).notes).toHaveLength(0);
    expect(await ledgerRows(command.commandId)).toBe(0);
  }, 120_000);

  it('refuses an action that may not be done offline', async () => {
    const { caseId, version } = await annasCase();
    const answer = await call(
      service,
      'commands.apply',
      { commandId: randomUUID(), caseId, baseVersion: version, action: 'seal', payload: {} },
      { token: anna },
    );
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }, 120_000);
});
