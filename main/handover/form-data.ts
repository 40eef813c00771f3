/** The case's form data in the two shapes FIT-Connect knows: JSON (object or text) and XML text. */
import { HandoverError } from './errors';
import { xmlToTree } from './mapping/xml-tree';
import type { HandoverCase } from './types';

export type DataKind = 'json' | 'xml';

/** `application/json`, `application/xml`, `text/xml` and their `+json`/`+xml` relatives, parameters aside. */
export function dataKindOf(mimeType: string): DataKind | undefined {
  const base = mimeType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (base === 'application/json' || base.endsWith('+json')) return 'json';
  if (base === 'application/xml' || base === 'text/xml' || base.endsWith('+xml')) return 'xml';
  return undefined;
}

/** The tree that `/…` source paths are resolved in; `data-unreadable` when it cannot be read. */
export function formDataTree(handoverCase: HandoverCase): unknown {
  const { caseId, data } = handoverCase;
  const kind = dataKindOf(handoverCase.dataMimeType);
  try {
    if (kind === 'json') return typeof data === 'string' ? JSON.parse(data) : data;
    if (kind === 'xml' && typeof data === 'string') return xmlToTree(data);
  } catch {
    // The parser's message quotes the text around the fault, which is personal data: it is not kept.
    throw new HandoverError('data-unreadable', { caseId });
  }
  throw new HandoverError('data-unreadable', { caseId, detail: 'unsupported media type' });
}

/** The form data as the bytes to forward: JSON text as received when given, else serialized. */
export function formDataBytes(handoverCase: HandoverCase): { bytes: Uint8Array; asReceived: boolean } {
  const { caseId, data } = handoverCase;
  const kind = dataKindOf(handoverCase.dataMimeType);
  if (typeof data === 'string' && kind !== undefined)
    return { bytes: Buffer.from(data, 'utf8'), asReceived: true };
  if (kind === 'json' && data !== undefined)
    return { bytes: Buffer.from(JSON.stringify(data), 'utf8'), asReceived: false };
  throw new HandoverError('data-unreadable', { caseId, detail: 'unsupported media type' });
}
