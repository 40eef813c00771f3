import type { Random } from '../../random';
import { DOG_BREEDS, DOG_NAMES, PLACES } from '../german';
import { addDays, anschrift, digits, email, iban, isoDate, person, phone } from '../people';
import type { DocumentSpec, ServiceDraft } from './draft';

export function hundesteuerAnmeldung(random: Random, today: Date): ServiceDraft {
  const halter = person(random, today, 18, 85);
  const hunde = Array.from({ length: random.pick([1, 1, 1, 2, 3]) }, () => {
    const wurf = addDays(today, -random.int(90, 4000));
    return {
      name: random.pick(DOG_NAMES),
      rasse: random.pick(DOG_BREEDS),
      geschlecht: random.pick(['ruede', 'huendin']),
      wurfdatum: isoDate(wurf),
      haltungsbeginn: isoDate(addDays(today, -random.int(0, 30))),
      transpondernummer: `276${digits(random, 12)}`,
      gefaehrlich: random.chance(0.05),
      steuerbefreiung: random.pick([
        'keine',
        'keine',
        'keine',
        'blindenfuehrhund',
        'rettungshund',
        'tierheim',
      ]),
    };
  });
  const [firstDog] = hunde;
  const documents: DocumentSpec[] = firstDog
    ? [{ kind: 'png', filename: `Foto_${firstDog.name}.png`, description: 'Foto des Hundes', picture: 'dog' }]
    : [];
  const exempt = hunde.find((hund) => hund.steuerbefreiung !== 'keine');
  if (exempt !== undefined) {
    documents.push({
      kind: 'pdf',
      filename: 'Nachweis_Steuerbefreiung.pdf',
      description: 'Nachweis für die beantragte Steuerbefreiung',
      title: 'Nachweis zur Steuerbefreiung',
      paragraphs: [
        `Für den Hund „${exempt.name}“ (Transponder ${exempt.transpondernummer}) wird die Steuerbefreiung beantragt.`,
        'Die Prüfungsbescheinigung beziehungsweise der Nachweis der Ausbildung liegt diesem Schreiben bei.',
      ],
    });
  }
  return {
    applicant: halter.name,
    data: {
      halter: {
        name: halter.name,
        geburtsdatum: halter.geburtsdatum,
        anschrift: anschrift(random),
        kontakt: { email: email(random, halter.name), telefon: phone(random) },
      },
      hunde,
      bankverbindung: {
        kontoinhaber: `${halter.name.vornamen} ${halter.name.familienname}`,
        iban: iban(random),
        mandatErteilt: true,
      },
      ...(random.chance(0.3)
        ? {
            vorherigeGemeinde: {
              gemeinde: random.pick(PLACES).ort,
              abgemeldetAm: isoDate(addDays(today, -random.int(1, 20))),
            },
          }
        : {}),
    },
    documents,
  };
}
