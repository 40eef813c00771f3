import type { Random } from '../../random';
import { anschrift, person } from '../people';
import type { ServiceDraft } from './draft';

const PURPOSES = [
  'Vorlage beim Arbeitgeber',
  'Vorlage bei der Familienkasse',
  'Anmeldung eines Kindes in der Kindertagesstätte',
  'Antrag auf Wohngeld',
  '',
];

export function meldebescheinigung(random: Random, today: Date): ServiceDraft {
  const applicant = person(random, today, 16, 90);
  const art = random.pick(['einfach', 'einfach', 'erweitert']);
  const weitere = Array.from({ length: random.pick([0, 0, 1, 2]) }, () => {
    const member = person(random, today, 0, 80, applicant.name.familienname);
    return { name: member.name, geburtsdatum: member.geburtsdatum };
  });
  const verwendungszweck = random.pick(PURPOSES);
  return {
    applicant: applicant.name,
    fee: art === 'erweitert' ? 10 : 5,
    data: {
      antragsteller: {
        name: applicant.name,
        geburtsdatum: applicant.geburtsdatum,
        geburtsort: applicant.geburtsort,
        anschrift: anschrift(random),
      },
      art,
      anzahl: random.pick([1, 1, 2, 3]),
      ...(verwendungszweck === '' ? {} : { verwendungszweck }),
      ...(weitere.length > 0 ? { weiterePersonen: weitere } : {}),
      zustellung: random.pick(['post', 'abholung', 'postfach']),
    },
    documents: [],
  };
}
