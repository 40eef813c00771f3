import { readFile } from 'node:fs/promises';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from '@cantoo/pdf-lib';
import type { FormLine } from './form-text';

/** DejaVu Sans (shipped in assets/fonts with its licence): real glyphs for ä, ß, ő, ł, ễ …, never a standard-14 font. */
const FONT_URL = new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url);
let fontBytes: Promise<Buffer> | undefined;

export interface PdfContent {
  title: string;
  subtitle?: string;
  lines?: FormLine[];
  paragraphs?: string[];
  createdAt: Date;
}

const PAGE = { width: 595.28, height: 841.89, margin: 56 };
const SIZE = { title: 16, subtitle: 11, text: 10.5, footer: 8 };
const LEADING = 15;

/** Splits text into lines that fit `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width || line === '') {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** A PDF of the form data and explanatory text, with the embedded font, page numbers and document info. */
export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  fontBytes ??= readFile(FONT_URL);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes, { subset: true });
  doc.setTitle(content.title);
  doc.setAuthor('Antragsdesk Demo-Onlinedienst');
  doc.setProducer('Antragsdesk platform sender');
  doc.setCreator('Antragsdesk platform sender');
  doc.setCreationDate(content.createdAt);
  doc.setModificationDate(content.createdAt);
  doc.setLanguage('de-DE');

  const textWidth = PAGE.width - 2 * PAGE.margin;
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const write = (text: string, size: number, indent = 0) => {
    for (const line of wrap(text, font, size, textWidth - indent)) {
      if (y < PAGE.margin + 30) {
        page = doc.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin + indent, y, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= size === SIZE.title ? LEADING * 1.6 : LEADING;
    }
  };

  write(content.title, SIZE.title);
  if (content.subtitle !== undefined) write(content.subtitle, SIZE.subtitle);
  y -= LEADING / 2;
  for (const line of content.lines ?? []) {
    const indent = Math.max(0, line.depth) * 14;
    write(line.value === undefined ? line.label : `${line.label}: ${line.value}`, SIZE.text, indent);
  }
  for (const paragraph of content.paragraphs ?? []) {
    y -= LEADING / 2;
    write(paragraph, SIZE.text);
  }

  const pages = doc.getPages();
  pages.forEach((each, index) => {
    each.drawText(`${content.title} – Seite ${index + 1} von ${pages.length}`, {
      x: PAGE.margin,
      y: PAGE.margin / 2,
      size: SIZE.footer,
      font,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return doc.save();
}
