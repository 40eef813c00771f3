/**
 * File formats as xdomea names them (code list urn:xoev-de:xdomea:codeliste:dateiformat, version 1.0),
 * and whether compressing a format in the ZIP is worth the CPU.
 */
import type { ArchiveDocument } from './model';

export const FORMAT_LIST_URI = 'urn:xoev-de:xdomea:codeliste:dateiformat';
export const FORMAT_LIST_VERSION = '1.0';

export interface FileFormat {
  code: string;
  /** Required by the schema; empty where the format version is not known. */
  version: string;
  /** Names the format when the code is `100` (Sonstiges). */
  otherName?: string;
}

const CODE_BY_MIME_TYPE: Readonly<Record<string, string>> = {
  'application/pdf': '018',
  'application/xml': '030',
  'text/xml': '030',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '035',
  'text/plain': '045',
};
const PDF_A = '044';
/** The list has no JSON, image or other code that fits; `100` with the MIME type as its name. */
const OTHER = '100';

/** Already compressed: deflating them again costs time and gains nothing. */
const COMPRESSED_MIME_TYPE =
  /^(image\/(jpeg|png|gif|webp|heic|heif|avif)|video\/.+|audio\/.+|application\/(zip|gzip|x-7z-compressed|vnd\.rar))$/;

export function fileFormat(document: Pick<ArchiveDocument, 'mimeType' | 'pdfaConformance'>): FileFormat {
  const mimeType = essence(document.mimeType);
  if (mimeType === 'application/pdf' && document.pdfaConformance) {
    return { code: PDF_A, version: `PDF/A-${document.pdfaConformance}` };
  }
  const code = CODE_BY_MIME_TYPE[mimeType] ?? (mimeType.endsWith('+xml') ? '030' : undefined);
  return code === undefined ? { code: OTHER, version: '', otherName: mimeType } : { code, version: '' };
}

export function isCompressedFormat(mimeType: string): boolean {
  return COMPRESSED_MIME_TYPE.test(essence(mimeType));
}

/** `Application/PDF; name=x` → `application/pdf`. */
function essence(mimeType: string): string {
  return (mimeType.split(';', 1)[0] ?? '').trim().toLowerCase();
}
