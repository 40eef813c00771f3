import type { Random } from '../../random';
import { PLATE_PREFIXES, VEHICLES } from '../german';
import { addDays, anschrift, email, isoDate, person, phone } from '../people';
import type { ServiceDraft } from './draft';

function plate(random: Random): string {
  const letters = 'ABCDEFGHIJKLMNOPRSTUVWXYZ';
  const pair = Array.from({ length: random.int(1, 2) }, () => random.pick([...letters])).join('');
  return `${random.pick(PLATE_PREFIXES)}-${pair} ${random.int(1, 9999)}${random.chance(0.05) ? 'E' : ''}`;
}

export function bewohnerparkausweis(random: Random, today: Date): ServiceDraft {
  const applicant = person(random, today, 18, 85);
  const [hersteller, modell] = random.pick(VEHICLES);
  const laufzeitMonate = random.pick([6, 12, 24]);
  return {
    applicant: applicant.name,
    fee: laufzeitMonate === 24 ? 61.4 : 30.7,
    data: {
      antragsteller: {
        name: applicant.name,
        geburtsdatum: applicant.geburtsdatum,
        anschrift: anschrift(random),
        kontakt: { email: email(random, applicant.name), telefon: phone(random) },
      },
      fahrzeug: {
        kennzeichen: plate(random),
        halter: random.pick(['selbst', 'selbst', 'arbeitgeber', 'leasing', 'angehoerige']),
        hersteller,
        modell,
        erstzulassung: isoDate(addDays(today, -random.int(100, 5000))),
      },
      parkzone: random.pick(['A', 'B', 'C', 'D', 'E']),
      gueltigAb: isoDate(addDays(today, random.int(1, 30))),
      laufzeitMonate,
      zustellung: random.pick(['post', 'abholung']),
    },
    documents: [
      {
        kind: 'png',
        filename: 'Fahrzeugschein.png',
        description: 'Zulassungsbescheinigung Teil I (Foto)',
        picture: 'vehicle-document',
      },
    ],
  };
}
