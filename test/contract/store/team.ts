import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import type { Absence } from '../../../main/team/store';
import { sampleIntake } from '../../support/vault-fixtures';
import { freshStore, type OpenStore, rejection } from './harness';

const D = 'sozialamt';

/** Followers, presence, absences and the team overview (main/team/store.ts), and the inbox's team filters. */
export function teamStoreContract(open: OpenStore): void {
  describe('team store', () => {
    const store = freshStore(open);

    const newCase = async (overrides: Parameters<typeof sampleIntake>[0] = {}) =>
      (await store().cases.storeIntake(sampleIntake(overrides))).caseId;
    const assign = async (
      caseId: string,
      assignee: string,
      status: 'in_review' | 'inquiry' = 'in_review',
    ) => {
      const row = await store().cases.row(caseId);
      await store().cases.update(caseId, row.version, { status, assignee });
    };

    it('keeps many followers per case, once each, and the cases a person follows', async () => {
      const a = await newCase();
      const b = await newCase();
      await store().team.follow(D, a, 'tom');
      await store().team.follow(D, a, 'anna');
      await store().team.follow(D, a, 'anna');
      await store().team.follow(D, b, 'anna');
      expect(await store().team.followers(D, a)).toEqual(['anna', 'tom']);
      expect((await store().team.followed(D, 'anna')).sort()).toEqual([a, b].sort());
      await store().team.unfollow(D, a, 'anna');
      expect(await store().team.followers(D, a)).toEqual(['tom']);
      expect(await rejection(store().team.follow(D, randomUUID(), 'anna'))).toBe('case-not-found');
    });

    it('answers who is working on a case until the presence expires, and whether a presence is new', async () => {
      const a = await newCase();
      const b = await newCase();
      const t0 = '2026-12-07T10:00:00.000Z';
      expect(await store().team.markWorking(D, a, 'tom', t0, '2026-12-07T10:05:00.000Z')).toBe(true);
      expect(
        await store().team.markWorking(D, a, 'tom', '2026-12-07T10:02:00.000Z', '2026-12-07T10:07:00.000Z'),
      ).toBe(false);
      await store().team.markWorking(D, b, 'anna', t0, '2026-12-07T10:01:00.000Z');
      expect(await store().team.working(D, [a, b], '2026-12-07T10:03:00.000Z')).toEqual([
        { caseId: a, person: 'tom' },
      ]);
      expect(await store().team.working(D, [a, b], '2026-12-07T10:08:00.000Z')).toEqual([]);
      expect(
        await store().team.markWorking(D, a, 'tom', '2026-12-07T10:08:00.000Z', '2026-12-07T10:13:00.000Z'),
      ).toBe(true);
      await store().team.stopWorking(D, a, 'tom');
      expect(await store().team.working(D, [a], '2026-12-07T10:09:00.000Z')).toEqual([]);
    });

    it('stores absences with their deputy, replaces one by its id, and refuses a bad one with the data intact', async () => {
      const absence: Absence = {
        id: randomUUID(),
        department: D,
        person: 'tom',
        deputy: 'anna',
        from: '2026-12-07',
        to: '2026-12-11',
      };
      await store().team.saveAbsence(absence);
      await store().team.saveAbsence({ ...absence, to: '2026-12-18' });
      expect(await store().team.absences(D)).toEqual([{ ...absence, to: '2026-12-18' }]);
      for (const bad of [
        { ...absence, to: '2026-12-01' },
        { ...absence, deputy: 'tom' },
        { ...absence, from: '7.12.2026' },
      ]) {
        expect(await rejection(store().team.saveAbsence(bad))).toBe('vault-invalid-input');
      }
      expect(await store().team.absences(D)).toEqual([{ ...absence, to: '2026-12-18' }]);
      await store().team.removeAbsence(D, absence.id);
      expect(await store().team.absences(D)).toEqual([]);
    });

    it('lists the cases a person follows and, for a deputy, those of the colleagues they cover for', async () => {
      const toms = await newCase();
      const leas = await newCase();
      const open = await newCase();
      await assign(toms, 'tom');
      await assign(leas, 'lea');
      await store().team.follow(D, leas, 'anna');
      const ids = async (query: Omit<Parameters<Store['cases']['list']>[0], 'department'>) =>
        (await store().cases.list({ department: D, ...query })).rows.map((row) => row.id).sort();
      expect(await ids({ followedBy: 'anna' })).toEqual([leas]);
      expect(await ids({ assigneeIn: ['tom'] })).toEqual([toms]);
      expect(await ids({ visibleTo: 'anna' })).toEqual([leas, open].sort());
      expect(await ids({ visibleTo: 'anna', visibleAssignees: ['tom'] })).toEqual([toms, leas, open].sort());
    });

    it('counts the team overview in the store, as the cases say', async () => {
      const now = '2026-12-09T12:00:00.000Z';
      const weeks = ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'];
      const weekEnd = '2026-12-14T00:00:00.000Z';
      const wohngeld = { serviceIdentifier: 'urn:wohngeld', serviceName: 'Wohngeld' };
      const melde = { serviceIdentifier: 'urn:melde', serviceName: 'Meldebescheinigung' };
      // Open: overdue, due this week, due later, waiting for the citizen; settled cases do not count.
      const overdue = await newCase({
        ...wohngeld,
        receivedAt: '2026-11-20T09:00:00.000Z',
        deadlineAt: '2026-12-01T00:00:00.000Z',
      });
      const dueSoon = await newCase({
        ...wohngeld,
        receivedAt: '2026-12-01T09:00:00.000Z',
        deadlineAt: '2026-12-11T00:00:00.000Z',
      });
      const later = await newCase({
        ...melde,
        receivedAt: '2026-12-08T09:00:00.000Z',
        deadlineAt: '2027-01-11T00:00:00.000Z',
      });
      const waiting = await newCase({ ...melde, receivedAt: '2026-12-07T08:00:00.000Z', deadlineAt: null });
      const settled = await newCase({
        ...melde,
        receivedAt: '2026-12-08T09:00:00.000Z',
        deadlineAt: '2026-12-01T00:00:00.000Z',
      });
      await assign(overdue, 'tom');
      await assign(dueSoon, 'tom');
      await assign(waiting, 'lea', 'inquiry');
      const row = await store().cases.row(settled);
      await store().cases.update(settled, row.version, { status: 'rejected', assignee: 'lea' });
      void later;
      const overview = await store().team.overview({ department: D, now, weekEnd, weeks });
      expect(overview).toEqual({
        byService: [
          { identifier: 'urn:melde', name: 'Meldebescheinigung', count: 2 },
          { identifier: 'urn:wohngeld', name: 'Wohngeld', count: 2 },
        ],
        byWeek: [
          { weekStart: weeks[0], count: 0 },
          { weekStart: weeks[1], count: 1 },
          { weekStart: weeks[2], count: 2 },
        ],
        earlier: 1,
        overdue: 1,
        dueThisWeek: 1,
        waitingForCitizen: 1,
        unassigned: 1,
        byPerson: [
          { person: 'lea', count: 1 },
          { person: 'tom', count: 2 },
        ],
      });
      expect(
        await rejection(store().team.overview({ department: D, now, weekEnd, weeks: [...weeks].reverse() })),
      ).toBe('vault-invalid-input');
    });
  });
}
