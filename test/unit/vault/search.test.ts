import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseQuery } from '../../../main/vault';
import { SERVICE_COUNTS } from '../../../main/vault/cases';
import { flattenFormData } from '../../../main/vault/form-text';
import { toFtsQuery } from '../../../main/vault/fts-query';
import { inboxStatements } from '../../../main/vault/search';
import { caseSortColumns } from '../../../shared/cases/types';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

import { inboxFixtureCases } from '../../support/inbox-fixtures';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

describe('toFtsQuery', () => {
  const terms = (input: string) =>
    toFtsQuery(input)?.replace('{applicant_name file_reference service_name form_text} : ', '');

  it('quotes every word and makes the last one a prefix', () => {
    expect(terms('  Müller  Hann ')).toBe('("Müller" "Hann"*)');
  });

  it('turns FTS syntax into plain text', () => {
    expect(terms('a OR b NEAR(c) "d" col:e*')).toBe('("a" "OR" "b" "NEAR(c)" """d""" "col:e*"*)');
  });

  it('matches a one-letter last word as a whole word, not as a prefix', () => {
    expect(terms('k')).toBe('("k")');
    expect(terms('Anna m')).toBe('("Anna" "m")');
    expect(terms('Ö')).toBe('("Ö")');
    expect(terms('ab')).toBe('("ab"*)');
  });

  it('drops words without letters or digits and returns null when nothing is left', () => {
    expect(terms('- " * ')).toBeUndefined();
    expect(terms('')).toBeUndefined();
    expect(terms('-- 2025')).toBe('("2025"*)');
  });

  it('matches words in the text columns only (the SQL narrows to the department)', () => {
    expect(toFtsQuery('Weber')).toBe('{applicant_name file_reference service_name form_text} : ("Weber"*)');
  });
});

describe('flattenFormData', () => {
  it('collects the values of JSON form data, not the keys', () => {
    const text = flattenFormData(
      JSON.stringify({
        name: 'Ayşe Yılmaz',
        adresse: { strasse: 'Am Markt 3', plz: '38100' },
        kinder: [{ alter: 7 }],
        ok: true,
      }),
      'application/json',
    );
    expect(text).toBe('Ayşe Yılmaz Am Markt 3 38100 7');
  });

  it('takes the text of XML form data and decodes entities', () => {
    expect(
      flattenFormData(
        '<antrag><name>M&#252;ller &amp; S&ouml;hne</name><!-- x --><ort><![CDATA[Köln]]></ort></antrag>',
        'application/xml',
      ),
    ).toBe('Müller & S&ouml;hne Köln');
  });

  it('skips encoded blobs and unreadable data', () => {
    expect(flattenFormData(JSON.stringify({ scan: 'A'.repeat(500), name: 'Kim' }), 'application/json')).toBe(
      'Kim',
    );
    expect(flattenFormData('{not json', 'application/json')).toBe('');
    expect(flattenFormData('%PDF', 'application/pdf')).toBe('');
  });
});

describe('listCases', () => {
  let t: TestVault;

  beforeAll(() => {
    t = openTestVault();
    for (const { intake, patch } of inboxFixtureCases()) {
      const { caseId } = t.vault.cases.storeIntake(intake);
      if (patch) t.vault.cases.update(caseId, 1, patch);
    }
  });
  afterAll(() => t.cleanup());

  it('reads the page of every sort column from an index in order, also for a case worker', () => {
    const db = t.vault.transaction(({ db }) => db);
    const innerSorts = (query: CaseQuery) => {
      const { page, pageParams } = inboxStatements(query);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${page}`).all(pageParams) as PlanRow[];
      const page1 = plan.find((row) => row.detail.startsWith('CO-ROUTINE'));
      const inner = new Set([page1?.id]);
      for (const row of plan) if (inner.has(row.parent)) inner.add(row.id);
      return plan.filter((row) => inner.has(row.parent) && row.detail === 'USE TEMP B-TREE FOR ORDER BY');
    };
    for (const column of caseSortColumns) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const visibleTo of [undefined, 'sb-1']) {
          for (const overdue of [undefined, { now: '2025-02-01T00:00:00Z' }]) {
            const query = {
              department: 'sozialamt',
              sort: { column, dir },
              ...(visibleTo && { visibleTo }),
              ...(overdue && { overdue }),
            };
            expect(
              innerSorts(query),
              `${column} ${dir} ${visibleTo ?? ''} ${overdue ? 'overdue' : ''}`,
            ).toEqual([]);
          }
        }
      }
    }
  });

  it("counts the department's cases per service from an index alone, never reading the cases", () => {
    expect(t.vault.cases.services('sozialamt')).toEqual([
      { identifier: 'urn:de:fim:leika:leistung:99058013000000', name: 'Anwohnerparkausweis', count: 1 },
      { identifier: 'urn:de:fim:leika:leistung:99108008000000', name: 'Wohngeld', count: 3 },
    ]);
    expect(t.vault.cases.services('ordnungsamt')).toEqual([
      { identifier: 'urn:de:fim:leika:leistung:99108008000000', name: 'Wohngeld', count: 1 },
    ]);
    const db = t.vault.transaction(({ db }) => db);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${SERVICE_COUNTS}`).all('sozialamt') as PlanRow[]).map(
      (row) => row.detail,
    );
    expect(plan).toContain('SEARCH cases USING COVERING INDEX cases_by_service_identifier (department=?)');
    expect(plan.filter((detail) => detail.startsWith('SCAN cases'))).toEqual([]);
  });
});
