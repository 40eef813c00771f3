/** The case's form data in the two shapes FIT-Connect knows: JSON (object or text) and XML text. */
import { dataKindOf } from '../cases/form-data-kind';
import { HandoverError } from './errors';
import { xmlToTree } from './mapping/xml-tree';
import type { HandoverCase } from './types';

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
