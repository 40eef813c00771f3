/**
 * One time zone for everything a person reads, in the desk and in every letter: the authority's
 * (Europe/Berlin), never the workstation's, so a terminal server in another zone prints the same dates. Pure.
 */
export const AUTHORITY_TIME_ZONE = 'Europe/Berlin';

const calendarDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: AUTHORITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` of the authority's calendar day at that instant. */
export function authorityCalendarDate(at: Date): string {
  const parts = calendarDay.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: AUTHORITY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far the authority's clock is ahead of UTC at that instant, in milliseconds (CET +1 h, CEST +2 h). */
function authorityOffset(at: number): number {
  const parts = wallClock.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the authority's calendar day `YYYY-MM-DD` (plus `offsetDays`) begins: 00:00 in Europe/Berlin,
 * whatever zone the workstation has. Midnight is never inside a DST change there (it happens at 02:00/03:00).
 */
export function authorityDayStart(day: string, offsetDays = 0): Date {
  const [year, month, date] = day.split('-').map(Number);
  const midnightUtc = Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + offsetDays);
  const guess = midnightUtc - authorityOffset(midnightUtc);
  return new Date(midnightUtc - authorityOffset(guess));
}
