import {
  degrees,
  type PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
  drawText as textOperators,
} from '@cantoo/pdf-lib';
import type { EmbeddedFonts } from './fonts';
import { a4, type TextStyle } from './page';
import type { ContentTag, StructureElement } from './tags';
import { wrapText } from './wrap';

/** Where flowing text may go; y values count from the bottom edge, as in PDF. */
export interface FlowFrame {
  readonly left: number;
  readonly width: number;
  /** Top of the text area on the first page (below a letterhead, say). */
  readonly firstTop: number;
  readonly nextTop: number;
  /** Lowest y text may reach; the footer lives below. */
  readonly bottom: number;
}

export interface FlowCell {
  readonly text: string;
  readonly style: TextStyle;
  readonly x: number;
  readonly width: number;
  /** Where the cell's text sits in the structure tree, or that it is an artifact. */
  readonly tag: ContentTag;
}

export interface RowOptions {
  /** Extra height that must fit on the same page after this row's first lines (keeps a heading with its text). */
  readonly keepWithNext?: number;
}

export function wrapForStyle(fonts: EmbeddedFonts, text: string, style: TextStyle, width: number): string[] {
  const face = fonts.face(style.weight);
  return wrapText(fonts.printable(text), width, (line) => face.widthOfTextAtSize(line, style.size));
}

/**
 * Font resource names per page and face. pdf-lib's drawText adds a new resource entry on every call
 * that names a font, so text is drawn with the text operators and one entry per face and page.
 */
const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKey(page: PDFPage, face: PDFFont): PDFName {
  const keys = fontKeys.get(page) ?? new Map<PDFFont, PDFName>();
  fontKeys.set(page, keys);
  const key = keys.get(face) ?? page.node.newFontDictionary(face.name, face.ref);
  keys.set(face, key);
  return key;
}

const upright = degrees(0);

/** Draws one already wrapped line whose box starts at `top`, as marked content of `tag`. */
export function drawLine(
  page: PDFPage,
  fonts: EmbeddedFonts,
  line: string,
  x: number,
  top: number,
  style: TextStyle,
  tag: ContentTag,
): void {
  if (line === '') return;
  const face = fonts.face(style.weight);
  tag.mark(page, () =>
    page.pushOperators(
      ...textOperators(face.encodeText(line), {
        font: fontKey(page, face),
        size: style.size,
        color: style.color,
        x,
        y: top - style.size,
        rotate: upright,
        xSkew: upright,
        ySkew: upright,
      }),
    ),
  );
}

/** Draws wrapped text at a fixed place (letterhead, address block); returns the y below its last line. */
export function drawTextBlock(page: PDFPage, fonts: EmbeddedFonts, cell: FlowCell, top: number): number {
  let y = top;
  for (const line of wrapForStyle(fonts, cell.text, cell.style, cell.width)) {
    drawLine(page, fonts, line, cell.x, y, cell.style, cell.tag);
    y -= cell.style.leading;
  }
  return y;
}

/**
 * Lays text out top to bottom across as many A4 pages as it needs. Short paragraphs stay whole,
 * longer ones leave at least two lines behind, and headings move with the text they introduce.
 */
export class TextFlow {
  private page: PDFPage;
  private y: number;
  private top: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: EmbeddedFonts,
    private readonly frame: FlowFrame,
  ) {
    this.page = doc.addPage([a4.width, a4.height]);
    this.y = frame.firstTop;
    this.top = frame.firstTop;
  }

  gap(points: number): void {
    if (this.y < this.top) this.y -= points;
  }

  paragraph(text: string, style: TextStyle, tag: ContentTag, options: RowOptions = {}): void {
    this.row([{ text, style, x: this.frame.left, width: this.frame.width, tag }], options);
  }

  /** Cells side by side (label and value, say), advancing line by line so long values may cross pages. */
  row(cells: readonly FlowCell[], options: RowOptions = {}): void {
    const wrapped = cells.map((cell) => wrapForStyle(this.fonts, cell.text, cell.style, cell.width));
    const count = Math.max(...wrapped.map((lines) => lines.length));
    const leading = Math.max(...cells.map((cell) => cell.style.leading));
    this.lines(count, leading, options, (index) => {
      cells.forEach((cell, column) => {
        drawLine(this.page, this.fonts, wrapped[column]?.[index] ?? '', cell.x, this.y, cell.style, cell.tag);
      });
    });
  }

  /**
   * One list item, laid out exactly like the paragraph `label + separator + body`, with the label tagged
   * Lbl and the rest LBody under `item` (an LI).
   */
  listItem(item: StructureElement, label: string, separator: string, body: string, style: TextStyle): void {
    const lbl = item.add('Lbl');
    const content = item.add('LBody');
    const prefix = label + separator;
    const lines = wrapForStyle(this.fonts, prefix + body, style, this.frame.width);
    const bodyLeft = this.frame.left + this.fonts.face(style.weight).widthOfTextAtSize(prefix, style.size);
    this.lines(lines.length, style.leading, {}, (index) => {
      const line = lines[index] ?? '';
      const left = this.frame.left;
      if (index === 0 && line.startsWith(prefix)) {
        drawLine(this.page, this.fonts, label, left, this.y, style, lbl);
        drawLine(this.page, this.fonts, line.slice(prefix.length), bodyLeft, this.y, style, content);
      } else {
        // Only a label too long to share its line with a word stands alone.
        drawLine(
          this.page,
          this.fonts,
          line,
          left,
          this.y,
          style,
          index === 0 && line === label ? lbl : content,
        );
      }
    });
  }

  private lines(count: number, leading: number, options: RowOptions, draw: (index: number) => void): void {
    this.keep((count <= 4 ? count : 2) * leading + (options.keepWithNext ?? 0));
    for (let index = 0; index < count; index++) {
      this.keep(leading);
      draw(index);
      this.y -= leading;
    }
  }

  private keep(height: number): void {
    if (height > this.y - this.frame.bottom && this.y < this.top) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([a4.width, a4.height]);
    this.y = this.frame.nextTop;
    this.top = this.frame.nextTop;
  }
}
