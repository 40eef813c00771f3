/**
 * What the hand-over works on: a plain description of an accepted case, independent of the vault, so
 * the same code serves the preview, the outbox worker and tests.
 */
import type { Readable } from 'node:stream';
import type { FieldIssue } from './errors';

export type AttachmentPurpose = 'form' | 'attachment' | 'report';

export interface HandoverAttachment {
  /** FIT-Connect attachment id (uuid). */
  attachmentId: string;
  /** As received; sanitized before it becomes a file name. Personal data. */
  filename: string;
  mimeType: string;
  /** Plaintext size in bytes, as recorded at intake. */
  size: number;
  /** SHA-512 of the plaintext, lowercase hex, as recorded at intake. */
  sha512: string;
  /** From the metadata; `attachment` when absent. */
  purpose?: AttachmentPurpose;
  /** Opens the plaintext; called once per delivery attempt. */
  open(): AsyncIterable<Uint8Array> | Readable;
}

export interface HandoverCase {
  /** Internal case id: the one id every message and error names. */
  caseId: string;
  /** Aktenzeichen, once assigned. */
  fileReference: string | null;
  serviceIdentifier: string;
  serviceName: string;
  receivedAt: string;
  submissionId: string;
  fitCaseId: string;
  /**
   * The form data: for `application/json` the parsed object, or the JSON text as received (forwarding then
   * keeps its exact bytes, and so its hash and any signature); for `application/xml` the XML text.
   */
  data: unknown;
  dataMimeType: string;
  /** The decrypted FIT-Connect metadata document. */
  metadata: Readonly<Record<string, unknown>>;
  attachments: readonly HandoverAttachment[];
}

export type Scalar = string | number | boolean;

/** The mapped record: nested by the dot-separated target paths, leaves are scalars. */
export interface RecordTree {
  [name: string]: Scalar | RecordTree;
}

/** The record as the specialist procedure receives it: the file that goes into every hand-over. */
export interface RecordDocument {
  fileName: 'record.json' | 'record.xml';
  mimeType: 'application/json' | 'application/xml';
  text: string;
}

/** An optional field left out of the record because its source gave no usable value. */
export type MappingProblem = FieldIssue;

/** The result of mapping one case: what the preview shows and what every adapter delivers. */
export interface PreparedRecord {
  caseId: string;
  format: 'json' | 'xml';
  fields: RecordTree;
  problems: MappingProblem[];
  document: RecordDocument;
}
