/**
 * What the archive export needs to know about one case: plain data plus a way to open each document,
 * independent of where the case is stored.
 */
import type { Readable } from 'node:stream';
import { ArchiveError } from './errors';

export type ArchiveDocumentKind = 'application' | 'data' | 'attachment' | 'notice' | 'report';

export interface ArchiveDocument {
  /** application: the Antragsübersicht PDF; data: the submitted JSON/XML as received; report: verification. */
  kind: ArchiveDocumentKind;
  /** The name as received or given; it is sanitized before it is used anywhere. */
  name: string;
  mimeType: string;
  /** In bytes; the export fails if the content turns out to have another size. */
  size: number;
  /** SHA-256 (hex) recorded when the document was stored; checked while streaming when given. */
  sha256?: string;
  /** Opens the content. Called once, when the document's turn in the package comes. */
  open(): Readable;
  /** The PDF carries an embedded signature or seal (PAdES). */
  sealed?: boolean;
  /** When a notice was sent to the applicant. */
  sentAt?: Date;
  /** PDF/A conformance (`2b`, `3b`, …) when the PDF is PDF/A. */
  pdfaConformance?: string;
}

export interface PostalAddress {
  street?: string;
  houseNumber?: string;
  postalCode?: string;
  city?: string;
}

export interface Applicant {
  givenName?: string;
  familyName?: string;
  /** For applications made by a company or association. */
  organisation?: string;
  address?: PostalAddress;
}

export interface ArchiveCase {
  caseId: string;
  /** The Aktenzeichen; becomes the Vorgang's Kennzeichen. */
  fileReference: string;
  subject: string;
  /** When the submission arrived (Posteingang). */
  receivedAt: Date;
  /** The name of the administrative service applied for. */
  service: string;
  applicant?: Applicant;
  /** The DMS id of an existing file (Akte) to file the case into, if known. */
  dmsContainerId?: string;
  documents: ArchiveDocument[];
}

export interface Organisation {
  name: string;
  shortName?: string;
  /** The department (Organisationseinheit). */
  unit?: string;
}

/** Per-installation settings of the DMS connection. */
export interface ArchiveSettings {
  sender: Organisation;
  recipient: Organisation;
  /** The DMS user id on whose behalf the records are filed (Erstellerkennung). */
  creatorId: string;
  /** This application's version, reported as the sending system. */
  appVersion: string;
  /** Where the DMS finds the package (share name or URL), if the DMS needs it (Ablageort). */
  storageLocation?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Checks what the types cannot express; fails on the first problem, naming the field. */
export function assertArchivable(archiveCase: ArchiveCase): void {
  const caseId = archiveCase.caseId;
  const fail = (field: string, document?: number): never => {
    throw new ArchiveError('invalid-case', { caseId, field, document });
  };
  if (!caseId.trim()) fail('caseId');
  if (!archiveCase.fileReference.trim()) fail('fileReference');
  if (!archiveCase.subject.trim()) fail('subject');
  if (!isValidDate(archiveCase.receivedAt)) fail('receivedAt');
  if (archiveCase.documents.length === 0) fail('documents');
  archiveCase.documents.forEach((document, index) => {
    const at = (field: string) => fail(`documents[${index}].${field}`, index + 1);
    if (!Number.isSafeInteger(document.size) || document.size < 0) at('size');
    if (document.sha256 !== undefined && !SHA256_HEX.test(document.sha256)) at('sha256');
    if (document.sentAt !== undefined && !isValidDate(document.sentAt)) at('sentAt');
    if (!document.mimeType.trim()) at('mimeType');
  });
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
