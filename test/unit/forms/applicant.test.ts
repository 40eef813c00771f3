import { describe, expect, it } from 'vitest';
import { applicantName } from '../../../main/forms/applicant';

describe('applicantName', () => {
  it.each([
    [
      { antragsteller: { name: { vornamen: 'Brünnhilde', familienname: 'Wolff-Großkopf' } } },
      'Brünnhilde Wolff-Großkopf',
    ],
    [{ antragsteller: { vorname: 'Jürgen', nachname: 'Müller' } }, 'Jürgen Müller'],
    [
      {
        neueWohnung: { wohnungsgeber: { name: 'Jörg Jäger' } },
        personen: [{ name: { vornamen: 'Ada', familienname: 'Öztürk' } }],
      },
      'Ada Öztürk',
    ],
    [{ betrieb: { firma: 'Müller & Schäfer GmbH' } }, 'Müller & Schäfer GmbH'],
    [{ antragsteller: { vorname: ' ', nachname: 'X' }, firma: 'Y' }, 'Y'],
    [{}, null],
    ['text', null],
    [null, null],
  ])('%j → %s', (data, expected) => {
    expect(applicantName(data as never)).toBe(expected);
  });
});
