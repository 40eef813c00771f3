/**
 * Dates, numbers and sizes for people, always through Intl with the active locale (de-DE by default).
 * Pure. Instants are shown in the authority's time zone (Europe/Berlin), as in its letters, whatever zone the
 * workstation is set to.
 */
import { AUTHORITY_TIME_ZONE } from '../cases/authority-time';

export interface FormatOptions {
  locale: string;
  /** IANA zone; default Europe/Berlin. */
  timeZone?: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl formatter costs far more than using one; the inbox formats hundreds of cells per render.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, create: () => F): F {
  const known = formatters.get(key) as F | undefined;
  if (known) return known;
  const created = create();
  formatters.set(key, created);
  return created;
}

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

/** A calendar date (`2025-03-01`) has no time zone: it is shown as written, never shifted a day. */
export function formatCalendarDate(value: string, { locale }: FormatOptions): string | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match[3])) return null;
  return dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatDate(iso: string, { locale, timeZone = AUTHORITY_TIME_ZONE }: FormatOptions): string {
  const calendar = formatCalendarDate(iso, { locale });
  if (calendar !== null) return calendar;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

export function formatDateTime(
  iso: string,
  { locale, timeZone = AUTHORITY_TIME_ZONE }: FormatOptions,
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

export function formatNumber(value: number, { locale }: FormatOptions): string {
  return numberFormat(locale, { maximumFractionDigits: 6 }).format(value);
}

const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** Decimal units (1 MB = 1,000,000 bytes), so the unit name is exact: 1,200,000 bytes → "1,2 MB". */
export function formatBytes(bytes: number, { locale }: FormatOptions): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  // Compare the rounded figure, so 999,999 bytes read "1 MB" rather than "1.000 kB".
  while (unit < byteUnits.length - 1 && roundTo(value, unit === 0 ? 0 : 1) >= 1000) {
    value /= 1000;
    unit++;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: byteUnits[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
