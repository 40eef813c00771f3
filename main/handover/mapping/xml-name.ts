/**
 * Element names of the record come from the mapping's target paths; they must be XML names (XML 1.0,
 * 5th edition, production [5]) so that any parser accepts the record. Colons are refused (no namespaces
 * are declared) and so are dots (they separate the path segments).
 */
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const ELEMENT_NAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
/** Names beginning with `xml` in any case are reserved by the XML specification. */
const RESERVED = /^xml/i;

export function isElementName(name: string): boolean {
  return ELEMENT_NAME.test(name) && !RESERVED.test(name);
}
