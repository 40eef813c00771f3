import type { PDFPage } from '@cantoo/pdf-lib';
import { din5008 } from '../pdf/din5008';
import { createPdfA4Document, savePdfA } from '../pdf/document';
import { drawLine, drawTextBlock, TextFlow } from '../pdf/flow';
import type { EmbeddedFonts, PdfFontFiles } from '../pdf/fonts';
import { drawPageFooters, footerHeight, type PageFooter } from '../pdf/footer';
import { mm, styles, type TextStyle } from '../pdf/page';
import { artifact, type StructureElement } from '../pdf/tags';
import { countMissingMarkers, type NoticeDraft } from './compose';
import { noticeErrors } from './errors';
import { formatIban } from './format';
import { listItemsOf } from './lists';
import type { NoticeProfile } from './merge-fields';
import type { NoticeKind } from './template';

export interface NoticeRenderOptions {
  readonly fonts: PdfFontFiles;
  /** Creation date written into the PDF metadata. */
  readonly createdAt: Date;
  /** A preview only: render "[fehlt: …]" markers as they are instead of refusing the draft. */
  readonly allowMissing?: boolean;
}

const kindNames: Record<NoticeKind, string> = {
  approval: 'Bescheid',
  rejection: 'Ablehnungsbescheid',
  interim: 'Zwischenmitteilung',
  request: 'Nachforderung von Unterlagen',
};

const paragraphGap = 7;
const infoLabelWidth = mm(25);

function joined(parts: readonly (string | undefined)[], separator: string): string {
  return parts.filter((part) => part !== undefined && part.trim() !== '').join(separator);
}

function cityLine(profile: NoticeProfile): string {
  return joined([profile.postalCode, profile.city], ' ');
}

function noticeFooter(draft: NoticeDraft, profile: NoticeProfile): PageFooter {
  return {
    reference: `Aktenzeichen: ${draft.fileReference}`,
    columns: [
      [profile.authorityName, profile.departmentName ?? '', profile.street ?? '', cityLine(profile)],
      [profile.phone ? `Telefon ${profile.phone}` : '', profile.email ? `E-Mail ${profile.email}` : ''],
      [
        profile.bankName ?? '',
        profile.iban ? `IBAN ${formatIban(profile.iban)}` : '',
        profile.bic ? `BIC ${profile.bic}` : '',
      ],
    ],
  };
}

function drawFoldMarks(page: PDFPage): void {
  const marks = [
    ...din5008.foldMarks.map((y) => ({ y, length: mm(5) })),
    { y: din5008.holeMark, length: mm(8) },
  ];
  const tag = artifact('printMarks');
  for (const { y, length } of marks) {
    tag.mark(page, () =>
      page.drawLine({
        start: { x: mm(4), y },
        end: { x: mm(4) + length, y },
        thickness: 0.4,
        color: styles.small.color,
      }),
    );
  }
}

/** The letterhead repeats what the footer and the metadata say, so a reader skips it. */
const letterhead = artifact('letterhead');

function drawLetterhead(page: PDFPage, fonts: EmbeddedFonts, profile: NoticeProfile): void {
  const left = din5008.marginLeft;
  const width = din5008.textWidth;
  const below = drawTextBlock(
    page,
    fonts,
    { text: profile.authorityName, style: styles.letterhead, x: left, width, tag: letterhead },
    din5008.letterheadTop,
  );
  if (profile.departmentName) {
    const department = { text: profile.departmentName, style: styles.body, x: left, width, tag: letterhead };
    drawTextBlock(page, fonts, department, below);
  }
}

/** Rücksendeangabe (for the post office, an artifact) and recipient (a paragraph), inside the envelope window. */
function drawAddressBlock(
  page: PDFPage,
  fonts: EmbeddedFonts,
  draft: NoticeDraft,
  profile: NoticeProfile,
  recipient: StructureElement,
): void {
  const left = din5008.marginLeft;
  const recipientWidth = din5008.recipientWidth;
  const returnLine = fittedReturnLine(
    fonts,
    [
      joined([profile.authorityName, profile.street, cityLine(profile)], ' · '),
      joined([profile.authorityName, cityLine(profile)], ' · '),
    ],
    recipientWidth,
  );
  drawLine(page, fonts, returnLine.text, left, din5008.returnLineTop, returnLine.style, letterhead);
  let recipientTop = din5008.recipientTop;
  for (const line of draft.recipient) {
    recipientTop = drawTextBlock(
      page,
      fonts,
      { text: line, style: styles.body, x: left, width: recipientWidth, tag: recipient },
      recipientTop,
    );
  }
}

const smallestReturnLineSize = 5;

/**
 * DIN 5008 keeps the Rücksendeangabe on one line above the address: a long one is set smaller (down to 5 pt),
 * then shortened to the authority and city; a second line would run into the recipient's name.
 */
function fittedReturnLine(
  fonts: EmbeddedFonts,
  candidates: readonly string[],
  width: number,
): { text: string; style: TextStyle } {
  const face = fonts.face(styles.small.weight);
  const widthOf = (text: string, size: number) => face.widthOfTextAtSize(fonts.printable(text), size);
  for (const text of candidates) {
    const natural = widthOf(text, styles.small.size);
    const size = natural <= width ? styles.small.size : (styles.small.size * width) / natural;
    if (size >= smallestReturnLineSize) return { text, style: { ...styles.small, size } };
  }
  const last = candidates.at(-1) ?? '';
  const style = { ...styles.small, size: smallestReturnLineSize };
  let text = last;
  while (text.length > 1 && widthOf(`${text}…`, style.size) > width) text = text.slice(0, -1);
  return { text: text === last ? last : `${text.trimEnd()}…`, style };
}

/** The Informationsblock beside the address: a two-column table whose labels head their rows. */
function drawInfoBlock(
  page: PDFPage,
  fonts: EmbeddedFonts,
  draft: NoticeDraft,
  profile: NoticeProfile,
  table: StructureElement,
): void {
  const info: [string, string | undefined][] = [
    ['Aktenzeichen', draft.fileReference],
    ['Ansprechperson', profile.contactName],
    ['Telefon', profile.phone],
    ['E-Mail', profile.email],
    ['Servicezeiten', profile.openingHours],
    ['Datum', draft.date],
  ];
  const valueLeft = din5008.infoBlockLeft + infoLabelWidth;
  const valueWidth = din5008.infoBlockWidth - infoLabelWidth;
  const valueFace = fonts.face(styles.value.weight);
  let infoTop = din5008.infoBlockTop;
  for (const [label, value] of info) {
    if (!value?.trim()) continue;
    const row = table.add('TR');
    const labelCell = {
      text: label,
      style: styles.label,
      x: din5008.infoBlockLeft,
      width: infoLabelWidth,
      tag: row.add('TH'),
    };
    const labelBottom = drawTextBlock(page, fonts, labelCell, infoTop - 0.5);
    // A value too long for its column (an e-mail address, typically) goes below its label at full width.
    const beside = valueFace.widthOfTextAtSize(fonts.printable(value), styles.value.size) <= valueWidth;
    const tag = row.add('TD');
    const valueCell = beside
      ? { text: value, style: styles.value, x: valueLeft, width: valueWidth, tag }
      : { text: value, style: styles.value, x: din5008.infoBlockLeft, width: din5008.infoBlockWidth, tag };
    infoTop = drawTextBlock(page, fonts, valueCell, beside ? infoTop : labelBottom) - 2;
  }
}

/**
 * Renders a notice as an A4 letter (DIN 5008 form B), tagged PDF/A-2a and PDF/UA-1. Refuses drafts that
 * still show "[fehlt: …]" markers: a notice goes to a citizen only when every value is filled in.
 * Reading order: recipient, information block, title (H1), the text with its headings (H2) and lists.
 */
export async function renderNoticePdf(
  draft: NoticeDraft,
  profile: NoticeProfile,
  options: NoticeRenderOptions,
): Promise<Uint8Array> {
  const markers = countMissingMarkers(draft);
  if (markers > 0 && options.allowMissing !== true) throw noticeErrors.incomplete(markers);

  const document = await createPdfA4Document(options.fonts, {
    title: draft.title,
    author: profile.authorityName,
    subject: `${kindNames[draft.kind]}, Aktenzeichen ${draft.fileReference}`,
    createdAt: options.createdAt,
  });
  const { doc, fonts, structure } = document;
  const recipient = structure.root.add('P');
  const infoTable = structure.root.add('Table');
  const footer = noticeFooter(draft, profile);
  const flow = new TextFlow(doc, fonts, {
    left: din5008.marginLeft,
    width: din5008.textWidth,
    firstTop: din5008.bodyTopFirstPage,
    nextTop: din5008.bodyTopNextPages,
    bottom: din5008.footerBottom + footerHeight(footer, fonts, din5008.textWidth) + din5008.footerGap,
  });

  flow.paragraph(draft.title, styles.title, structure.root.add('H1'));
  flow.gap(paragraphGap + 3);
  for (const paragraph of draft.paragraphs) {
    if (paragraph.style === 'heading') {
      flow.gap(4);
      const heading = structure.root.add('H2');
      flow.paragraph(paragraph.text, styles.heading, heading, { keepWithNext: 2 * styles.body.leading });
      flow.gap(2);
      continue;
    }
    const items = listItemsOf(paragraph.text);
    if (items) {
      const list = structure.root.add('L');
      for (const item of items)
        flow.listItem(list.add('LI'), item.label, item.separator, item.body, styles.body);
    } else {
      flow.paragraph(paragraph.text, styles.body, structure.root.add('P'));
    }
    flow.gap(paragraphGap);
  }

  const firstPage = doc.getPage(0);
  drawLetterhead(firstPage, fonts, profile);
  drawAddressBlock(firstPage, fonts, draft, profile, recipient);
  drawInfoBlock(firstPage, fonts, draft, profile, infoTable);
  drawFoldMarks(firstPage);
  drawPageFooters(doc, fonts, footer, {
    left: din5008.marginLeft,
    width: din5008.textWidth,
    bottom: din5008.footerBottom,
  });
  return savePdfA(document);
}
