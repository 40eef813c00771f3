import { describe, expect, it } from 'vitest';
import { FIT_CONNECT } from '../../../platform/settings';
import {
  FIT_CONNECT_AUTO_REJECT_DAYS,
  FIT_CONNECT_REMINDER_DAYS,
  pickupReminderDay,
} from '../../../shared/cases/deadlines';

const receivedAt = '2026-03-01T08:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('FITKO reminders for cases in "Technische Prüfung"', () => {
  it('names day 3 from the third day after arrival and day 9 from the ninth', () => {
    expect(pickupReminderDay('new', 'pending', receivedAt, at('2026-03-04T07:59:59.000Z'))).toBeNull();
    expect(pickupReminderDay('new', 'pending', receivedAt, at('2026-03-04T08:00:00.000Z'))).toBe(3);
    expect(pickupReminderDay('in_review', 'pending', receivedAt, at('2026-03-09T12:00:00.000Z'))).toBe(3);
    expect(pickupReminderDay('in_review', 'pending', receivedAt, at('2026-03-10T08:00:00.000Z'))).toBe(9);
    expect(pickupReminderDay('new', 'pending', receivedAt, at('2026-03-14T08:00:00.000Z'))).toBe(9);
  });

  it('says nothing once the technical receipt went out, after a rejection, or after acceptance', () => {
    const late = at('2026-03-11T08:00:00.000Z');
    expect(pickupReminderDay('new', 'passed', receivedAt, late)).toBeNull();
    expect(pickupReminderDay('rejected', 'failed', receivedAt, late)).toBeNull();
    expect(pickupReminderDay('accepted', 'pending', receivedAt, late)).toBeNull();
  });

  it('the platform counts the same days as the desk', () => {
    expect(FIT_CONNECT.reminderDays).toEqual(FIT_CONNECT_REMINDER_DAYS);
    expect(FIT_CONNECT.autoRejectAfterDays).toBe(FIT_CONNECT_AUTO_REJECT_DAYS);
  });
});
