/**
 * Text search on PostgreSQL under row security: `@@` is not leakproof, so no index on the search vector
 * can serve it once the department's policy applies; a rare word is looked up in `case_terms` (migration
 * 13) with leakproof text operators instead, and the plan shows that index. The terms follow the case.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { listCases } from '../../../main/postgres/search';
import { inDepartmentTransaction, type SqlSession } from '../../../main/postgres/sql';
import type { Store } from '../../../main/store';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();
const masterKey = randomBytes(32);

let database: TestDatabase;
let sozialamt: Store;
let bauamt: Store;

beforeEach(async () => {
  database = await postgres().database();
  sozialamt = openPostgresStore({ pool: database.pool, department: 'sozialamt', masterKey });
  bauamt = openPostgresStore({ pool: database.pool, department: 'bauamt', masterKey });
});

afterEach(async () => {
  await database.drop();
});

/** The inbox's page query for `text`, run in a transaction of `department`, and its plan. */
async function searchWithPlan(department: string, text: string) {
  return inDepartmentTransaction(database.pool, department, async (tx) => {
    // Tables this small are read whole otherwise; the question is whether the index can serve at all.
    // With statistics, the planner sees that the word is rare.
    await tx.db.query('ANALYZE cases, case_terms');
    await tx.db.query('SET LOCAL enable_seqscan = off');
    let page: { text: string; values: unknown[] } | undefined;
    const recording: SqlSession = {
      query: (sql, values) => {
        if (/^SELECT c\.id/.test(sql)) page = { text: sql, values: values ?? [] };
        return tx.db.query(sql, values);
      },
    };
    const list = await listCases(recording, { department, text, withTotal: false });
    if (!page) throw new Error('no page query');
    const explained = await tx.db.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) ${page.text}`,
      page.values,
    );
    return { ids: list.rows.map((row) => row.id), plan: JSON.stringify(explained.rows[0]?.['QUERY PLAN']) };
  });
}

describe('text search under row security', () => {
  it("finds a rare word through the term index, and only the department's own case", async () => {
    await sozialamt.transaction(async (tx) => {
      for (let n = 0; n < 100; n++) await tx.cases.storeIntake(sampleIntake());
    });
    const own = (await sozialamt.cases.storeIntake(sampleIntake({ applicantName: 'Quirin Zwetschke' })))
      .caseId;
    const foreign = (
      await bauamt.cases.storeIntake(
        sampleIntake({ department: 'bauamt', applicantName: 'Quirin Zwetschke' }),
      )
    ).caseId;

    const social = await searchWithPlan('sozialamt', 'zwetsch');
    expect(social.ids).toEqual([own]);
    expect(social.plan).toContain('"Relation Name":"case_terms"');
    expect(social.plan).toContain('"Index Name":"case_terms_pkey"');
    expect((await searchWithPlan('bauamt', 'Zwetschke')).ids).toEqual([foreign]);
  });

  it('follows the case: an Aktenzeichen given later is found, one taken away no more', async () => {
    const { caseId } = await sozialamt.cases.storeIntake(sampleIntake());
    const first = await sozialamt.cases.update(caseId, 1, { fileReference: 'SOZ-2026/00417' });
    expect((await searchWithPlan('sozialamt', '2026/00417')).ids).toEqual([caseId]);
    await sozialamt.cases.update(caseId, first.version, { fileReference: 'SOZ-2026/00999' });
    expect((await searchWithPlan('sozialamt', '2026/00417')).ids).toEqual([]);
    expect((await searchWithPlan('sozialamt', '00999')).ids).toEqual([caseId]);
  });
});
