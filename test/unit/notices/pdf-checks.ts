/** The checks every rendered letter (notice or application summary) must pass, with poppler. */
import { expect } from 'vitest';
import {
  fontEmbedding,
  pageCount,
  pageSizes,
  pageText,
  pdfaFacts,
  pngSignature,
  renderFirstPage,
  type TempDir,
} from './fixtures';

const a4 = '595.28 x 841.89 pts (A4)';

/** Every page A4, every font embedded, the PDF/A-2b facts, and a first page poppler draws. */
export function expectPdfALetter(file: string, dir: TempDir, label: string): void {
  expect(pageSizes(file), label).toEqual(Array.from({ length: pageCount(file) }, () => a4));
  expect(
    fontEmbedding(file).every((font) => font.embedded),
    label,
  ).toBe(true);
  expect(pdfaFacts(file), label).toEqual({
    part2B: true,
    outputIntent: true,
    documentId: true,
    encrypted: false,
    javaScript: false,
  });
  const png = renderFirstPage(file, dir.file(`${label}-page1`));
  expect([...png.subarray(0, 8)], label).toEqual(pngSignature);
  expect(png.length, label).toBeGreaterThan(5_000);
}

/** The file reference and "Seite n von m" in the footer of every page. */
export function expectFooterOnEveryPage(file: string, fileReference: string): void {
  const pages = pageCount(file);
  for (let page = 1; page <= pages; page++) {
    const text = pageText(file, page);
    expect(text).toContain(`Aktenzeichen: ${fileReference}`);
    expect(text).toContain(`Seite ${page} von ${pages}`);
  }
}
