import fontkit from '@cantoo/fontkit';
import { PDFDocument } from '@cantoo/pdf-lib';
import { EmbeddedFonts, type PdfFontFiles } from './fonts';

export interface PdfDocumentInfo {
  readonly title: string;
  /** The issuing authority. */
  readonly author: string;
  readonly subject: string;
  /** Written as creation and modification date, so equal input renders equal metadata. */
  readonly createdAt: Date;
}

export interface PdfA4Document {
  readonly doc: PDFDocument;
  readonly fonts: EmbeddedFonts;
}

const producer = 'Antragsdesk';

/** A new document with both faces embedded as subsets and the metadata PDF/A mirrors into XMP. */
export async function createPdfA4Document(
  fontFiles: PdfFontFiles,
  info: PdfDocumentInfo,
): Promise<PdfA4Document> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(fontFiles.regular, { subset: true }),
    doc.embedFont(fontFiles.bold, { subset: true }),
  ]);
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setCreator(producer);
  doc.setProducer(producer);
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  doc.setLanguage('de-DE');
  return { doc, fonts: new EmbeddedFonts(regular, bold) };
}

/**
 * Saves as PDF/A-2b: XMP with pdfaid part 2 / conformance B, the sRGB output intent (the ICC profile
 * @cantoo/pdf-lib bundles), a document ID. It uses a classic cross-reference table because the seal's
 * incremental update must write one (its signature dictionary cannot sit in a compressed object stream),
 * and an update should continue the kind of cross-reference the file started with.
 */
export async function savePdfA(doc: PDFDocument): Promise<Uint8Array> {
  doc.convertToPDFA({ conformance: '2B' });
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
