/**
 * A minimal XML writer for messages built in code: elements hold either text or child elements, never
 * both. Element and attribute names are the caller's constants; every value is escaped here.
 */

export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  content: string | readonly XmlElement[];
}

/** Everything XML 1.0 forbids: most C0 controls, lone surrogates, U+FFFE and U+FFFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: naming the allowed control characters is the point.
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be normalised to LF by every parser.
  '\r': '&#xD;',
};
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  // Attribute-value normalisation would turn these into spaces.
  '\t': '&#x9;',
  '\n': '&#xA;',
};

export function stripNonXmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

export function escapeText(value: string): string {
  return stripNonXmlChars(value).replace(/[&<>"'\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

export function escapeAttribute(value: string): string {
  return stripNonXmlChars(value).replace(/[&<>"'\r\t\n]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/** An element; `undefined` children (optional elements left out) are dropped. */
export function element(
  name: string,
  content: string | readonly (XmlElement | undefined)[],
  attributes: Record<string, string> = {},
): XmlElement {
  const children = typeof content === 'string' ? content : content.filter((child) => child !== undefined);
  return { name, attributes, content: children };
}

/** The document with an XML declaration, indented by two spaces. */
export function toXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, '')}\n`;
}

function serialize(node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  if (typeof node.content === 'string') {
    return `${indent}<${node.name}${attributes}>${escapeText(node.content)}</${node.name}>`;
  }
  if (node.content.length === 0) return `${indent}<${node.name}${attributes}/>`;
  const inner = node.content.map((child) => serialize(child, `${indent}  `)).join('\n');
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
}
