import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { addAnnotationToStructure } from '../../pdf/tags';
import { sealErrors } from './errors';

export interface SignaturePlaceholder {
  /** Bytes reserved for the CMS; /Contents holds twice as many hex digits. */
  readonly signatureLength: number;
  /** Claimed signing time, written as /M (PAdES keeps it out of the CMS). */
  readonly signedAt: Date;
  readonly reason: string;
  readonly location?: string;
}

/** Print (4) + Locked (128): PDF/A wants annotations printable; the seal field must not be moved or deleted. */
const widgetFlags = 132;

/**
 * Appends, as an incremental update, an empty signature field to page 1: an invisible widget (rect 0 0 0 0)
 * whose value is a /Sig dictionary with a /ByteRange placeholder and zeroed /Contents, and an AcroForm
 * with /SigFlags 3. The original bytes stay untouched, so a PDF/A file stays what it was; in a tagged file
 * the widget joins the structure tree, so it stays PDF/UA too.
 */
export async function addSignaturePlaceholder(
  pdf: Uint8Array,
  placeholder: SignaturePlaceholder,
): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { forIncrementalUpdate: true, updateMetadata: false });
  } catch {
    throw sealErrors.pdfInvalid('not a readable, unencrypted PDF');
  }
  if (doc.getPageCount() === 0) throw sealErrors.pdfInvalid('it has no pages');
  const context = doc.context;
  const page = doc.getPage(0);

  const byteRange = PDFArray.withContext(context);
  byteRange.push(PDFNumber.of(0));
  for (let slot = 0; slot < 3; slot++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));
  // @signpdf looks for /Contents after /ByteRange, so the key order matters.
  const signature = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(placeholder.signatureLength * 2)),
      M: PDFString.fromDate(placeholder.signedAt),
      Reason: PDFHexString.fromText(placeholder.reason),
      Location: placeholder.location === undefined ? undefined : PDFHexString.fromText(placeholder.location),
    }),
  );

  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict) ?? context.obj({});
  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? PDFArray.withContext(context);
  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: signature,
      T: PDFHexString.fromText(`Siegel ${fields.size() + 1}`),
      // PDF/UA-1 wants a description of every form field for assistive technology.
      TU: PDFHexString.fromText(placeholder.reason),
      F: widgetFlags,
      P: page.ref,
    }),
  );
  // Not page.node.addAnnot: that normalises the page and rewrites its content streams in the update.
  const annotsEntry = page.node.get(PDFName.of('Annots'));
  const annots = context.lookupMaybe(annotsEntry, PDFArray);
  if (annots) annots.push(widget);
  if (!(annotsEntry instanceof PDFRef)) page.node.set(PDFName.of('Annots'), annots ?? context.obj([widget]));
  addAnnotationToStructure(doc, page, widget, 'Form');
  fields.push(widget);
  acroForm.set(PDFName.of('Fields'), fields);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY));
  if (!doc.catalog.has(PDFName.of('AcroForm')))
    doc.catalog.set(PDFName.of('AcroForm'), context.register(acroForm));

  return doc.commit({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
