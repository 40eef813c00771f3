/**
 * Calendar dates for the `date` transform. A timestamp with a zone (`receivedAt`) is read as the date in
 * the department's time zone: 23:30 UTC on the 1st is already the 2nd in Germany.
 */
import type { DateInputFormat } from './model';

export const DEPARTMENT_TIME_ZONE = 'Europe/Berlin';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$/;
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/** An output pattern: `iso`, or the tokens yyyy, MM, dd with separators. */
const PATTERN_TOKEN = /yyyy|MM|dd|[-./ ]/g;

const zonedDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: DEPARTMENT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function parseDate(text: string, format: DateInputFormat): CalendarDate | undefined {
  const value = text.trim();
  if (format === 'dd.MM.yyyy') {
    const match = GERMAN_DATE.exec(value);
    return match ? checked(Number(match[3]), Number(match[2]), Number(match[1])) : undefined;
  }
  const date = ISO_DATE.exec(value);
  if (date) return checked(Number(date[1]), Number(date[2]), Number(date[3]));
  const dateTime = ISO_DATE_TIME.exec(value);
  if (!dateTime) return undefined;
  const wallDate = checked(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3]));
  if (wallDate === undefined || dateTime[7] === undefined) return wallDate;
  const instant = Date.parse(value.replace(' ', 'T'));
  if (Number.isNaN(instant)) return undefined;
  const [year, month, day] = zonedDate.format(instant).split('-').map(Number);
  return year === undefined || month === undefined || day === undefined ? undefined : { year, month, day };
}

function checked(year: number, month: number, day: number): CalendarDate | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? { year, month, day } : undefined;
}

/** Why an output pattern is unusable, or `undefined` when it is fine. */
export function datePatternProblem(pattern: string): string | undefined {
  if (pattern === 'iso') return undefined;
  const rest = pattern.replace(PATTERN_TOKEN, '');
  if (rest !== '') return 'must be "iso" or built from yyyy, MM, dd and the separators . - / and space';
  for (const token of ['yyyy', 'MM', 'dd']) {
    if (pattern.split(token).length !== 2) return `must contain ${token} exactly once`;
  }
  return undefined;
}

export function formatDate(date: CalendarDate, pattern: string): string {
  const tokens: Record<string, string> = {
    yyyy: String(date.year).padStart(4, '0'),
    MM: String(date.month).padStart(2, '0'),
    dd: String(date.day).padStart(2, '0'),
  };
  return (pattern === 'iso' ? 'yyyy-MM-dd' : pattern).replace(
    PATTERN_TOKEN,
    (token) => tokens[token] ?? token,
  );
}
