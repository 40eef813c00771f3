/**
 * Does the content look like the type it is declared as? Decided from the first bytes ("magic numbers") for
 * the formats citizens attach; types without a rule are not judged. Enough to catch a PDF sent as a PNG,
 * not a full format validation.
 */
export const CONTENT_HEAD_BYTES = 1024;

type Rule = (head: Uint8Array) => boolean;

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

function startsWith(head: Uint8Array, prefix: Uint8Array): boolean {
  return head.length >= prefix.length && prefix.every((value, index) => head[index] === value);
}

const oneOf =
  (...prefixes: Uint8Array[]): Rule =>
  (head) =>
    prefixes.some((prefix) => startsWith(head, prefix));

/** JSON and XML may start with a byte order mark and white space. */
function firstSignificant(head: Uint8Array): number | undefined {
  let index = startsWith(head, bytes(0xef, 0xbb, 0xbf)) ? 3 : 0;
  while (index < head.length && [0x20, 0x09, 0x0a, 0x0d].includes(head[index] ?? 0)) index++;
  return head[index];
}

const zip = oneOf(ascii('PK\x03\x04'), ascii('PK\x05\x06'));
const xml: Rule = (head) => firstSignificant(head) === 0x3c;

// A Map, not an object: a declared type such as `constructor` must not find a prototype member.
const RULES = new Map<string, Rule>([
  // PDF readers accept the header anywhere in the first kilobyte.
  ['application/pdf', (head) => Buffer.from(head).includes('%PDF-')],
  ['image/png', oneOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))],
  ['image/jpeg', oneOf(bytes(0xff, 0xd8, 0xff))],
  ['image/gif', oneOf(ascii('GIF87a'), ascii('GIF89a'))],
  ['image/tiff', oneOf(ascii('II*\x00'), ascii('MM\x00*'))],
  ['application/zip', zip],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip],
  ['application/vnd.oasis.opendocument.text', zip],
  ['application/json', (head) => [0x7b, 0x5b].includes(firstSignificant(head) ?? 0)],
  ['application/xml', xml],
  ['text/xml', xml],
]);

/** `application/PDF; x=y` → `application/pdf`. */
export function normalizeMimeType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/** true/false where a rule exists for the type, undefined where the type cannot be judged. */
export function contentMatchesType(mimeType: string, head: Uint8Array): boolean | undefined {
  const rule = RULES.get(normalizeMimeType(mimeType));
  return rule === undefined ? undefined : rule(head.subarray(0, CONTENT_HEAD_BYTES));
}
