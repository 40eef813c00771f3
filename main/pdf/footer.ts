import type { PDFDocument } from '@cantoo/pdf-lib';
import { drawLine, wrapForStyle } from './flow';
import type { EmbeddedFonts } from './fonts';
import { styles } from './page';
import { artifact } from './tags';

/** What every page shows at its foot: the reference (Aktenzeichen), "Seite n von m", and small print. */
export interface PageFooter {
  /** Left end of the page line, e.g. "Aktenzeichen: 51.2-0815/2025". */
  readonly reference: string;
  /** Small-print columns under the page line: address, contact, bank details. Empty columns are dropped. */
  readonly columns: readonly (readonly string[])[];
}

export interface FooterArea {
  readonly left: number;
  readonly width: number;
  /** y of the footer's lowest line. */
  readonly bottom: number;
}

const columnGap = 12;
const ruleGap = 4;

interface FooterColumns {
  readonly lines: readonly string[][];
  readonly columnWidth: number;
}

function layoutColumns(footer: PageFooter, fonts: EmbeddedFonts, width: number): FooterColumns {
  const columns = footer.columns.filter((column) => column.some((entry) => entry.trim() !== ''));
  const columnWidth = (width - columnGap * Math.max(columns.length - 1, 0)) / Math.max(columns.length, 1);
  const lines = columns.map((column) =>
    column
      .filter((entry) => entry.trim() !== '')
      .flatMap((entry) => wrapForStyle(fonts, entry, styles.small, columnWidth)),
  );
  return { lines, columnWidth };
}

/** Height the footer needs, so that flowing text can stop above it. */
export function footerHeight(footer: PageFooter, fonts: EmbeddedFonts, width: number): number {
  const lines = Math.max(0, ...layoutColumns(footer, fonts, width).lines.map((column) => column.length));
  return ruleGap + styles.small.leading * (lines + 1) + (lines > 0 ? ruleGap : 0);
}

/**
 * Draws the footer on every page; called once all pages exist, since it counts them. It repeats on every
 * page, so it is a pagination artifact; a notice says what it holds (contact, bank details) in its text.
 */
export function drawPageFooters(
  doc: PDFDocument,
  fonts: EmbeddedFonts,
  footer: PageFooter,
  area: FooterArea,
): void {
  const { lines: columns, columnWidth } = layoutColumns(footer, fonts, area.width);
  const top = area.bottom + footerHeight(footer, fonts, area.width);
  const pages = doc.getPages();
  const reference = fonts.printable(footer.reference);
  const tag = artifact('footer');
  pages.forEach((page, index) => {
    tag.mark(page, () =>
      page.drawLine({
        start: { x: area.left, y: top },
        end: { x: area.left + area.width, y: top },
        thickness: 0.5,
        color: styles.small.color,
      }),
    );
    const lineTop = top - ruleGap;
    drawLine(page, fonts, reference, area.left, lineTop, styles.small, tag);
    const pageLabel = `Seite ${index + 1} von ${pages.length}`;
    const labelWidth = fonts.face(styles.small.weight).widthOfTextAtSize(pageLabel, styles.small.size);
    drawLine(page, fonts, pageLabel, area.left + area.width - labelWidth, lineTop, styles.small, tag);
    columns.forEach((lines, column) => {
      const x = area.left + column * (columnWidth + columnGap);
      lines.forEach((line, row) => {
        const lineY = lineTop - ruleGap - styles.small.leading * (row + 1);
        drawLine(page, fonts, line, x, lineY, styles.small, tag);
      });
    });
  });
}
