/** German renderings of the raw case values that notices show. */

const NBSP = '\u00a0';
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2025-03-07` → `07.03.2025`; undefined when the input is not a real calendar date. */
export function formatGermanDate(isoDate: string): string | undefined {
  const match = isoDatePattern.exec(isoDate);
  if (!match) return undefined;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const real =
    probe.getUTCFullYear() === Number(year) &&
    probe.getUTCMonth() === Number(month) - 1 &&
    probe.getUTCDate() === Number(day);
  return real ? `${day}.${month}.${year}` : undefined;
}

/** 123456 → `1.234,56 €` (non-breaking space, so amount and sign never part at a line end). */
export function formatEuroCents(cents: number): string {
  const euros = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped},${rest}${NBSP}€`;
}

/** IBANs are read aloud and typed in groups of four. */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}
