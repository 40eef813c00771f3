/**
 * Writes the mapped record as the file the specialist procedure imports. XML goes through the project's
 * XML writer (escaping, characters XML 1.0 forbids removed); element names were checked when the mapping
 * was loaded.
 */
import { element, toXml, type XmlElement } from '../../xml/writer';
import type { RecordDocument, RecordTree } from '../types';
import type { Mapping } from './model';

export function recordDocument(fields: RecordTree, mapping: Mapping): RecordDocument {
  if (mapping.format === 'json') {
    return {
      fileName: 'record.json',
      mimeType: 'application/json',
      text: `${JSON.stringify(fields, null, 2)}\n`,
    };
  }
  return {
    fileName: 'record.xml',
    mimeType: 'application/xml',
    text: toXml(element(mapping.root, children(fields))),
  };
}

function children(tree: RecordTree): XmlElement[] {
  return Object.entries(tree).map(([name, value]) =>
    typeof value === 'object' ? element(name, children(value)) : element(name, String(value)),
  );
}

/** The record's leaves in mapping order, each by its dot-separated target path: the preview's table. */
export function recordRows(fields: RecordTree, prefix = ''): { target: string; value: string }[] {
  return Object.entries(fields).flatMap(([name, value]) =>
    typeof value === 'object'
      ? recordRows(value, `${prefix}${name}.`)
      : [{ target: `${prefix}${name}`, value: String(value) }],
  );
}
