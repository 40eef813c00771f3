/**
 * Team work through the API on one workstation: people sign in one after the other (the demo's Anna and Jan,
 * case workers of the Bürgerservice, and Tom, its team lead), on the encrypted vault.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../main/api/contract';
import { authorityCalendarDate } from '../../../shared/cases/authority-time';
import { addCalendarDays } from '../../../shared/team/team';
import { callValue } from '../../support/app';
import { createDeskTestApp, type DeskTestApp } from '../../support/desk-app';

let desk: DeskTestApp;
const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);
const refusal = async <N extends CallName>(name: N, input?: CallInput<N>) => {
  const envelope = await desk.app.dispatch(name, input ?? {}, { transport: 'http' });
  return envelope.ok
    ? 'resolved'
    : `${envelope.error.code}${envelope.error.reason ? `:${envelope.error.reason}` : ''}`;
};

beforeEach(async () => {
  desk = await createDeskTestApp({ cases: 6, seed: 11, withAttachments: 0 });
});
afterEach(() => desk?.close());

/** Anna claims the first case of the inbox and accepts it. */
async function annasCase() {
  const [first] = (await value('cases.list', { limit: 1, sort: { column: 'receivedAt', dir: 'asc' } })).rows;
  if (!first) throw new Error('no case');
  const claimed = await value('cases.transition', {
    id: first.id,
    action: 'claim',
    expectedVersion: first.version,
  });
  return value('cases.transition', { id: first.id, action: 'accept', expectedVersion: claimed.version });
}

describe('team work through the API', () => {
  it('makes whoever takes a case follow it, and shows who is working on it to a colleague', async () => {
    const row = await annasCase();
    expect(await value('team.caseTeam', { id: row.id })).toEqual({
      responsible: 'anna.schmidt',
      followers: ['anna.schmidt'],
      following: true,
      working: [],
    });
    await value('team.working', { id: row.id, active: true });
    await desk.signInAs('tom.becker');
    expect(await value('team.presence', { ids: [row.id] })).toEqual([
      { caseId: row.id, person: 'anna.schmidt' },
    ]);
    expect((await value('team.caseTeam', { id: row.id })).working).toEqual(['anna.schmidt']);
    const followed = await value('team.follow', { id: row.id, follow: true });
    expect(followed.followers).toEqual(['anna.schmidt', 'tom.becker']);
    expect((await value('cases.list', { scope: 'followed' })).rows.map((r) => r.id)).toEqual([row.id]);
  });

  it('hands a case to a colleague with a note: their inbox, their notification, the history says who gave it to whom', async () => {
    const row = await annasCase();
    expect(await refusal('team.hand', { id: row.id, to: 'anna.schmidt', expectedVersion: row.version })).toBe(
      'invalid-transition:same-person',
    );
    const handed = await value('team.hand', {
      id: row.id,
      to: 'jan.koch',
      expectedVersion: row.version,
      note: 'Bitte Einkommensnachweis prüfen',
    });
    expect(handed.assignee).toBe('jan.koch');
    await desk.signInAs('jan.koch');
    const mine = await value('cases.list', { assignee: 'me' });
    expect(mine.rows.map((r) => r.id)).toEqual([row.id]);
    expect(await value('notifications.pending')).toEqual([
      { kind: 'assigned', caseId: row.id, fileReference: row.fileReference, by: 'anna.schmidt' },
    ]);
    expect(await value('notifications.pending')).toEqual([]);
    const view = await value('cases.get', { id: row.id });
    expect(view.history.at(-1)).toMatchObject({
      actor: 'anna.schmidt',
      action: 'case.handTo',
      assignee: 'jan.koch',
    });
    expect(view.notes.map((note) => [note.author, note.text])).toContainEqual([
      'anna.schmidt',
      'Bitte Einkommensnachweis prüfen',
    ]);
    // Jan now follows the case; Anna, who took it first, still does and hears of Jan's change.
    expect((await value('team.caseTeam', { id: row.id })).followers).toEqual(['anna.schmidt', 'jan.koch']);
    await value('cases.addNote', { id: row.id, text: 'Nachweis liegt vor' });
    await desk.signInAs('anna.schmidt');
    expect(await value('notifications.pending')).toEqual([
      { kind: 'followedChanged', caseId: row.id, fileReference: row.fileReference, by: 'jan.koch' },
    ]);
    expect((await desk.app.store.audit.verify()).ok).toBe(true);
  });

  it('lets a person switch a kind of notification off', async () => {
    const row = await annasCase();
    await desk.signInAs('jan.koch');
    const settings = await value('notifications.settings');
    expect(settings).toEqual({
      assigned: true,
      followedChanged: true,
      resubmissionDue: true,
      pickupReminder: true,
    });
    await value('notifications.saveSettings', { ...settings, assigned: false });
    await desk.signInAs('anna.schmidt');
    await value('team.hand', { id: row.id, to: 'jan.koch', expectedVersion: row.version });
    await desk.signInAs('jan.koch');
    expect(await value('notifications.pending')).toEqual([]);
  });

  it('lets a deputy see the absent colleague’s cases in a filter and take one over', async () => {
    const row = await annasCase();
    await desk.signInAs('jan.koch');
    expect(await refusal('cases.get', { id: row.id })).toBe('not-found:case-not-found');
    expect((await value('cases.list', { scope: 'covered' })).rows).toEqual([]);
    await desk.signInAs('anna.schmidt');
    const today = authorityCalendarDate(new Date());
    await value('team.saveAbsence', { deputy: 'jan.koch', from: today, to: addCalendarDays(today, 4) });
    // Only the team lead names a deputy for someone else.
    expect(
      await refusal('team.saveAbsence', {
        person: 'jan.koch',
        deputy: 'anna.schmidt',
        from: today,
        to: today,
      }),
    ).toBe('forbidden:forbidden');
    await desk.signInAs('jan.koch');
    expect(await value('team.covers')).toEqual(['anna.schmidt']);
    const covered = await value('cases.list', { scope: 'covered' });
    expect(covered.rows.map((r) => r.id)).toEqual([row.id]);
    expect(await refusal('team.hand', { id: row.id, to: 'tom.becker', expectedVersion: row.version })).toBe(
      'invalid-transition:not-covering',
    );
    const taken = await value('team.hand', { id: row.id, to: 'jan.koch', expectedVersion: row.version });
    expect(taken.assignee).toBe('jan.koch');
    const view = await value('cases.get', { id: row.id });
    expect(view.history.at(-1)).toMatchObject({
      actor: 'jan.koch',
      action: 'case.takeOver',
      assignee: 'jan.koch',
    });
  });

  it('gives the team lead the overview, its numbers as the cases say, and no one else', async () => {
    await annasCase();
    expect(await refusal('team.overview')).toBe('forbidden:forbidden');
    await desk.signInAs('tom.becker');
    const overview = await value('team.overview');
    const open = await value('cases.list', {
      status: ['new', 'in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'],
    });
    const total = open.total ?? 0;
    expect(overview.byService.reduce((sum, s) => sum + s.count, 0)).toBe(total);
    expect(overview.byWeek.reduce((sum, w) => sum + w.count, 0) + overview.earlier).toBe(total);
    expect(overview.unassigned).toBe((await value('cases.list', { assignee: 'unassigned' })).total);
    expect(overview.overdue).toBe((await value('cases.list', { overdue: true })).total);
    expect(overview.byPerson).toEqual([{ person: 'anna.schmidt', count: 1 }]);
    expect(overview.byWeek).toHaveLength(8);
  });
});
