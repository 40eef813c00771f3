/**
 * Team work's rules, pure: who may hand a case to whom, whom a deputy covers for on a day, and the weeks
 * of the team overview in the authority's time zone. Main enforces them; the UI only mirrors them.
 */
import { AUTHORITY_TIME_ZONE, authorityCalendarDate } from '../cases/authority-time';
import type { CaseStatus, Verification } from '../cases/types';

/** A case is handed on while someone is responsible for it and it is still open. */
const HANDABLE: readonly CaseStatus[] = ['in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'];

export interface HandActor {
  userId: string;
  isTeamLead: boolean;
  /** The absent colleagues this person covers for today. */
  covers: readonly string[];
}

export type HandRefusal =
  | 'wrong-status'
  | 'verification-not-passed'
  | 'not-responsible'
  | 'same-person'
  | 'not-covering';

/**
 * Whether `actor` may give the case to `to`. The responsible person and the team lead hand it to anyone;
 * a deputy takes over (gives it to themselves) a case of a colleague they cover for.
 */
export function handRefusal(
  current: { status: CaseStatus; assignee: string | null; verification: Verification },
  actor: HandActor,
  to: string,
): HandRefusal | null {
  if (current.verification !== 'passed') return 'verification-not-passed';
  if (!HANDABLE.includes(current.status) || current.assignee === null) return 'wrong-status';
  if (to === current.assignee) return 'same-person';
  if (actor.isTeamLead || current.assignee === actor.userId) return null;
  if (!actor.covers.includes(current.assignee)) return 'not-responsible';
  return to === actor.userId ? null : 'not-covering';
}

/** The people `deputy` covers for on `day` (`YYYY-MM-DD`, the authority's calendar). */
export function coveredBy(
  absences: readonly { person: string; deputy: string; from: string; to: string }[],
  deputy: string,
  day: string,
): string[] {
  const people = absences
    .filter((absence) => absence.deputy === deputy && absence.from <= day && day <= absence.to)
    .map((absence) => absence.person);
  return [...new Set(people)].sort();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant the authority's calendar day `YYYY-MM-DD` begins (midnight in Europe/Berlin). */
export function authorityMidnight(day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00.000Z`);
  // Berlin is ahead of UTC by one or two hours: midnight there is one of these two instants.
  for (const hours of [1, 2]) {
    const candidate = new Date(utcMidnight - hours * 60 * 60 * 1000);
    if (authorityCalendarDate(candidate) === day && offsetHours(candidate) === hours) return candidate;
  }
  throw new Error(`no midnight found for ${day} in ${AUTHORITY_TIME_ZONE}`);
}

function offsetHours(at: Date): number {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: AUTHORITY_TIME_ZONE,
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(at),
  );
  return (hour - at.getUTCHours() + 24) % 24;
}

/** `day` moved by `days` calendar days. */
export function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The starts of the last `count` weeks (Monday 00:00 in the authority's zone, oldest first, the current
 * one last) and the end of the current week.
 */
export function overviewWeeks(now: Date, count: number): { weeks: string[]; weekEnd: string } {
  const today = authorityCalendarDate(now);
  const weekday = (new Date(`${today}T00:00:00.000Z`).getUTCDay() + 6) % 7;
  const monday = addCalendarDays(today, -weekday);
  const weeks = Array.from({ length: count }, (_, i) =>
    authorityMidnight(addCalendarDays(monday, (i - count + 1) * 7)).toISOString(),
  );
  return { weeks, weekEnd: authorityMidnight(addCalendarDays(monday, 7)).toISOString() };
}
