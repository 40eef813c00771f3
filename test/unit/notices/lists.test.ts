import { describe, expect, it } from 'vitest';
import { listItemsOf } from '../../../main/notices/lists';

describe('listItemsOf', () => {
  it('reads the bullets the list merge field writes, and numbered lines 1, 2, 3', () => {
    expect(listItemsOf('–\u00a0Meldebescheinigung\n–\u00a0Fahrzeugschein')).toEqual([
      { label: '–', separator: '\u00a0', body: 'Meldebescheinigung' },
      { label: '–', separator: '\u00a0', body: 'Fahrzeugschein' },
    ]);
    expect(listItemsOf('• eins')).toEqual([{ label: '•', separator: ' ', body: 'eins' }]);
    expect(listItemsOf('1. Stattgegeben.\r\n2) Gebühr festgesetzt.')).toEqual([
      { label: '1.', separator: ' ', body: 'Stattgegeben.' },
      { label: '2)', separator: ' ', body: 'Gebühr festgesetzt.' },
    ]);
  });

  it('leaves ordinary paragraphs alone, even ones that start like a list', () => {
    for (const text of [
      'Guten Tag,',
      '12. März ist der Stichtag.',
      '1. Erstens\n3. Drittens',
      '2. Zweitens\n3. Drittens',
      '– eins\nkein Punkt',
      '-5 °C',
      '– ',
    ]) {
      expect(listItemsOf(text), text).toBeUndefined();
    }
  });
});
