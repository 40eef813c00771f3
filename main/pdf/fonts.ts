import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PDFFont } from '@cantoo/pdf-lib';

/**
 * TTF bytes of the two faces every Antragsdesk PDF uses. DejaVu Sans covers German text in full
 * (ä ö ü ß € „ “ – §); PDF/A forbids relying on the 14 non-embedded standard fonts.
 */
export interface PdfFontFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

export const defaultFontDir = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

export async function readPdfFontFiles(dir: string = defaultFontDir): Promise<PdfFontFiles> {
  const [regular, bold] = await Promise.all([
    readFile(join(dir, 'DejaVuSans.ttf')),
    readFile(join(dir, 'DejaVuSans-Bold.ttf')),
  ]);
  return { regular, bold };
}

export type FontWeight = 'regular' | 'bold';

/** C0 and C1 control characters other than the line feed carry nothing printable. */
function isControl(codePoint: number): boolean {
  return (codePoint < 0x20 && codePoint !== 0x0a) || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/**
 * The embedded faces of one document, and the one place where text is made printable: PDF/A forbids
 * showing the .notdef glyph, so characters the font lacks (emoji in a form value, say) become U+FFFD.
 */
export class EmbeddedFonts {
  private readonly covered: ReadonlySet<number>;

  constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    const boldSet = new Set(bold.getCharacterSet());
    this.covered = new Set(regular.getCharacterSet().filter((codePoint) => boldSet.has(codePoint)));
  }

  face(weight: FontWeight): PDFFont {
    return weight === 'bold' ? this.bold : this.regular;
  }

  printable(text: string): string {
    let out = '';
    for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
      const codePoint = char.codePointAt(0) ?? 0;
      if (isControl(codePoint)) continue;
      out += char === '\n' || this.covered.has(codePoint) ? char : '\ufffd';
    }
    return out;
  }
}
