/**
 * Prints a real PDF under the app's strict CSP (no plugins, no frames of blob PDFs): pdf.js draws every
 * page into a print-only region at print resolution, with its text layer, and the print stylesheet shows
 * that region alone, one A4 sheet per page. The region stays until the print is over (`afterprint`) or
 * the next print replaces it.
 */
import { openPdf, PixelsPerInch, TextLayer } from '../case/pdf/pdfjs';

/** 150 dpi: sharp text on paper, and a page still fits comfortably in memory. */
const PRINT_DPI = 150;
const PRINTING_CLASS = 'printing-pdf';

let current: { region: HTMLElement; cleanup: () => void } | null = null;

export interface PrintWords {
  /** The region's accessible name. */
  region: string;
  /** A page's name, from its 1-based number and the page count. */
  page: (page: number, pages: number) => string;
}

/** Builds the print view of `bytes`; resolves once every page is drawn. */
export async function preparePrint(bytes: Uint8Array, words: PrintWords): Promise<HTMLElement> {
  endPrint();
  const opened = await openPdf(bytes);
  const region = document.createElement('section');
  region.className = 'print-region';
  region.setAttribute('aria-label', words.region);
  region.dataset.testid = 'print-region';
  try {
    const { doc } = opened;
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const layout = page.getViewport({ scale: PixelsPerInch.PDF_TO_CSS_UNITS });
      const raster = page.getViewport({ scale: PRINT_DPI / 72 });
      const sheet = document.createElement('div');
      sheet.className = 'print-page';
      sheet.style.setProperty('--total-scale-factor', String(PixelsPerInch.PDF_TO_CSS_UNITS));
      sheet.style.width = `${layout.width}px`;
      sheet.style.height = `${layout.height}px`;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(raster.width);
      canvas.height = Math.ceil(raster.height);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', words.page(number, doc.numPages));
      const text = document.createElement('div');
      text.className = 'textLayer';
      sheet.append(canvas, text);
      region.append(sheet);
      await page.render({ canvas, viewport: raster }).promise;
      await new TextLayer({
        textContentSource: page.streamTextContent(),
        container: text,
        viewport: layout,
      }).render();
    }
  } finally {
    await opened.close();
  }
  const cleanup = () => {
    region.remove();
    document.body.classList.remove(PRINTING_CLASS);
    window.removeEventListener('afterprint', cleanup);
    if (current?.region === region) current = null;
  };
  document.body.append(region);
  document.body.classList.add(PRINTING_CLASS);
  window.addEventListener('afterprint', cleanup);
  current = { region, cleanup };
  return region;
}

/** Removes the print view, so the app's own print (Ctrl+P) prints the screen again. */
export function endPrint(): void {
  current?.cleanup();
}

/**
 * Prints the PDF: the desktop app asks main for the system dialog (printer choice, A4); the browser uses
 * its own print dialog, which also offers saving as PDF.
 */
export async function printPdf(
  bytes: Uint8Array,
  words: PrintWords,
  systemDialog: (() => Promise<void>) | null,
): Promise<void> {
  await preparePrint(bytes, words);
  if (systemDialog) {
    try {
      await systemDialog();
    } finally {
      endPrint();
    }
  } else {
    window.print();
  }
}
