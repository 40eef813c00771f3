import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseQuery, UNASSIGNED, type VaultError } from '../../../main/vault';
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

import { openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

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
  const ids: Record<string, string> = {};

  function store(
    key: string,
    overrides: Parameters<typeof sampleIntake>[0],
    patch?: Parameters<TestVault['vault']['cases']['update']>[2],
  ) {
    const formData = overrides?.formData ?? { antragsteller: { name: overrides?.applicantName } };
    const { caseId } = t.vault.cases.storeIntake(sampleIntake({ ...overrides, formData }));
    ids[key] = caseId;
    if (patch) t.vault.cases.update(caseId, 1, patch);
  }

  beforeAll(() => {
    t = openTestVault();
    store('mueller', {
      applicantName: 'Jürgen Müller',
      receivedAt: '2025-01-10T09:00:00Z',
      deadlineAt: '2025-01-24T09:00:00Z',
    });
    store(
      'schulz',
      {
        applicantName: 'Erika Schulz',
        receivedAt: '2025-01-12T09:00:00Z',
        deadlineAt: null,
        formData: { anschrift: { strasse: 'Goethestraße 5', ort: 'Braunschweig' } },
      },
      { status: 'in_review', assignee: 'sb-1', fileReference: 'SOZ-2025/00002' },
    );
    store(
      'oezdemir',
      {
        applicantName: 'Cem Özdemir',
        serviceName: 'Anwohnerparkausweis',
        serviceIdentifier: 'urn:de:fim:leika:leistung:99058013000000',
        receivedAt: '2025-01-15T09:00:00Z',
        deadlineAt: '2025-01-20T09:00:00Z',
        verification: 'failed',
      },
      { status: 'rejected' },
    );
    store('mueller2', {
      applicantName: 'Anna Müller-Lüdenscheidt',
      receivedAt: '2025-01-20T09:00:00Z',
      deadlineAt: '2025-02-20T09:00:00Z',
    });
    store('other', {
      applicantName: 'Jürgen Müller',
      department: 'ordnungsamt',
      receivedAt: '2025-01-11T09:00:00Z',
    });
  });
  afterAll(() => t.cleanup());

  const list = (query: Omit<CaseQuery, 'department'>) =>
    t.vault.cases.list({ department: 'sozialamt', ...query });
  const names = (query: Omit<CaseQuery, 'department'>) => list(query).rows.map((row) => row.id);

  it('lists one department, newest first, with lightweight rows', () => {
    const result = list({});
    expect(result.total).toBe(4);
    expect(result.rows.map((r) => r.id)).toEqual([ids.mueller2, ids.oezdemir, ids.schulz, ids.mueller]);
    expect(Object.keys(result.rows[0] ?? {}).sort()).toEqual(
      [
        'applicantName',
        'assignee',
        'deadlineAt',
        'fileReference',
        'id',
        'receivedAt',
        'serviceName',
        'status',
        'verification',
        'version',
      ].sort(),
    );
  });

  it('filters by status, service, received range, assignee, verification and overdue', () => {
    expect(names({ status: ['in_review', 'rejected'] })).toEqual([ids.oezdemir, ids.schulz]);
    expect(names({ service: ['urn:de:fim:leika:leistung:99058013000000'] })).toEqual([ids.oezdemir]);
    expect(names({ receivedFrom: '2025-01-12T09:00:00Z', receivedTo: '2025-01-20T09:00:00Z' })).toEqual([
      ids.oezdemir,
      ids.schulz,
    ]);
    expect(names({ assignee: 'sb-1' })).toEqual([ids.schulz]);
    expect(names({ assignee: UNASSIGNED })).toEqual([ids.mueller2, ids.oezdemir, ids.mueller]);
    expect(names({ verification: 'failed' })).toEqual([ids.oezdemir]);
    // Özdemir's deadline passed too, but the case is settled (rejected).
    expect(names({ overdue: { now: '2025-02-01T00:00:00Z' } })).toEqual([ids.mueller]);
  });

  it('searches names, umlauts folded, by prefix, and form values, and file references', () => {
    expect(names({ text: 'müller' })).toEqual([ids.mueller2, ids.mueller]);
    expect(names({ text: 'Muller' })).toEqual([ids.mueller2, ids.mueller]);
    expect(names({ text: 'jürg' })).toEqual([ids.mueller]);
    expect(names({ text: 'lüdensch' })).toEqual([ids.mueller2]);
    expect(names({ text: 'goethestr' })).toEqual([ids.schulz]);
    expect(names({ text: 'Braunschweig Erika' })).toEqual([ids.schulz]);
    expect(names({ text: '2025/00002' })).toEqual([ids.schulz]);
    expect(names({ text: 'Anwohnerpark' })).toEqual([ids.oezdemir]);
    // The department scopes the search but is not itself searchable text.
    expect(names({ text: 'sozialamt' })).toEqual([]);
    expect(names({ text: 'Müller NOT Anna' })).toEqual([]);
    // Operators are plain words: no syntax error, just no case containing "or" and "near…".
    expect(names({ text: '" OR * NEAR(' })).toEqual([]);
    expect(names({ text: '" * (' })).toHaveLength(4);
  });

  it('keeps the index in step when a file reference changes', () => {
    const detail = t.vault.cases.get(ids.mueller ?? '');
    t.vault.cases.update(detail.case.id, detail.case.version, { fileReference: 'SOZ-2025/00099' });
    expect(names({ text: '00099' })).toEqual([ids.mueller]);
  });

  it('sorts by any offered column both ways, nulls last, and pages stably', () => {
    expect(names({ sort: { column: 'applicantName', dir: 'asc' } })).toEqual([
      ids.mueller2,
      ids.oezdemir,
      ids.schulz,
      ids.mueller,
    ]);
    expect(names({ sort: { column: 'deadlineAt', dir: 'asc' } })).toEqual([
      ids.oezdemir,
      ids.mueller,
      ids.mueller2,
      ids.schulz,
    ]);
    expect(names({ sort: { column: 'deadlineAt', dir: 'desc' } })).toEqual([
      ids.mueller2,
      ids.mueller,
      ids.oezdemir,
      ids.schulz,
    ]);
    const page1 = list({ sort: { column: 'receivedAt', dir: 'asc' }, limit: 3 });
    const page2 = list({ sort: { column: 'receivedAt', dir: 'asc' }, limit: 3, offset: 3 });
    expect(page1.total).toBe(4);
    expect([...page1.rows, ...page2.rows].map((r) => r.id)).toEqual([
      ids.mueller,
      ids.schulz,
      ids.oezdemir,
      ids.mueller2,
    ]);
  });

  it('counts the matches only when asked, and pages the same rows either way', () => {
    const query = { overdue: { now: '2025-03-01T00:00:00Z' }, limit: 1, offset: 1 } as const;
    const counted = list(query);
    const uncounted = list({ ...query, withTotal: false });
    expect(counted.total).toBe(2);
    expect(uncounted.total).toBeNull();
    expect(uncounted.rows.map((r) => r.id)).toEqual(counted.rows.map((r) => r.id));
    expect(list({ ...query, withTotal: true }).total).toBe(2);
  });

  it('sorts by assignee (unassigned last) and by verification', () => {
    t.vault.cases.update(ids.mueller2 ?? '', 1, { assignee: 'sb-2' });
    // Ties (here: nobody assigned, or passed) keep their order of arrival, in the sort's direction.
    expect(names({ sort: { column: 'assignee', dir: 'asc' } })).toEqual([
      ids.schulz,
      ids.mueller2,
      ids.mueller,
      ids.oezdemir,
    ]);
    expect(names({ sort: { column: 'assignee', dir: 'desc' } })).toEqual([
      ids.mueller2,
      ids.schulz,
      ids.oezdemir,
      ids.mueller,
    ]);
    expect(names({ sort: { column: 'verification', dir: 'asc' } })).toEqual([
      ids.oezdemir,
      ids.mueller,
      ids.schulz,
      ids.mueller2,
    ]);
    t.vault.cases.update(ids.mueller2 ?? '', 2, { assignee: null });
  });

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

  it('refuses columns, directions and page sizes it does not offer', () => {
    const code = (query: Omit<CaseQuery, 'department'>) => {
      try {
        list(query);
        return 'no error';
      } catch (error) {
        return (error as VaultError).code;
      }
    };
    expect(code({ sort: { column: 'applicant_name; DROP TABLE cases' as 'status', dir: 'asc' } })).toBe(
      'vault-invalid-input',
    );
    expect(code({ sort: { column: 'status', dir: 'sideways' as 'asc' } })).toBe('vault-invalid-input');
    expect(code({ limit: 0 })).toBe('vault-invalid-input');
    expect(code({ limit: 501 })).toBe('vault-invalid-input');
    expect(code({ offset: -1 })).toBe('vault-invalid-input');
    expect(code({ status: ['nope' as 'new'] })).toBe('vault-invalid-input');
  });
});
