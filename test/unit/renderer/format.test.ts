import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatNumber,
} from '../../../shared/forms/format';

const de = { locale: 'de-DE', timeZone: 'Europe/Berlin' };
const en = { locale: 'en-GB', timeZone: 'Europe/Berlin' };

describe('format', () => {
  it('formats sizes in decimal units the German way', () => {
    expect(formatBytes(1_200_000, de)).toBe('1,2 MB');
    expect(formatBytes(512, de)).toBe('512 Byte');
    expect(formatBytes(999_999, de)).toBe('1 MB');
    expect(formatBytes(999, de)).toBe('999 Byte');
    expect(formatBytes(1_000, de)).toBe('1 kB');
    // ICU separates some units with a no-break space.
    expect(formatBytes(3_450_000_000, de).replace('\u00a0', ' ')).toBe('3,5 GB');
    expect(formatBytes(1_200_000, en)).toBe('1.2 MB');
    expect(formatBytes(-5, de)).toBe('0 Byte');
  });

  it('shows calendar dates as written, never shifted by a time zone', () => {
    expect(formatCalendarDate('2025-03-01', { locale: 'de-DE', timeZone: 'America/Los_Angeles' })).toBe(
      '01.03.2025',
    );
    expect(formatCalendarDate('2025-02-30', de)).toBeNull();
    expect(formatCalendarDate('1.3.2025', de)).toBeNull();
    expect(formatDate('2025-03-01', de)).toBe('01.03.2025');
  });

  it('formats instants in the given zone', () => {
    expect(formatDateTime('2025-03-01T23:30:00.000Z', de)).toBe('02.03.2025, 00:30');
    expect(formatDate('2025-03-01T23:30:00.000Z', de)).toBe('02.03.2025');
    expect(formatDateTime('2025-03-01T09:05:00.000Z', en)).toBe('1 Mar 2025, 10:05');
    expect(formatDateTime('not a date', de)).toBe('not a date');
  });

  it('shows instants in Europe/Berlin by default, whatever zone the workstation has', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(formatDateTime('2025-03-01T23:30:00.000Z', { locale: 'de-DE' })).toBe('02.03.2025, 00:30');
      expect(formatDate('2025-07-01T22:30:00.000Z', { locale: 'de-DE' })).toBe('02.07.2025');
    } finally {
      process.env.TZ = zone;
    }
  });

  it('groups and separates numbers per locale', () => {
    expect(formatNumber(1234.5, de)).toBe('1.234,5');
    expect(formatNumber(1234.5, en)).toBe('1,234.5');
    expect(formatNumber(-0.125, de)).toBe('-0,125');
  });
});
