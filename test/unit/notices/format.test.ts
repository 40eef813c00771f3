import { describe, expect, it } from 'vitest';
import { formatEuroCents, formatGermanDate, formatIban } from '../../../main/notices/format';

describe('German formatting', () => {
  it('writes ISO dates as dd.mm.yyyy and rejects dates that do not exist', () => {
    expect(formatGermanDate('2025-03-07')).toBe('07.03.2025');
    expect(formatGermanDate('2024-02-29')).toBe('29.02.2024');
    expect(formatGermanDate('2025-02-29')).toBeUndefined();
    expect(formatGermanDate('07.03.2025')).toBeUndefined();
    expect(formatGermanDate('2025-3-7')).toBeUndefined();
  });

  it('writes cents as euros with German separators and a non-breaking space before €', () => {
    expect(formatEuroCents(0)).toBe('0,00\u00a0€');
    expect(formatEuroCents(3060)).toBe('30,60\u00a0€');
    expect(formatEuroCents(123456)).toBe('1.234,56\u00a0€');
    expect(formatEuroCents(100000000)).toBe('1.000.000,00\u00a0€');
  });

  it('groups IBANs in fours', () => {
    expect(formatIban('de02120300000000202051')).toBe('DE02 1203 0000 0000 2020 51');
    expect(formatIban('DE02 1203 0000 0000 2020 51')).toBe('DE02 1203 0000 0000 2020 51');
  });
});
