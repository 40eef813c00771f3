/**
 * Splits a full name from a single form field into given and family name, for procedures that keep them
 * apart. "Mustermann, Erika" is read family-first; otherwise the family name is the last word, or starts at
 * a name particle ("Karl-Theodor zu Guttenberg", "Maria de la Cruz").
 */
export interface NameParts {
  given: string;
  family: string;
}

const PARTICLES = new Set([
  'von',
  'vom',
  'zu',
  'zum',
  'zur',
  'van',
  'der',
  'den',
  'de',
  'di',
  'da',
  'del',
  'della',
  'du',
  'la',
  'le',
  'ten',
  'ter',
]);

export function splitName(fullName: string): NameParts {
  const name = fullName.trim().replace(/\s+/gu, ' ');
  const comma = name.indexOf(',');
  if (comma !== -1) return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
  const words = name === '' ? [] : name.split(' ');
  if (words.length <= 1) return { given: '', family: name };
  // A particle opens the family name only between the first and the last word.
  const particle = words.findIndex(
    (word, index) => index > 0 && index < words.length - 1 && PARTICLES.has(word.toLowerCase()),
  );
  const start = particle === -1 ? words.length - 1 : particle;
  return { given: words.slice(0, start).join(' '), family: words.slice(start).join(' ') };
}
