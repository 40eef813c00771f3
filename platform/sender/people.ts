import type { Random } from '../random';
import {
  BIRTH_PLACES,
  FAMILY_NAMES,
  FIRST_NAMES_FEMALE,
  FIRST_NAMES_MALE,
  NATIONALITIES,
  PLACES,
  STREETS,
} from './german';

export interface Name {
  vornamen: string;
  familienname: string;
  geburtsname?: string;
}

export interface Anschrift {
  strasse: string;
  hausnummer: string;
  adresszusatz?: string;
  postleitzahl: string;
  ort: string;
}

export interface Person {
  name: Name;
  geburtsdatum: string;
  geburtsort: string;
  geschlecht: 'maennlich' | 'weiblich' | 'divers' | 'ohne-angabe';
  staatsangehoerigkeiten: string[];
}

const DAY_MS = 86_400_000;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A date `days` after `from` (negative: before). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

export function name(random: Random, female: boolean): Name {
  const vornamen = random.pick(female ? FIRST_NAMES_FEMALE : FIRST_NAMES_MALE);
  const familienname = random.pick(FAMILY_NAMES);
  return random.chance(0.2)
    ? { vornamen, familienname, geburtsname: random.pick(FAMILY_NAMES) }
    : { vornamen, familienname };
}

export function person(random: Random, today: Date, minAge = 18, maxAge = 85, familienname?: string): Person {
  const roll = random.next();
  const geschlecht =
    roll < 0.47 ? 'weiblich' : roll < 0.94 ? 'maennlich' : roll < 0.97 ? 'divers' : 'ohne-angabe';
  const given = name(random, geschlecht === 'weiblich' || (geschlecht !== 'maennlich' && random.chance(0.5)));
  const ageDays = random.int(minAge * 365, maxAge * 365);
  const staatsangehoerigkeiten = random.chance(0.8)
    ? ['deutsch']
    : ['deutsch', random.pick(NATIONALITIES.slice(1))];
  return {
    name: familienname === undefined ? given : { ...given, familienname },
    geburtsdatum: isoDate(addDays(today, -ageDays)),
    geburtsort: random.pick(BIRTH_PLACES),
    geschlecht,
    staatsangehoerigkeiten,
  };
}

export function anschrift(random: Random, place = random.pick(PLACES)): Anschrift {
  const hausnummer = `${random.int(1, 180)}${random.chance(0.15) ? random.pick(['a', 'b', 'c']) : ''}`;
  const base = {
    strasse: random.pick(STREETS),
    hausnummer,
    postleitzahl: place.postleitzahl,
    ort: place.ort,
  };
  return random.chance(0.15) ? { ...base, adresszusatz: `${random.int(1, 4)}. OG links` } : base;
}

/** An ASCII e-mail address at a reserved domain (JSON Schema's `email` format is ASCII-only). */
export function email(random: Random, who: Name): string {
  const ascii = (text: string) =>
    text
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '');
  const local = `${ascii(who.vornamen).slice(0, 12)}.${ascii(who.familienname).slice(0, 20)}` || 'antrag';
  return `${local}${random.int(1, 99)}@${random.pick(['example.org', 'example.com', 'example.net'])}`;
}

export function phone(random: Random): string {
  return `+49 ${random.pick(['511', '551', '541', '441', '531', '4131'])} ${random.int(100000, 9999999)}`;
}

export function digits(random: Random, count: number): string {
  return Array.from({ length: count }, () => random.int(0, 9)).join('');
}

/** A German IBAN with a correct ISO 7064 check number. */
export function iban(random: Random): string {
  const bban = `${random.pick(['25050180', '26050001', '25190001', '25050000'])}${digits(random, 10)}`;
  // "DE" is 1314; the check is 98 − (BBAN‖1314‖00 mod 97).
  const check = 98n - (BigInt(`${bban}131400`) % 97n);
  return `DE${check.toString().padStart(2, '0')}${bban}`;
}
