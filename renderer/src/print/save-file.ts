import { sanitizeFileName } from '../../../shared/files/file-names';
import { saveBytes } from '../files/download';

/** Saves a PDF main produced (a sealed notice, the Antragsübersicht) as is, under a name safe everywhere. */
export function savePdf(bytes: Uint8Array<ArrayBuffer>, filename: string): void {
  saveBytes(bytes, sanitizeFileName(filename, { fallback: 'Dokument.pdf' }), 'application/pdf');
}
