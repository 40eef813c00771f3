/**
 * Department isolation in the database itself, proven with plain SQL as the service's role (not through
 * the store's checks in code), and what the store refuses on top: another department's call, a second
 * case with a department's Aktenzeichen, a claim that lost the race.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import type { Store } from '../../../main/store';
import { rejection } from '../../contract/store/harness';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();
const masterKey = randomBytes(32);
/** SQLSTATE of a row that a row-security policy's check refuses. */
const RLS_VIOLATION = '42501';

let database: TestDatabase;
let sozialamt: Store;
let bauamt: Store;
let client: pg.Client;

beforeEach(async () => {
  database = await postgres().database();
  sozialamt = openPostgresStore({ pool: database.pool, department: 'sozialamt', masterKey });
  bauamt = openPostgresStore({ pool: database.pool, department: 'bauamt', masterKey });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterEach(async () => {
  await client.end();
  await database.drop();
});

/** Runs `sql` as the service's role in a transaction with `app.department` set (or not, when null). */
async function asDepartment<R extends pg.QueryResultRow>(
  department: string | null,
  sql: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  await client.query('BEGIN');
  try {
    if (department !== null)
      await client.query("SELECT set_config('app.department', $1, true)", [department]);
    const result = await client.query<R>(sql, values);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function seed(): Promise<{ social: string; building: string }> {
  const social = (await sozialamt.cases.storeIntake(sampleIntake())).caseId;
  await sozialamt.notes.addNote(social, 'sb-1', 'Rückruf');
  await sozialamt.syncState.set('cursor', '1');
  await sozialamt.preferences.set('sb-1', 'filters', '[]');
  await sozialamt.secrets.put('client-secret', 's3cr3t');
  await sozialamt.fileReferences.next('sozialamt', 2026);
  const building = (await bauamt.cases.storeIntake(sampleIntake({ department: 'bauamt' }))).caseId;
  return { social, building };
}

describe('row-level security', () => {
  it('is enabled and forced on every table with a department, for a role that cannot bypass it', async () => {
    const tables = await client.query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
         (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'department')
       ORDER BY c.relname`,
    );
    expect(tables.rows.length).toBeGreaterThanOrEqual(8);
    for (const row of tables.rows)
      expect(row, row.table).toMatchObject({ enabled: true, forced: true, policies: 1 });
    const role = await client.query(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owner = await client.query("SELECT tableowner FROM pg_tables WHERE tablename = 'cases'");
    expect(owner.rows).toEqual([{ tableowner: (await client.query('SELECT current_user AS u')).rows[0].u }]);
  });

  it('shows a department only its own rows, and nothing when no department is set', async () => {
    const { social, building } = await seed();
    for (const table of [
      'cases',
      'submissions',
      'notes',
      'sync_state',
      'preferences',
      'secrets',
      'file_reference_sequences',
    ]) {
      const counts = async (department: string | null) =>
        Number(
          (await asDepartment<{ n: string }>(department, `SELECT count(*) AS n FROM ${table}`)).rows[0]?.n,
        );
      expect(await counts(null), `${table} without a department`).toBe(0);
      expect(await counts('ordnungsamt'), `${table} of a department without rows`).toBe(0);
      expect(await counts('sozialamt'), `${table} of sozialamt`).toBeGreaterThan(0);
    }
    const seen = await asDepartment<{ id: string }>('sozialamt', 'SELECT id FROM cases ORDER BY id');
    expect(seen.rows.map((r) => r.id)).toEqual([social]);
    expect((await asDepartment('bauamt', 'SELECT id FROM cases WHERE id = $1', [social])).rowCount).toBe(0);
    expect((await asDepartment('bauamt', 'SELECT id FROM cases')).rows).toEqual([{ id: building }]);
  });

  it("lets no department change, delete or insert another department's rows", async () => {
    const { social } = await seed();
    const changed = await asDepartment('bauamt', "UPDATE cases SET assignee = 'eindringling' WHERE id = $1", [
      social,
    ]);
    expect(changed.rowCount).toBe(0);
    const deleted = await asDepartment('bauamt', 'DELETE FROM notes WHERE case_id = $1', [social]);
    expect(deleted.rowCount).toBe(0);
    // Moving an own row into another department, or writing one there, breaks the policy's check.
    expect(
      await rejection(
        asDepartment('sozialamt', "UPDATE cases SET department = 'bauamt' WHERE id = $1", [social]),
      ),
    ).toBe(RLS_VIOLATION);
    expect(
      await rejection(
        asDepartment(
          'bauamt',
          "INSERT INTO sync_state (department, key, value, updated_at) VALUES ('sozialamt', 'cursor', '9', now())",
        ),
      ),
    ).toBe(RLS_VIOLATION);
    expect(
      await rejection(
        asDepartment(
          null,
          "INSERT INTO sync_state (department, key, value, updated_at) VALUES ('x', 'k', 'v', now())",
        ),
      ),
    ).toBe(RLS_VIOLATION);
    expect(await sozialamt.cases.row(social)).toMatchObject({ assignee: null, department: 'sozialamt' });
    expect(await sozialamt.notes.notes(social)).toHaveLength(1);
    expect(await sozialamt.syncState.get('cursor')).toBe('1');
  });
});

describe('the store on top of row security', () => {
  it('refuses calls for another department, and does not find its cases', async () => {
    const { social } = await seed();
    expect(await rejection(bauamt.cases.row(social))).toBe('case-not-found');
    expect(await rejection(bauamt.cases.update(social, 1, { assignee: 'sb-9' }))).toBe('case-not-found');
    expect(await rejection(bauamt.notes.addNote(social, 'sb-9', 'fremd'))).toBe('case-not-found');
    expect(await bauamt.notes.notes(social)).toEqual([]);
    expect(await rejection(bauamt.cases.list({ department: 'sozialamt' }))).toBe('department-mismatch');
    expect(await rejection(bauamt.cases.services('sozialamt'))).toBe('department-mismatch');
    expect(await rejection(bauamt.cases.storeIntake(sampleIntake()))).toBe('department-mismatch');
    expect(await rejection(bauamt.fileReferences.next('sozialamt', 2026))).toBe('department-mismatch');
    expect(await bauamt.secrets.get('client-secret')).toBeNull();
    expect(await bauamt.syncState.get('cursor')).toBeNull();
    expect(await sozialamt.cases.row(social)).toMatchObject({ assignee: null, version: 1 });
  });

  it('gives an Aktenzeichen to one case of a department only, in the database too', async () => {
    const first = (await sozialamt.cases.storeIntake(sampleIntake())).caseId;
    const second = (await sozialamt.cases.storeIntake(sampleIntake())).caseId;
    await sozialamt.cases.update(first, 1, { fileReference: 'SOZ-2026-00001' });
    expect(await rejection(sozialamt.cases.update(second, 1, { fileReference: 'SOZ-2026-00001' }))).toBe(
      'file-reference-taken',
    );
    expect(await sozialamt.cases.row(second)).toMatchObject({ fileReference: null, version: 1 });
    const intake = sampleIntake();
    intake.case.fileReference = 'SOZ-2026-00001';
    expect(await rejection(sozialamt.cases.storeIntake(intake))).toBe('file-reference-taken');
    expect(await sozialamt.cases.findSubmission(intake.submission.submissionId)).toBeNull();
    // The constraint itself, below the store: a duplicate insert fails with a unique violation.
    const duplicate = asDepartment(
      'sozialamt',
      `INSERT INTO cases (id, fit_case_id, department, destination_id, service_name, service_identifier,
         applicant_name, file_reference, status, received_at, verification, created_at, updated_at)
       VALUES ('c-dup', 'f-dup', 'sozialamt', 'd', 's', 'i', 'a', 'SOZ-2026-00001', 'new', now(), 'passed', now(), now())`,
    );
    expect(await duplicate.catch((e) => [e.code, e.constraint])).toEqual(['23505', 'cases_file_reference']);
    // Another department may number its cases the same way.
    const building = (await bauamt.cases.storeIntake(sampleIntake({ department: 'bauamt' }))).caseId;
    expect(await bauamt.cases.update(building, 1, { fileReference: 'SOZ-2026-00001' })).toMatchObject({
      fileReference: 'SOZ-2026-00001',
    });
  });

  it('lets exactly one of two claims of a case at the same moment win, from two instances', async () => {
    const { caseId } = await sozialamt.cases.storeIntake(sampleIntake());
    const other = openPostgresStore({ pool: database.newPool(), department: 'sozialamt', masterKey });
    // Both read version 1 and claim it through their own pools; the row lock orders them and the
    // version check turns the later one away.
    const results = await Promise.allSettled([
      sozialamt.cases.update(caseId, 1, { status: 'in_review', assignee: 'sb-1' }),
      other.cases.update(caseId, 1, { status: 'in_review', assignee: 'sb-2' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['version-conflict']);
    const winner = (won[0] as PromiseFulfilledResult<{ assignee: string | null }>).value.assignee;
    expect(await other.cases.row(caseId)).toMatchObject({ version: 2, assignee: winner });
  });
});

describe('the key store', () => {
  it('keeps each secret encrypted, bound to its department and name, and names a tampered one', async () => {
    await sozialamt.secrets.put('client-secret', 's3cr3t-wert');
    await sozialamt.secrets.put('seal-password', 'anderes');
    const stored = await asDepartment<{ ciphertext: Buffer }>(
      'sozialamt',
      "SELECT ciphertext FROM secrets WHERE name = 'client-secret'",
    );
    expect(stored.rows[0]?.ciphertext.toString('utf8')).not.toContain('s3cr3t');

    // A row copied under another name does not open as that name's secret.
    await asDepartment(
      'sozialamt',
      `UPDATE secrets SET nonce = o.nonce, ciphertext = o.ciphertext, tag = o.tag
       FROM secrets o WHERE secrets.name = 'seal-password' AND o.name = 'client-secret'`,
    );
    expect(await rejection(sozialamt.secrets.get('seal-password'))).toBe('secret-tampered');
    // A flipped byte fails the integrity check; the error names the secret, never its value.
    await asDepartment(
      'sozialamt',
      "UPDATE secrets SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE name = 'client-secret'",
    );
    const error = await sozialamt.secrets.get('client-secret').catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'secret-tampered' });
    expect((error as Error).message).toContain('client-secret');
    expect((error as Error).message).not.toContain('s3cr3t');

    // Another master key opens nothing.
    await sozialamt.secrets.put('client-secret', 's3cr3t-wert');
    const otherKey = openPostgresStore({
      pool: database.pool,
      department: 'sozialamt',
      masterKey: randomBytes(32),
    });
    expect(await rejection(otherKey.secrets.get('client-secret'))).toBe('secret-tampered');
    expect(await sozialamt.secrets.get('client-secret')).toBe('s3cr3t-wert');
    expect(() =>
      openPostgresStore({ pool: database.pool, department: 'sozialamt', masterKey: randomBytes(16) }),
    ).toThrow(expect.objectContaining({ code: 'master-key-invalid' }));
  });
});
