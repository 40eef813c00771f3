/**
 * A stored case as the archive export sees it (model.ts): the Antragsübersicht PDF, the form data exactly
 * as received, every attachment streamed from the encrypted store, every sealed notice, and the
 * verification report. Pure apart from the `open` functions it is given.
 */

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { dataKindOf } from '../cases/form-data-kind';
import { splitName } from '../forms/split-name';
import type { NoticeRecord } from '../notices/service/records';
import type { CaseDetail } from '../vault';
import type { ArchiveCase, ArchiveDocument } from './model';

export interface SealedNotice {
  record: NoticeRecord;
  pdf: Uint8Array;
  /** When it went out to the applicant, if it did. */
  sentAt?: Date;
}

export interface CaseSource {
  detail: CaseDetail;
  /** The Antragsübersicht, rendered as PDF/A-2b. */
  summaryPdf: Uint8Array;
  notices: readonly SealedNotice[];
  /** The plaintext of a stored attachment (vault id), verified while it streams. */
  openAttachment(id: string): Readable;
}

/** Our own renderings are PDF/A-2b (main/pdf). */
const OWN_PDF_CONFORMANCE = '2b';

export function archiveCaseOf(source: CaseSource): ArchiveCase {
  const { detail } = source;
  const row = detail.case;
  const documents: ArchiveDocument[] = [
    {
      kind: 'application',
      name: 'Antragsuebersicht.pdf',
      mimeType: 'application/pdf',
      pdfaConformance: OWN_PDF_CONFORMANCE,
      ...buffer(source.summaryPdf),
    },
    ...detail.submissions.map(
      (submission, index): ArchiveDocument => ({
        kind: 'data',
        name: `Antragsdaten${detail.submissions.length > 1 ? `-${index + 1}` : ''}.${extensionOf(submission.dataMimeType)}`,
        mimeType: submission.dataMimeType,
        ...buffer(Buffer.from(submission.data, 'utf8')),
      }),
    ),
    ...detail.attachments.map(
      (attachment): ArchiveDocument => ({
        kind: 'attachment',
        name: attachment.filename,
        mimeType: attachment.mimeType,
        size: attachment.size,
        open: () => source.openAttachment(attachment.id),
      }),
    ),
    ...source.notices.map(
      (notice): ArchiveDocument => ({
        kind: 'notice',
        name: `Bescheid-${notice.record.version}.pdf`,
        mimeType: 'application/pdf',
        sealed: true,
        pdfaConformance: OWN_PDF_CONFORMANCE,
        ...(notice.sentAt === undefined ? {} : { sentAt: notice.sentAt }),
        ...buffer(notice.pdf),
      }),
    ),
    {
      kind: 'report',
      name: 'Pruefprotokoll.json',
      mimeType: 'application/json',
      ...buffer(
        Buffer.from(
          `${JSON.stringify(
            detail.submissions.map((submission) => ({
              submissionId: submission.submissionId,
              receivedAt: submission.receivedAt,
              report: submission.verificationReport,
            })),
            null,
            2,
          )}\n`,
          'utf8',
        ),
      ),
    },
  ];
  return {
    caseId: row.id,
    fileReference: row.fileReference ?? '',
    subject: row.serviceName,
    receivedAt: new Date(row.receivedAt),
    service: row.serviceName,
    ...(row.applicantName.trim() === '' ? {} : { applicant: applicantOf(row.applicantName) }),
    documents,
  };
}

/** A document held in memory: its size and hash are known, so the export checks them as it streams. */
function buffer(bytes: Uint8Array): Pick<ArchiveDocument, 'size' | 'sha256' | 'open'> {
  return {
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    open: () => Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
  };
}

function applicantOf(name: string): ArchiveCase['applicant'] {
  const { given, family } = splitName(name);
  return { ...(given === '' ? {} : { givenName: given }), ...(family === '' ? {} : { familyName: family }) };
}

function extensionOf(mimeType: string): string {
  return dataKindOf(mimeType) === 'xml' ? 'xml' : 'json';
}
