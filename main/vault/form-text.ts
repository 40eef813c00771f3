/**
 * Turns submitted form data into plain text for the full-text index: the values a case worker might
 * search for (names, streets, registration numbers), without keys, markup or encoded blobs.
 */

/** A value without spaces longer than this is an encoded blob (base64, a signature), not searchable text. */
const MAX_WORD_LENGTH = 200;
/** Keeps one enormous form from bloating the index. */
const MAX_TEXT_LENGTH = 100_000;

export function flattenFormData(data: string, mimeType: string): string {
  const values = isJson(mimeType) ? jsonValues(data) : isXml(mimeType) ? xmlValues(data) : [];
  const seen = new Set<string>();
  let text = '';
  for (const raw of values) {
    const value = raw.trim();
    if (value === '' || seen.has(value) || (value.length > MAX_WORD_LENGTH && !/\s/.test(value))) continue;
    seen.add(value);
    if (text.length + value.length + 1 > MAX_TEXT_LENGTH) break;
    text = text === '' ? value : `${text} ${value}`;
  }
  return text;
}

function isJson(mimeType: string): boolean {
  return /^application\/(.+\+)?json\b/i.test(mimeType);
}

function isXml(mimeType: string): boolean {
  return /^(application|text)\/(.+\+)?xml\b/i.test(mimeType);
}

function jsonValues(data: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  const values: string[] = [];
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') values.push(node);
    else if (typeof node === 'number' && Number.isFinite(node)) values.push(String(node));
    else if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    else if (node !== null && typeof node === 'object') stack.push(...Object.values(node).reverse());
  }
  return values;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlValues(data: string): string[] {
  return data
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) => ` ${text} `)
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, '\n')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => decodeEntity(entity, name))
    .split('\n');
}

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X'))
    return codePoint(Number.parseInt(name.slice(2), 16), entity);
  if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), entity);
  return ENTITIES[name.toLowerCase()] ?? entity;
}

function codePoint(value: number, fallback: string): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}
