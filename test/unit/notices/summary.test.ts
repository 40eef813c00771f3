import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PdfFontFiles, readPdfFontFiles } from '../../../main/pdf/fonts';
import { type ApplicationSummary, renderApplicationSummaryPdf } from '../../../main/pdf/summary';
import { createdAt, pageCount, pageText, type TempDir, tempDir } from './fixtures';
import { expectFooterOnEveryPage, expectPdfALetter, expectTaggedPdf } from './pdf-checks';
import { outline } from './pdf-structure';

const summary: ApplicationSummary = {
  authorityName: 'Stadt Musterhausen',
  serviceName: 'Bewohnerparkausweis',
  fileReference: '32.1-BPA-2025/0042',
  receivedAt: new Date('2025-03-03T13:07:00Z'),
  submissionId: 'f3a1c9e2-7b4d-4e8a-9c1f-2d3e4f5a6b7c',
  sections: [
    {
      title: 'Antragstellende Person',
      rows: [
        { label: 'Vorname', value: 'Jürgen' },
        { label: 'Familienname', value: 'Größe-Äßling' },
        { label: 'Anschrift', value: 'Fröbelstraße 12\n12345 Musterhausen' },
        { label: 'Telefon (freiwillig)', value: '' },
      ],
    },
    {
      title: 'Fahrzeug',
      rows: [
        { label: 'Amtliches Kennzeichen', value: 'MH-AB 123' },
        { label: 'Halter laut Fahrzeugschein', value: '山田 太郎' },
      ],
    },
  ],
  attachments: [
    {
      name: 'Meldebescheinigung.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 234_567,
      description: 'Meldebescheinigung',
    },
    { name: 'Fahrzeugschein.jpg', mediaType: 'image/jpeg', sizeBytes: 1_834_567 },
  ],
};

describe('renderApplicationSummaryPdf', () => {
  let fonts: PdfFontFiles;
  let dir: TempDir;
  beforeAll(async () => {
    fonts = await readPdfFontFiles();
    dir = tempDir('summary');
  });
  afterAll(() => dir.remove());

  it('renders header facts, every section row and the attachment list as PDF/A-2a', async () => {
    const file = dir.file('summary.pdf', await renderApplicationSummaryPdf(summary, { fonts, createdAt }));
    expect(pageCount(file)).toBe(1);
    expectPdfALetter(file, dir, 'summary');

    const text = pageText(file, 1);
    for (const expected of [
      'Antragsübersicht',
      'Bewohnerparkausweis',
      'Aktenzeichen',
      '32.1-BPA-2025/0042',
      // 13:07 UTC is 14:07 in Berlin in March.
      '03.03.2025, 14:07 Uhr',
      'f3a1c9e2-7b4d-4e8a-9c1f-2d3e4f5a6b7c',
      'Antragstellende Person',
      'Größe-Äßling',
      'Fröbelstraße 12',
      '12345 Musterhausen',
      'Amtliches Kennzeichen',
      'MH-AB 123',
      'Anlage 1',
      'Meldebescheinigung.pdf',
      'application/pdf, 229,1 KB',
      'image/jpeg, 1,7 MB',
      'Seite 1 von 1',
    ]) {
      expect(text).toContain(expected);
    }
    // A blank value is shown as a dash, not left out.
    expect(text).toMatch(/Telefon \(freiwillig\)\s+—/);
    // Characters the embedded font lacks are replaced rather than drawn as .notdef (forbidden in PDF/A).
    expect(text).toContain('\ufffd\ufffd \ufffd\ufffd');
  });

  it('tags title, sections as headed tables and the attachments as a list, in reading order (PDF/UA)', async () => {
    const file = dir.file('tagged.pdf', await renderApplicationSummaryPdf(summary, { fonts, createdAt }));
    const tree = outline(await expectTaggedPdf(file, 'Antragsübersicht: Bewohnerparkausweis'));
    expect(tree.slice(0, 12)).toEqual([
      '(root)',
      '  Document',
      '    P Stadt Musterhausen',
      '    H1 Antragsübersicht',
      '    P Bewohnerparkausweis',
      '    Table',
      '      TR',
      '        TH Aktenzeichen',
      '        TD 32.1-BPA-2025/0042',
      '      TR',
      '        TH Eingegangen am',
      '        TD 03.03.2025, 14:07 Uhr',
    ]);
    const section = tree.indexOf('    H2 Antragstellende Person');
    expect(tree.slice(section, section + 6)).toEqual([
      '    H2 Antragstellende Person',
      '    Table',
      '      TR',
      '        TH Vorname',
      '        TD Jürgen',
      '      TR',
    ]);
    expect(tree).toContain('        TD Fröbelstraße 12 12345 Musterhausen');
    expect(tree.indexOf('    H2 Fahrzeug')).toBeGreaterThan(section);
    const attachments = tree.indexOf('    H2 Anlagen');
    expect(tree.slice(attachments)).toEqual([
      '    H2 Anlagen',
      '    L',
      '      LI',
      '        Lbl Anlage 1',
      '        LBody Meldebescheinigung.pdf application/pdf, 229,1\u00a0KB Meldebescheinigung',
      '      LI',
      '        Lbl Anlage 2',
      '        LBody Fahrzeugschein.jpg image/jpeg, 1,7\u00a0MB',
    ]);
    // The footer repeats on every page: an artifact, not content.
    expect(tree.some((line) => line.includes('Seite 1 von 1'))).toBe(false);
  });

  it('continues long forms on further pages with the reference in every footer', async () => {
    const long: ApplicationSummary = {
      ...summary,
      sections: Array.from({ length: 8 }, (_, s) => ({
        title: `Abschnitt ${s + 1}`,
        rows: Array.from({ length: 12 }, (_, r) => ({
          label: `Feld ${s + 1}.${r + 1}`,
          value: `Wert ${r + 1}`,
        })),
      })),
      attachments: [],
    };
    const file = dir.file('long.pdf', await renderApplicationSummaryPdf(long, { fonts, createdAt }));
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    // Tables crossing a page keep one structure tree and one ParentTree entry per page.
    await expectTaggedPdf(file, 'Antragsübersicht: Bewohnerparkausweis');
    expectFooterOnEveryPage(file, '32.1-BPA-2025/0042');
    const last = pageText(file, pages);
    expect(last).toContain('Feld 8.12');
    expect(last).toContain('Keine Anlagen.');
  });
});
