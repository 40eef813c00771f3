/**
 * Reads XML form data as a JSON-like tree, so that the same JSON Pointers address XML and JSON forms:
 * `/Antrag/Antragsteller/Name` is the text of that element. Elements are keyed by local name (namespaces
 * are ignored), repeated elements become arrays (`/Antrag/Hund/1/Rasse`), attributes are `@name`, and the
 * text of an element that also has attributes or children is `#text`. Entities beyond the five predefined
 * ones are refused, so no entity expansion can take place.
 */
import { DOMParser, type Element, onErrorStopParsing } from '@xmldom/xmldom';

export type XmlTree = string | { [name: string]: XmlTree | XmlTree[] };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Throws when the text is not well-formed XML. */
export function xmlToTree(text: string): Record<string, XmlTree> {
  const document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'application/xml');
  const root = document.documentElement;
  if (root === null) throw new Error('XML document without root element');
  return { [root.localName ?? root.nodeName]: elementTree(root) };
}

function elementTree(element: Element): XmlTree {
  // Without a prototype, an element named `__proto__` is just a key.
  const node: Record<string, XmlTree | XmlTree[]> = Object.create(null);
  let text = '';
  let structured = false;
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (attribute === null || attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue;
    node[`@${attribute.localName ?? attribute.name}`] = attribute.value;
    structured = true;
  }
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      text += child.nodeValue ?? '';
    } else if (child.nodeType === ELEMENT_NODE) {
      const childElement = child as Element;
      const name = childElement.localName ?? childElement.nodeName;
      const value = elementTree(childElement);
      const existing = node[name];
      if (existing === undefined) node[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else node[name] = [existing, value];
      structured = true;
    }
  }
  const trimmed = text.trim();
  if (!structured) return trimmed;
  if (trimmed !== '') node['#text'] = trimmed;
  return node;
}
