/**
 * The words a citizen reads around a notice, whichever way it goes: the cover text of the mailbox message
 * or e-mail, the PDF's file name and the status texts of the BundID application overview. German, since
 * they go to the citizen as they are.
 */

import { sanitizeFileName } from '../../shared/files/file-names';
import type { NoticeKind } from '../../shared/notices/kinds';
import type { ZbpStatus } from './zbp/fields';

const documentNames: Record<NoticeKind, string> = {
  approval: 'Bescheid',
  rejection: 'Bescheid',
  interim: 'Zwischenmitteilung',
  request: 'Nachforderung',
};

interface LetterNotice {
  version: number;
  kind: NoticeKind;
  title: string;
}

interface LetterCase {
  id: string;
  serviceName: string;
  fileReference: string | null;
}

/** `Bescheid_32.1-BPA-2025_0042_v2.pdf`: the kind, the Aktenzeichen, and the version when it is a correction. */
export function noticeFileName(notice: LetterNotice, letterCase: LetterCase): string {
  const reference = letterCase.fileReference ?? letterCase.id;
  const version = notice.version > 1 ? `_v${notice.version}` : '';
  return sanitizeFileName(`${documentNames[notice.kind]}_${reference.replace(/[\\/]/g, '_')}${version}.pdf`, {
    maxBytes: 120,
    fallback: `${documentNames[notice.kind]}.pdf`,
  });
}

/** The text next to the sealed PDF: it names the document, not its content. */
export function coverText(notice: LetterNotice, letterCase: LetterCase, senderName: string): string {
  const document = documentNames[notice.kind];
  const correction =
    notice.version > 1 ? `\n\nDieses Schreiben ersetzt die frühere Fassung (Version ${notice.version}).` : '';
  const reference = letterCase.fileReference === null ? '' : `\nAktenzeichen: ${letterCase.fileReference}`;
  return (
    `Guten Tag,\n\nzu Ihrem Antrag „${letterCase.serviceName}“ erhalten Sie anbei folgendes Schreiben: ` +
    `${notice.title}.${reference}\n\nDas Dokument (${document}, PDF) trägt das elektronische Siegel der Behörde. ` +
    `Bitte bewahren Sie es auf.${correction}\n\nMit freundlichen Grüßen\n${senderName}`
  );
}

/** What the BundID application overview says about the case once a notice of this kind went out. */
export function statusForNotice(kind: NoticeKind): ZbpStatus {
  if (kind === 'request') return 'ACTION_REQUIRED';
  if (kind === 'interim') return 'PROCESSING';
  return 'COMPLETED';
}

export const statusTexts: Record<ZbpStatus, string> = {
  INITIATED: 'Ihr Antrag wurde begonnen.',
  SUBMITTED: 'Ihr Antrag wurde übermittelt.',
  RECEIVED: 'Ihr Antrag ist bei der Behörde eingegangen und wird bearbeitet.',
  PROCESSING: 'Ihr Antrag wird bearbeitet. Sie haben eine Zwischenmitteilung erhalten.',
  ACTION_REQUIRED:
    'Bitte reichen Sie die angeforderten Unterlagen ein; Einzelheiten stehen im Schreiben der Behörde.',
  COMPLETED: 'Ihr Antrag ist abschließend bearbeitet. Der Bescheid wurde Ihnen zugestellt.',
};
