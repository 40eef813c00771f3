/**
 * Turns what a person typed into a safe FTS5 query: every word becomes a quoted string (so `AND`, `NEAR`,
 * `*`, `:` or quotes are plain text, never syntax), all words must match, and the last word matches as a
 * prefix so results appear while typing: from its second character on, since a one-letter prefix
 * matches half the vault and costs more than it tells.
 */

const MAX_WORDS = 16;
const MIN_PREFIX_LENGTH = 2;
/** A word with no letter or digit yields no token, and an empty phrase would match nothing. */
const SEARCHABLE = /[\p{L}\p{N}]/u;
/**
 * The columns a person's words are matched in. The index's `department` column (migration 2) is not used:
 * ANDing it in made every search walk the department's whole doclist, which cost several times the
 * words' own lookup; the SQL compares the department exactly anyway.
 */
const TEXT_COLUMNS = '{applicant_name file_reference service_name form_text}';

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The words of `input` that are searched (the PostgreSQL store reads them too), each marked whether it
 * matches as a prefix: the last one, from its second character on.
 */
export function searchWords(input: string): { word: string; prefix: boolean }[] {
  const words = input
    .normalize('NFC')
    .split(/\s+/u)
    .filter((word) => SEARCHABLE.test(word))
    .slice(0, MAX_WORDS);
  return words.map((word, index) => ({
    word,
    prefix: index === words.length - 1 && [...word].length >= MIN_PREFIX_LENGTH,
  }));
}

/** The MATCH expression for `input`, or null when nothing searchable was typed. */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  const terms = words.map(({ word, prefix }) => `${quote(word)}${prefix ? '*' : ''}`).join(' ');
  return `${TEXT_COLUMNS} : (${terms})`;
}
