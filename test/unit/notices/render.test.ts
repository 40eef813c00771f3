import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeNotice,
  type NoticeDraft,
  type NoticeTemplate,
  readNoticeTemplates,
  renderNoticePdf,
} from '../../../main/notices';
import { type PdfFontFiles, readPdfFontFiles } from '../../../main/pdf/fonts';
import {
  caseFields,
  createdAt,
  fontEmbedding,
  pageCount,
  pageSizes,
  pageText,
  pdfaFacts,
  pngSignature,
  profile,
  renderFirstPage,
  type TempDir,
  tempDir,
} from './fixtures';

const a4 = '595.28 x 841.89 pts (A4)';

describe('renderNoticePdf', () => {
  let fonts: PdfFontFiles;
  let templates: NoticeTemplate[];
  let dir: TempDir;

  beforeAll(async () => {
    fonts = await readPdfFontFiles();
    templates = await readNoticeTemplates();
    dir = tempDir('render');
  });
  afterAll(() => dir.remove());

  async function render(draft: NoticeDraft, name: string): Promise<string> {
    return dir.file(name, await renderNoticePdf(draft, profile, { fonts, createdAt }));
  }

  it('renders every template as an A4 PDF/A-2b letter with embedded fonts that poppler can draw', async () => {
    for (const template of templates) {
      const file = await render(composeNotice(template, caseFields, profile), `${template.id}.pdf`);
      const pages = pageCount(file);
      expect(pages, template.id).toBeGreaterThanOrEqual(1);
      expect(pageSizes(file)).toEqual(Array.from({ length: pages }, () => a4));

      const fontsInFile = fontEmbedding(file);
      expect(fontsInFile.length, template.id).toBe(2);
      expect(
        fontsInFile.every((font) => font.embedded && font.name.startsWith('DejaVuSans')),
        template.id,
      ).toBe(true);

      expect(pdfaFacts(file), template.id).toEqual({
        part2B: true,
        outputIntent: true,
        documentId: true,
        encrypted: false,
        javaScript: false,
      });

      const png = renderFirstPage(file, dir.file(`${template.id}-page1`));
      expect([...png.subarray(0, 8)]).toEqual(pngSignature);
      expect(png.length).toBeGreaterThan(5_000);
    }
  });

  it('prints German text, the letterhead, and the file reference and page number on every page', async () => {
    const template = templates.find((t) => t.id === 'bescheid-bewilligung');
    if (!template) throw new Error('template missing');
    const file = await render(composeNotice(template, caseFields, profile), 'bewilligung.pdf');
    const pages = pageCount(file);
    expect(pages).toBe(2);

    const first = pageText(file, 1);
    for (const expected of [
      'Stadt Musterhausen',
      'Bürgeramt – Straßenverkehrsbehörde',
      'Jürgen Größe-Äßling',
      'Fröbelstraße 12',
      'Ansprechperson',
      'Frau Özdemir',
      '10.03.2025',
      'Bescheid über Ihren Antrag auf Bewohnerparkausweis',
      '30,60 €',
      '„32.1-BPA-2025/0042“',
      '(§ 39 Abs. 2',
      'Rechtsbehelfsbelehrung',
    ]) {
      expect(first).toContain(expected);
    }
    for (let page = 1; page <= pages; page++) {
      const text = pageText(file, page);
      expect(text).toContain('Aktenzeichen: 32.1-BPA-2025/0042');
      expect(text).toContain(`Seite ${page} von ${pages}`);
      expect(text).toContain('IBAN DE02 1203 0000 0000 2020 51');
      expect(text).toContain('BIC BYLADEM1001');
    }
  });

  it('breaks long text across pages', async () => {
    const template = templates.find((t) => t.id === 'ablehnungsbescheid');
    if (!template) throw new Error('template missing');
    const reason = Array.from(
      { length: 60 },
      (_, i) => `Absatz ${i + 1}: Die Voraussetzungen nach § 45 StVO liegen nicht vor.`,
    ).join('\n');
    const file = await render(
      composeNotice(template, { ...caseFields, decisionReason: reason }, profile),
      'lang.pdf',
    );
    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    const allText = Array.from({ length: pages }, (_, i) => pageText(file, i + 1)).join('\n');
    expect(allText).toContain('Absatz 1:');
    expect(allText).toContain('Absatz 60:');
    expect(pageText(file, pages)).toContain(`Seite ${pages} von ${pages}`);
  });

  it('refuses a draft that still shows markers for missing values', async () => {
    const template = templates.find((t) => t.id === 'zwischenmitteilung');
    if (!template) throw new Error('template missing');
    const draft = composeNotice(template, { ...caseFields, expectedDecisionOn: undefined }, profile);
    await expect(renderNoticePdf(draft, profile, { fonts, createdAt })).rejects.toMatchObject({
      code: 'notice-incomplete',
    });
  });
});
