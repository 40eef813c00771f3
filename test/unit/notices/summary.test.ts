import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PdfFontFiles, readPdfFontFiles } from '../../../main/pdf/fonts';
import { type ApplicationSummary, renderApplicationSummaryPdf } from '../../../main/pdf/summary';
import { createdAt, pageCount, pageText, type TempDir, tempDir } from './fixtures';
import { expectFooterOnEveryPage, expectPdfALetter } from './pdf-checks';

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

  it('renders header facts, every section row and the attachment list as PDF/A-2b', async () => {
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
    expectFooterOnEveryPage(file, '32.1-BPA-2025/0042');
    const last = pageText(file, pages);
    expect(last).toContain('Feld 8.12');
    expect(last).toContain('Keine Anlagen.');
  });
});
