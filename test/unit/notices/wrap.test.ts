import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../main/pdf/wrap';

// One point per character keeps the expectations readable.
const measure = (text: string) => text.length;

describe('wrapText', () => {
  it('breaks at spaces so that no line is wider than allowed', () => {
    const lines = wrapText('Ihrem Antrag wird in vollem Umfang stattgegeben', 16, measure);
    expect(lines).toEqual(['Ihrem Antrag', 'wird in vollem', 'Umfang', 'stattgegeben']);
    expect(lines.every((line) => line.length <= 16)).toBe(true);
  });

  it('keeps explicit line breaks and empty lines', () => {
    expect(wrapText('Mit freundlichen Grüßen\n\nIm Auftrag', 40, measure)).toEqual([
      'Mit freundlichen Grüßen',
      '',
      'Im Auftrag',
    ]);
  });

  it('does not break at a non-breaking space', () => {
    expect(wrapText('Gebühr 1.234,56\u00a0€ fällig', 12, measure)).toEqual([
      'Gebühr',
      '1.234,56\u00a0€',
      'fällig',
    ]);
  });

  it('cuts a word that is wider than a whole line', () => {
    expect(wrapText('IBAN DE02120300000000202051', 10, measure)).toEqual([
      'IBAN',
      'DE02120300',
      '0000002020',
      '51',
    ]);
  });
});
