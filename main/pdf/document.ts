import { createHash } from 'node:crypto';
import fontkit from '@cantoo/fontkit';
import { buildPDFAMetadata, type ParsedConformance, PDFDocument, PDFName, PDFRef } from '@cantoo/pdf-lib';
import { EmbeddedFonts, type PdfFontFiles } from './fonts';
import { StructureTree } from './tags';

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
  /** Everything drawn is marked content of an element of this tree, or an artifact. */
  readonly structure: StructureTree;
}

const producer = 'Antragsdesk';

/**
 * A subset font's name starts with six capital letters and "+" (ISO 32000-1, 9.6.4); that is how readers
 * and validators know it is a subset. The tag need only tell the subsets of one file apart, so it comes
 * from the face's name, and equal input still renders equal fonts.
 */
function subsetFontName(fontFile: Uint8Array): string {
  const face = fontkit.create(fontFile);
  const name = ('postscriptName' in face ? face.postscriptName : null) ?? 'Font';
  const digest = createHash('sha256').update(name).digest();
  const tag = String.fromCharCode(...[...digest.subarray(0, 6)].map((byte) => 65 + (byte % 26)));
  return `${tag}+${name}`;
}

/** A new document with both faces embedded as subsets and the metadata PDF/A mirrors into XMP. */
export async function createPdfA4Document(
  fontFiles: PdfFontFiles,
  info: PdfDocumentInfo,
): Promise<PdfA4Document> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const embed = (file: Uint8Array) => doc.embedFont(file, { subset: true, customName: subsetFontName(file) });
  const [regular, bold] = await Promise.all([embed(fontFiles.regular), embed(fontFiles.bold)]);
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setCreator(producer);
  doc.setProducer(producer);
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  doc.setLanguage('de-DE');
  return { doc, fonts: new EmbeddedFonts(regular, bold), structure: new StructureTree() };
}

/** PDF/A-2 admits only the XMP schemas it predefines; pdfuaid must be declared as an extension. */
const pdfuaExtensionSchema =
  '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" ' +
  'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">' +
  '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">' +
  '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>' +
  '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>' +
  '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>' +
  '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">' +
  '<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>' +
  '<pdfaProperty:category>internal</pdfaProperty:category>' +
  '<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>' +
  '</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>';
const pdfuaIdentification =
  '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">' +
  '<pdfuaid:part>1</pdfuaid:part></rdf:Description>';

/**
 * pdf-lib offers PDF/A levels B and U only, since it cannot know whether a document is tagged; these are
 * (level A: structure tree, MarkInfo, language, Unicode for every glyph). It leaves a packet whose level
 * it does not know as it is on save.
 */
const pdfA2a = { part: 2, level: 'A' } as unknown as ParsedConformance;

/**
 * Saves as tagged PDF/A-2a and PDF/UA-1: the structure tree, XMP with pdfaid 2/A, dc:title and pdfuaid 1,
 * the sRGB output intent (the ICC profile @cantoo/pdf-lib bundles), a document ID. It uses a classic
 * cross-reference table because the seal's incremental update must write one (its signature dictionary
 * cannot sit in a compressed object stream), and an update should continue the kind of cross-reference the
 * file started with.
 */
export async function savePdfA({ doc, structure }: PdfA4Document): Promise<Uint8Array> {
  structure.write(doc);
  doc.convertToPDFA({ conformance: '2U' });
  const metadata = buildPDFAMetadata({
    conformance: pdfA2a,
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    creationDate: doc.getCreationDate(),
    modificationDate: doc.getModificationDate(),
    extensions: [pdfuaExtensionSchema, pdfuaIdentification],
  });
  // Unfiltered UTF-8, in the object pdf-lib wrote its own packet to, so no orphan stays behind.
  const stream = doc.context.stream(new TextEncoder().encode(metadata), { Type: 'Metadata', Subtype: 'XML' });
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  if (ref instanceof PDFRef) doc.context.assign(ref, stream);
  else doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
