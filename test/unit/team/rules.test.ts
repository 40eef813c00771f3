import { describe, expect, it } from 'vitest';
import { authorityMidnight, coveredBy, handRefusal, overviewWeeks } from '../../../shared/team/team';

const anna = { userId: 'anna', isTeamLead: false, covers: [] as string[] };
const lead = { userId: 'lea', isTeamLead: true, covers: [] as string[] };
const toms = { status: 'accepted' as const, assignee: 'tom', verification: 'passed' as const };

describe('team rules', () => {
  it('lets the responsible person and the team lead hand a case on, and a deputy take it over', () => {
    expect(handRefusal(toms, { ...anna, userId: 'tom' }, 'anna')).toBeNull();
    expect(handRefusal(toms, lead, 'anna')).toBeNull();
    expect(handRefusal(toms, anna, 'anna')).toBe('not-responsible');
    expect(handRefusal(toms, { ...anna, covers: ['tom'] }, 'anna')).toBeNull();
    expect(handRefusal(toms, { ...anna, covers: ['tom'] }, 'lea')).toBe('not-covering');
    expect(handRefusal(toms, lead, 'tom')).toBe('same-person');
    expect(handRefusal({ ...toms, status: 'new', assignee: null }, lead, 'anna')).toBe('wrong-status');
    expect(handRefusal({ ...toms, status: 'notice_sent' }, lead, 'anna')).toBe('wrong-status');
    expect(handRefusal({ ...toms, verification: 'failed' }, lead, 'anna')).toBe('verification-not-passed');
  });

  it('names whom a deputy covers for on a day, the first and last day included', () => {
    const absences = [
      { person: 'tom', deputy: 'anna', from: '2026-12-07', to: '2026-12-11' },
      { person: 'lea', deputy: 'anna', from: '2026-12-14', to: '2026-12-14' },
      { person: 'lea', deputy: 'tom', from: '2026-12-07', to: '2026-12-08' },
    ];
    expect(coveredBy(absences, 'anna', '2026-12-06')).toEqual([]);
    expect(coveredBy(absences, 'anna', '2026-12-07')).toEqual(['tom']);
    expect(coveredBy(absences, 'anna', '2026-12-11')).toEqual(['tom']);
    expect(coveredBy(absences, 'anna', '2026-12-14')).toEqual(['lea']);
    expect(coveredBy(absences, 'tom', '2026-12-08')).toEqual(['lea']);
  });

  it('counts weeks from Monday midnight in Berlin, in winter and in summer time', () => {
    expect(authorityMidnight('2026-12-07').toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(authorityMidnight('2026-07-06').toISOString()).toBe('2026-07-05T22:00:00.000Z');
    expect(overviewWeeks(new Date('2026-12-09T12:00:00Z'), 2)).toEqual({
      weeks: ['2026-11-29T23:00:00.000Z', '2026-12-06T23:00:00.000Z'],
      weekEnd: '2026-12-13T23:00:00.000Z',
    });
    // Sunday 23:30 UTC is already Monday in Berlin: the new week has begun.
    expect(overviewWeeks(new Date('2026-12-06T23:30:00Z'), 1).weeks).toEqual(['2026-12-06T23:00:00.000Z']);
    // Across the change to summer time (29 March 2026).
    expect(overviewWeeks(new Date('2026-04-01T10:00:00Z'), 2).weeks).toEqual([
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });
});
