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
