import type { Random } from '../../random';
import { addDays, anschrift, digits, email, isoDate, person, phone } from '../people';
import type { ServiceDraft } from './draft';

const ID_ALPHABET = 'CFGHJKLMNPRTVWXYZ0123456789';

function idSerial(random: Random): string {
  return Array.from({ length: 9 }, () => random.pick([...ID_ALPHABET])).join('');
}

export function wohnsitzanmeldung(random: Random, today: Date): ServiceDraft {
  const main = person(random, today, 18, 80);
  const household = [main];
  const others = random.pick([0, 0, 1, 2, 3]);
  for (let i = 0; i < others; i++) {
    household.push(person(random, today, i === 0 ? 18 : 0, i === 0 ? 80 : 17, main.name.familienname));
  }
  const neueAnschrift = anschrift(random);
  const vermieter = person(random, today, 30, 85);
  const einzug = addDays(today, -random.int(0, 13));
  const personen = household.map((member, index) => ({
    ...member,
    familienstand: index === 0 ? random.pick(['LD', 'VH', 'LP', 'VW', 'GS']) : index === 1 ? 'VH' : 'LD',
    religion: random.pick(['ev', 'rk', 'ohne', 'sonstige']),
    ...(index === 0 || random.chance(0.5)
      ? {
          ausweis: {
            art: random.pick(['personalausweis', 'reisepass']),
            seriennummer: idSerial(random),
            gueltigBis: isoDate(addDays(today, random.int(200, 3600))),
          },
        }
      : {}),
  }));
  return {
    applicant: main.name,
    data: {
      einzugsdatum: isoDate(einzug),
      neueWohnung: {
        anschrift: neueAnschrift,
        wohnungsstatus: random.pick(['alleinige', 'alleinige', 'haupt', 'neben']),
        wohnungsgeber: {
          name: `${vermieter.name.vornamen} ${vermieter.name.familienname}`,
          anschrift: anschrift(random),
          istEigentuemer: random.chance(0.7),
        },
      },
      bisherigeWohnung: {
        anschrift: anschrift(random),
        auszugsdatum: isoDate(addDays(einzug, -1)),
        wirdBeibehalten: false,
      },
      personen,
      kontakt: { email: email(random, main.name), telefon: phone(random) },
    },
    documents: [
      {
        kind: 'pdf',
        filename: 'Wohnungsgeberbestätigung.pdf',
        description: 'Bestätigung des Wohnungsgebers nach § 19 BMG',
        title: 'Wohnungsgeberbestätigung nach § 19 Bundesmeldegesetz',
        paragraphs: [
          `Hiermit bestätige ich, ${vermieter.name.vornamen} ${vermieter.name.familienname}, den Einzug der unten genannten Personen am ${isoDate(einzug)} in die Wohnung ${neueAnschrift.strasse} ${neueAnschrift.hausnummer}, ${neueAnschrift.postleitzahl} ${neueAnschrift.ort}.`,
          `Meldepflichtige Personen: ${household.map((member) => `${member.name.vornamen} ${member.name.familienname}`).join('; ')}.`,
          `Vorgangsnummer des Wohnungsgebers: WG-${digits(random, 8)}.`,
          'Ich bin darauf hingewiesen worden, dass es verboten ist, eine Wohnanschrift für eine Anmeldung anzubieten oder zur Verfügung zu stellen, wenn ein tatsächlicher Bezug der Wohnung weder stattfindet noch beabsichtigt ist.',
        ],
      },
    ],
  };
}
