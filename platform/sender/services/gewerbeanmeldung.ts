import type { Random } from '../../random';
import { REGISTER_COURTS, TRADES } from '../german';
import { addDays, anschrift, email, isoDate, person, phone } from '../people';
import type { DocumentSpec, ServiceDraft } from './draft';

const REGISTERED = new Set(['ek', 'ohg', 'kg', 'gmbh', 'ug', 'ag']);

export function gewerbeanmeldung(random: Random, today: Date): ServiceDraft {
  const trade = random.pick(TRADES);
  const rechtsform = random.pick(['einzelunternehmen', 'einzelunternehmen', 'ek', 'gbr', 'gmbh', 'ug', 'kg']);
  const count = rechtsform === 'einzelunternehmen' || rechtsform === 'ek' ? 1 : random.int(2, 4);
  const personen = Array.from({ length: count }, (_, index) => {
    const member = person(random, today, 18, 75);
    const funktion =
      count === 1
        ? 'inhaber'
        : index === 0 && (rechtsform === 'gmbh' || rechtsform === 'ug')
          ? 'geschaeftsfuehrer'
          : 'gesellschafter';
    return { funktion, ...member, anschrift: anschrift(random) };
  });
  const [first] = personen;
  if (first === undefined) throw new RangeError('a business needs a person');
  const registered = REGISTERED.has(rechtsform);
  const erlaubnispflichtig = random.chance(0.2);
  const documents: DocumentSpec[] = [];
  if (registered) {
    documents.push({
      kind: 'pdf',
      filename: 'Handelsregisterauszug.pdf',
      description: 'Aktueller Auszug aus dem Handelsregister',
      title: 'Chronologischer Auszug aus dem Handelsregister',
      paragraphs: [
        `Firma: ${trade.firma}`,
        `Gegenstand des Unternehmens: ${trade.taetigkeit}.`,
        `Vertretungsberechtigt: ${personen.map((p) => `${p.name.vornamen} ${p.name.familienname}`).join(', ')}.`,
      ],
    });
  }
  if (erlaubnispflichtig) {
    documents.push({
      kind: 'png',
      filename: 'Erlaubnisurkunde.png',
      description: 'Erlaubnis nach § 34c GewO (Scan)',
      picture: 'id-card',
    });
  }
  return {
    applicant: first.name,
    fee: 26,
    data: {
      anlass: random.pick([
        'neuerrichtung',
        'neuerrichtung',
        'uebernahme',
        'rechtsformwechsel',
        'zuzug',
        'zweigniederlassung',
      ]),
      betrieb: {
        name: trade.firma,
        rechtsform,
        betriebsstaette: anschrift(random),
        taetigkeit: trade.taetigkeit,
        beginn: isoDate(addDays(today, random.int(-10, 30))),
        beschaeftigte: { vollzeit: random.int(0, 12), teilzeit: random.int(0, 8) },
        ...(registered
          ? {
              handelsregister: {
                gericht: random.pick(REGISTER_COURTS),
                nummer: `HR${rechtsform === 'gmbh' || rechtsform === 'ug' || rechtsform === 'ag' ? 'B' : 'A'} ${random.int(1000, 999999)}`,
              },
            }
          : {}),
        nebenerwerb: random.chance(0.25),
        erlaubnispflichtig,
      },
      personen,
      kontakt: { email: email(random, first.name), telefon: phone(random) },
    },
    documents,
  };
}
