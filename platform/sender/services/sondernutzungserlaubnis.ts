import type { Random } from '../../random';
import { SPECIAL_USES, STREETS, TRADES } from '../german';
import { addDays, anschrift, email, isoDate, person, phone } from '../people';
import type { ServiceDraft } from './draft';

type Use = keyof typeof SPECIAL_USES;

export function sondernutzungserlaubnis(random: Random, today: Date): ServiceDraft {
  const contact = person(random, today, 21, 75);
  const company = random.chance(0.6);
  const use = random.pick(Object.keys(SPECIAL_USES) as Use[]);
  const start = addDays(today, random.int(7, 60));
  const place = anschrift(random);
  return {
    applicant: contact.name,
    fee: 50,
    data: {
      antragsteller: {
        art: company ? 'unternehmen' : 'privat',
        name: contact.name,
        ...(company ? { firma: random.pick(TRADES).firma } : {}),
        anschrift: anschrift(random),
        kontakt: { email: email(random, contact.name), telefon: phone(random) },
      },
      nutzung: { art: use, beschreibung: SPECIAL_USES[use] },
      ort: {
        strasse: random.pick(STREETS),
        hausnummer: String(random.int(1, 120)),
        postleitzahl: place.postleitzahl,
        lagebeschreibung: random.pick([
          'Gehweg vor dem Gebäude',
          'Parkstreifen, zwei Stellplätze',
          'Fußgängerzone, Höhe Brunnen',
        ]),
      },
      zeitraum: { von: isoDate(start), bis: isoDate(addDays(start, random.int(0, 90))) },
      flaeche: { laengeM: random.int(20, 150) / 10, breiteM: random.int(10, 40) / 10 },
      halteverbotErforderlich: use === 'umzug' || use === 'container' || random.chance(0.3),
      verbleibendeGehwegbreiteM: random.int(10, 30) / 10,
    },
    documents: [
      {
        kind: 'png',
        filename: 'Lageplan.png',
        description: 'Lageplan mit eingezeichneter Fläche',
        picture: 'site-plan',
      },
      {
        kind: 'pdf',
        filename: 'Baustelleneinrichtungsplan.pdf',
        description: 'Beschreibung der Einrichtung und Verkehrssicherung',
        title: 'Baustelleneinrichtung und Verkehrssicherung',
        paragraphs: [
          SPECIAL_USES[use],
          'Die Verkehrssicherung erfolgt nach den Richtlinien für die Sicherung von Arbeitsstellen an Straßen (RSA 21). Eine Restgehwegbreite von mindestens 1,30 m bleibt erhalten.',
          'Verantwortliche Person vor Ort ist die antragstellende Person; sie ist während der gesamten Nutzung telefonisch erreichbar.',
        ],
      },
    ],
  };
}
