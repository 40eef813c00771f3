import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleIntake } from '../../support/vault-fixtures';
import { freshStore, type OpenStore, rejection } from './harness';

/** Cases with their submissions and attachment descriptions, and notes. */
export function caseStoreContract(open: OpenStore): void {
  describe('case store', () => {
    const store = freshStore(open);

    it('stores an intake and reads the case back with its submission', async () => {
      const intake = sampleIntake({ department: 'bauamt', applicantName: 'Grete Jansen' });
      const bauamt = store('bauamt');
      const { caseId, created } = await bauamt.cases.storeIntake(intake);
      expect(created).toBe(true);
      const detail = await bauamt.cases.get(caseId);
      expect(detail.case).toMatchObject({
        id: caseId,
        fitCaseId: intake.case.fitCaseId,
        department: 'bauamt',
        applicantName: 'Grete Jansen',
        status: 'new',
        fileReference: null,
        replyChannel: { eMail: { address: 'juergen.mueller@example.org' } },
        version: 1,
      });
      expect(detail.submissions).toMatchObject([
        {
          submissionId: intake.submission.submissionId,
          caseId,
          platformStatus: 'submitted',
          metadata: intake.submission.metadata,
          authenticationTags: intake.submission.authenticationTags,
        },
      ]);
      expect(await bauamt.cases.row(caseId)).toEqual(detail.case);
      expect(await bauamt.cases.findSubmission(intake.submission.submissionId)).toEqual({
        caseId,
        platformStatus: 'submitted',
      });
    });

    it('joins a later submission of the same FIT-Connect case, and stores a repeated one once', async () => {
      const first = sampleIntake();
      const { caseId } = await store().cases.storeIntake(first);
      const second = sampleIntake({
        fitCaseId: first.case.fitCaseId,
        receivedAt: '2025-02-21T10:15:00.000Z',
      });
      expect(await store().cases.storeIntake(second)).toEqual({ caseId, created: false });
      expect(await store().cases.storeIntake(second)).toEqual({ caseId, created: false });
      expect((await store().cases.get(caseId)).submissions).toHaveLength(2);
    });

    it('changes a case only at the version read, and names a missing case', async () => {
      const { caseId } = await store().cases.storeIntake(sampleIntake());
      const claimed = await store().cases.update(caseId, 1, { status: 'in_review', assignee: 'sb-1' });
      expect(claimed).toMatchObject({ status: 'in_review', assignee: 'sb-1', version: 2 });
      expect(await rejection(store().cases.update(caseId, 1, { assignee: 'sb-2' }))).toBe('version-conflict');
      expect((await store().cases.row(caseId)).assignee).toBe('sb-1');
      expect(await rejection(store().cases.row(randomUUID()))).toBe('case-not-found');
      expect(await rejection(store().cases.update(randomUUID(), 1, { assignee: 'x' }))).toBe(
        'case-not-found',
      );
    });

    it('records what the platform says about a submission', async () => {
      const intake = sampleIntake();
      await store().cases.storeIntake(intake);
      await store().cases.setPlatformStatus(intake.submission.submissionId, 'accepted');
      expect((await store().cases.findSubmission(intake.submission.submissionId))?.platformStatus).toBe(
        'accepted',
      );
      expect(await rejection(store().cases.setPlatformStatus(randomUUID(), 'gone'))).toBe(
        'submission-not-found',
      );
      expect(await store().cases.findSubmission(randomUUID())).toBeNull();
    });

    it('lists one department, filtered, sorted and paged, with its services and assignees', async () => {
      const bauamt = store('bauamt');
      const ids: string[] = [];
      for (const [day, name] of [
        ['10', 'Anna Albers'],
        ['11', 'Bernd Busch'],
        ['12', 'Carla Clausen'],
      ] as const) {
        const intake = sampleIntake({
          department: 'bauamt',
          applicantName: name,
          receivedAt: `2025-02-${day}T08:00:00.000Z`,
        });
        ids.push((await bauamt.cases.storeIntake(intake)).caseId);
      }
      const other = await store().cases.storeIntake(sampleIntake({ department: 'sozialamt' }));
      await bauamt.cases.update(ids[1] as string, 1, { assignee: 'sb-1' });

      const page = await bauamt.cases.list({
        department: 'bauamt',
        sort: { column: 'receivedAt', dir: 'desc' },
        limit: 2,
      });
      expect(page.total).toBe(3);
      expect(page.rows.map((row) => row.applicantName)).toEqual(['Carla Clausen', 'Bernd Busch']);
      const mine = await bauamt.cases.list({ department: 'bauamt', assignee: 'sb-1' });
      expect(mine.rows.map((row) => row.id)).toEqual([ids[1]]);
      expect(
        (await bauamt.cases.list({ department: 'bauamt', text: 'clausen' })).rows.map((r) => r.id),
      ).toEqual([ids[2]]);
      expect(await bauamt.cases.services('bauamt')).toEqual([
        { identifier: 'urn:de:fim:leika:leistung:99108008000000', name: 'Wohngeld', count: 3 },
      ]);
      expect(await bauamt.cases.assignees('bauamt')).toEqual(['sb-1']);
      const sozialamt = await store().cases.list({ department: 'sozialamt' });
      expect(sozialamt.rows.map((row) => row.id)).toEqual([other.caseId]);
    });

    it('keeps notes of a case in order, and refuses a note on a missing case', async () => {
      const { caseId } = await store().cases.storeIntake(sampleIntake());
      await store().notes.addNote(caseId, 'sb-1', 'Rückruf vereinbart');
      await store().notes.addNote(caseId, 'sb-2', 'Unterlagen nachgefordert');
      expect((await store().notes.notes(caseId)).map((note) => [note.author, note.text])).toEqual([
        ['sb-1', 'Rückruf vereinbart'],
        ['sb-2', 'Unterlagen nachgefordert'],
      ]);
      expect(await rejection(store().notes.addNote(randomUUID(), 'sb-1', 'x'))).toBe('case-not-found');
    });
  });
}
