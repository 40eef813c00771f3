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
import {
  accessibilityFacts,
  markedContent,
  parentTreeMismatches,
  type StructureNode,
  structureTree,
} from './pdf-structure';

const a4 = '595.28 x 841.89 pts (A4)';

/**
 * Every page A4, every font embedded as a subset with its tag (ABCDEF+), the PDF/A-2a and PDF/UA-1
 * facts, and a first page poppler draws.
 */
export function expectPdfALetter(file: string, dir: TempDir, label: string): void {
  expect(pageSizes(file), label).toEqual(Array.from({ length: pageCount(file) }, () => a4));
  for (const font of fontEmbedding(file)) {
    expect(font, label).toMatchObject({ embedded: true, subset: true });
    expect(font.name, label).toMatch(/^[A-Z]{6}\+DejaVuSans/);
  }
  expect(pdfaFacts(file), label).toEqual({
    pdfa: '2A',
    pdfua: '1',
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

/**
 * The tagged-PDF facts PDF/UA-1 asks for, read back independently: language de-DE, the title shown from
 * dc:title, MarkInfo, nothing drawn outside marked content, every MCID in the tree and the ParentTree
 * agreeing with it. Returns the structure tree as poppler reads it.
 */
export async function expectTaggedPdf(file: string, title: string): Promise<StructureNode> {
  expect(await accessibilityFacts(file)).toEqual({
    language: 'de-DE',
    displayDocTitle: true,
    marked: true,
    suspects: false,
    title,
  });
  const content = await markedContent(file);
  expect(content.unmarked).toEqual([]);
  expect(content.orphans).toEqual([]);
  expect(parentTreeMismatches(file)).toEqual([]);
  return structureTree(file);
}
