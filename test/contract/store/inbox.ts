import { beforeEach, describe, expect, it } from 'vitest';
import { type CaseQuery, UNASSIGNED } from '../../../shared/cases/types';
import { inboxFixtureCases } from '../../support/inbox-fixtures';
import { freshStore, type OpenStore, rejection } from './harness';

type Query = Omit<CaseQuery, 'department'>;

/** The inbox: filters, full-text search (umlauts folded, last word a prefix), sort and paging. */
export function inboxContract(open: OpenStore): void {
  describe('inbox listing', () => {
    const store = freshStore(open);
    const ids: Record<string, string> = {};

    beforeEach(async () => {
      for (const { key, department, intake, patch } of inboxFixtureCases()) {
        const { caseId } = await store(department).cases.storeIntake(intake);
        ids[key] = caseId;
        if (patch) await store(department).cases.update(caseId, 1, patch);
      }
    });

    const list = (query: Query) => store().cases.list({ department: 'sozialamt', ...query });
    const found = async (query: Query) => (await list(query)).rows.map((row) => row.id);

    it('lists one department, newest first, with lightweight rows', async () => {
      const result = await list({});
      expect(result.total).toBe(4);
      expect(result.rows.map((r) => r.id)).toEqual([ids.mueller2, ids.oezdemir, ids.schaefer, ids.mueller]);
      expect(Object.keys(result.rows[0] ?? {}).sort()).toEqual([
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
      ]);
      expect(result.rows[2]).toMatchObject({
        fileReference: 'SOZ-2025/00002',
        receivedAt: '2025-01-12T09:00:00.000Z',
        deadlineAt: null,
        assignee: 'sb-1',
        version: 2,
      });
      expect(await store('ordnungsamt').cases.services('ordnungsamt')).toEqual([
        { identifier: 'urn:de:fim:leika:leistung:99108008000000', name: 'Wohngeld', count: 1 },
      ]);
    });

    it('filters by status, service, received range, assignee, visibility, verification and overdue', async () => {
      expect(await found({ status: ['in_review', 'rejected'] })).toEqual([ids.oezdemir, ids.schaefer]);
      expect(await found({ service: ['urn:de:fim:leika:leistung:99058013000000'] })).toEqual([ids.oezdemir]);
      expect(
        await found({ receivedFrom: '2025-01-12T09:00:00Z', receivedTo: '2025-01-20T09:00:00Z' }),
      ).toEqual([ids.oezdemir, ids.schaefer]);
      expect(await found({ assignee: 'sb-1' })).toEqual([ids.schaefer]);
      expect(await found({ assignee: UNASSIGNED })).toEqual([ids.mueller2, ids.oezdemir, ids.mueller]);
      expect(await found({ visibleTo: 'sb-2' })).toEqual([ids.mueller2, ids.oezdemir, ids.mueller]);
      expect(await found({ visibleTo: 'sb-1' })).toHaveLength(4);
      expect(await found({ verification: 'failed' })).toEqual([ids.oezdemir]);
      // Özdemir's deadline passed too, but the case is settled (rejected).
      expect(await found({ overdue: { now: '2025-02-01T00:00:00Z' } })).toEqual([ids.mueller]);
    });

    it('searches names, umlauts folded, by prefix, and form values, and file references', async () => {
      expect(await found({ text: 'müller' })).toEqual([ids.mueller2, ids.mueller]);
      expect(await found({ text: 'Muller' })).toEqual([ids.mueller2, ids.mueller]);
      expect(await found({ text: 'schafer' })).toEqual([ids.schaefer]);
      expect(await found({ text: 'ozdemir' })).toEqual([ids.oezdemir]);
      expect(await found({ text: 'jürg' })).toEqual([ids.mueller]);
      expect(await found({ text: 'lüdensch' })).toEqual([ids.mueller2]);
      expect(await found({ text: 'goethestr' })).toEqual([ids.schaefer]);
      expect(await found({ text: 'Braunschweig Erika' })).toEqual([ids.schaefer]);
      expect(await found({ text: '2025/00002' })).toEqual([ids.schaefer]);
      expect(await found({ text: 'Anwohnerpark' })).toEqual([ids.oezdemir]);
      // A one-letter last word is a whole word, not a prefix of every name.
      expect(await found({ text: 'j' })).toEqual([]);
      // The department scopes the search but is not itself searchable text.
      expect(await found({ text: 'sozialamt' })).toEqual([]);
      expect(await found({ text: 'Müller NOT Anna' })).toEqual([]);
      // Operators are plain words: no syntax error, just no case containing "or" and "near…".
      expect(await found({ text: '" OR * NEAR(' })).toEqual([]);
      expect(await found({ text: "' & | ! <-> :*" })).toHaveLength(4);
      expect(await found({ text: '" * (' })).toHaveLength(4);
    });

    it('keeps the search in step when a file reference changes', async () => {
      const row = await store().cases.row(ids.mueller ?? '');
      await store().cases.update(row.id, row.version, { fileReference: 'SOZ-2025/00099' });
      expect(await found({ text: '00099' })).toEqual([ids.mueller]);
    });

    it('sorts by any offered column both ways, nulls last, and pages stably', async () => {
      expect(await found({ sort: { column: 'applicantName', dir: 'asc' } })).toEqual([
        ids.mueller2,
        ids.oezdemir,
        ids.schaefer,
        ids.mueller,
      ]);
      expect(await found({ sort: { column: 'deadlineAt', dir: 'asc' } })).toEqual([
        ids.oezdemir,
        ids.mueller,
        ids.mueller2,
        ids.schaefer,
      ]);
      expect(await found({ sort: { column: 'deadlineAt', dir: 'desc' } })).toEqual([
        ids.mueller2,
        ids.mueller,
        ids.oezdemir,
        ids.schaefer,
      ]);
      expect(await found({ sort: { column: 'fileReference', dir: 'desc' } })).toEqual([
        ids.schaefer,
        ids.mueller2,
        ids.oezdemir,
        ids.mueller,
      ]);
      expect(await found({ sort: { column: 'status', dir: 'asc' } })).toEqual([
        ids.schaefer,
        ids.mueller,
        ids.mueller2,
        ids.oezdemir,
      ]);
      const page1 = await list({ sort: { column: 'receivedAt', dir: 'asc' }, limit: 3 });
      const page2 = await list({ sort: { column: 'receivedAt', dir: 'asc' }, limit: 3, offset: 3 });
      expect(page1.total).toBe(4);
      expect([...page1.rows, ...page2.rows].map((r) => r.id)).toEqual([
        ids.mueller,
        ids.schaefer,
        ids.oezdemir,
        ids.mueller2,
      ]);
    });

    it('counts the matches only when asked, and pages the same rows either way', async () => {
      const query = { overdue: { now: '2025-03-01T00:00:00Z' }, limit: 1, offset: 1 } as const;
      const counted = await list(query);
      const uncounted = await list({ ...query, withTotal: false });
      expect(counted.total).toBe(2);
      expect(uncounted.total).toBeNull();
      expect(uncounted.rows.map((r) => r.id)).toEqual(counted.rows.map((r) => r.id));
      expect((await list({ ...query, withTotal: true })).total).toBe(2);
    });

    it('counts no further than its cap, and says when there are more matches', async () => {
      // Four matches in this department: counted exactly up to a cap of four, "more than" below it.
      expect(await list({ countUpTo: 4 })).toMatchObject({ total: 4 });
      expect((await list({ countUpTo: 4 })).moreThanTotal).toBeUndefined();
      const capped = await list({ countUpTo: 3, limit: 2 });
      expect(capped).toMatchObject({ total: 3, moreThanTotal: true });
      expect(capped.rows.map((r) => r.id)).toEqual([ids.mueller2, ids.oezdemir]);
      expect(await list({ countUpTo: 1, status: ['in_review', 'rejected'] })).toMatchObject({
        total: 1,
        moreThanTotal: true,
      });
      expect(await list({ countUpTo: 3, withTotal: false })).toMatchObject({ total: null });
      expect(await rejection(list({ countUpTo: 0 }))).toBe('vault-invalid-input');
    });

    it('sorts by assignee (unassigned last) and by verification', async () => {
      await store().cases.update(ids.mueller2 ?? '', 1, { assignee: 'sb-2' });
      // Ties (here: nobody assigned, or passed) keep their order of arrival, in the sort's direction.
      expect(await found({ sort: { column: 'assignee', dir: 'asc' } })).toEqual([
        ids.schaefer,
        ids.mueller2,
        ids.mueller,
        ids.oezdemir,
      ]);
      expect(await found({ sort: { column: 'assignee', dir: 'desc' } })).toEqual([
        ids.mueller2,
        ids.schaefer,
        ids.oezdemir,
        ids.mueller,
      ]);
      expect(await found({ sort: { column: 'verification', dir: 'asc' } })).toEqual([
        ids.oezdemir,
        ids.mueller,
        ids.schaefer,
        ids.mueller2,
      ]);
    });

    it('refuses columns, directions, page sizes and times it does not offer', async () => {
      const code = (query: Query) => rejection(list(query));
      expect(
        await code({ sort: { column: 'applicant_name; DROP TABLE cases' as 'status', dir: 'asc' } }),
      ).toBe('vault-invalid-input');
      expect(await code({ sort: { column: 'status', dir: 'sideways' as 'asc' } })).toBe(
        'vault-invalid-input',
      );
      expect(await code({ limit: 0 })).toBe('vault-invalid-input');
      expect(await code({ limit: 501 })).toBe('vault-invalid-input');
      expect(await code({ offset: -1 })).toBe('vault-invalid-input');
      expect(await code({ status: ['nope' as 'new'] })).toBe('vault-invalid-input');
      expect(await code({ receivedFrom: 'gestern' })).toBe('vault-invalid-input');
      expect((await list({})).total).toBe(4);
    });
  });
}
