import { execFileSync } from 'node:child_process';
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
  pageText,
  profile,
  type TempDir,
  tempDir,
} from './fixtures';
import { expectFooterOnEveryPage, expectPdfALetter, expectTaggedPdf } from './pdf-checks';
import { markedContent, outline } from './pdf-structure';

/** The words of page 1 with their boxes (top-down y), first occurrence first. */
function wordBoxes(file: string): { word: string; xMin: number; yMin: number; yMax: number }[] {
  const xml = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', file, '-'], { encoding: 'utf8' });
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((match) => ({
    word: match[4] ?? '',
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    yMax: Number(match[3]),
  }));
}

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
      expect(pageCount(file), template.id).toBeGreaterThanOrEqual(1);
      expectPdfALetter(file, dir, template.id);
      const fontNames = fontEmbedding(file).map((font) => font.name);
      expect(fontNames, template.id).toHaveLength(2);
      expect(
        fontNames.every((name) => /^[A-Z]{6}\+DejaVuSans/.test(name)),
        template.id,
      ).toBe(true);
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
    expectFooterOnEveryPage(file, '32.1-BPA-2025/0042');
    for (let page = 1; page <= pages; page++) {
      const text = pageText(file, page);
      expect(text).toContain('IBAN DE02 1203 0000 0000 2020 51');
      expect(text).toContain('BIC BYLADEM1001');
    }
  });

  it('tags the letter for PDF/UA: address, information table, headings, lists, paragraphs in reading order', async () => {
    const template = templates.find((t) => t.id === 'bescheid-bewilligung');
    if (!template) throw new Error('template missing');
    const draft = composeNotice(template, caseFields, profile);
    const file = await render(draft, 'tagged.pdf');
    const tree = outline(await expectTaggedPdf(file, draft.title));
    const at = (line: string) => {
      const index = tree.indexOf(line);
      expect(index, line).toBeGreaterThan(-1);
      return index;
    };
    const order = [
      at('    P Jürgen Größe-Äßling Fröbelstraße 12 12345 Musterhausen'),
      at('    Table'),
      at('        TH Aktenzeichen'),
      at('        TD 32.1-BPA-2025/0042'),
      at('        TH E-Mail'),
      at('        TD buergeramt@musterhausen.example'),
      at('    H1 Bescheid über Ihren Antrag auf Bewohnerparkausweis'),
      at('    P Guten Tag Jürgen Größe-Äßling,'),
      at('    H2 Entscheidung'),
      at('    L'),
      at('        Lbl 1.'),
      at('        LBody Ihrem Antrag auf Bewohnerparkausweis wird in vollem Umfang stattgegeben.'),
      at('        Lbl 2.'),
      at('    H2 Begründung'),
      at('    H2 Rechtsbehelfsbelehrung'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(tree[0]).toBe('(root)');
    expect(tree[1]).toBe('  Document');
    // Letterhead, Rücksendeangabe and the running footer are artifacts: on the pages, not in the tree.
    for (const artifact of ['Stadt Musterhausen', 'Bürgeramt – Straßenverkehrsbehörde', 'Seite 1 von 2']) {
      expect(pageText(file, 1)).toContain(artifact);
      expect(tree.some((line) => line.trim().endsWith(` ${artifact}`))).toBe(false);
    }
    expect(tree.some((line) => line.includes('Rathausplatz 1 · 12345'))).toBe(false);
    const { sequences } = await markedContent(file);
    expect(sequences.every((page) => page.includes('Artifact'))).toBe(true);
    expect(sequences[0]?.filter((tag) => tag === 'Artifact').length).toBeGreaterThan(10);
  });

  it('tags a list merge field as a bulleted list', async () => {
    const template = templates.find((t) => t.id === 'nachforderung-unterlagen');
    if (!template) throw new Error('template missing');
    const draft = composeNotice(template, caseFields, profile);
    const tree = outline(await expectTaggedPdf(await render(draft, 'list.pdf'), draft.title));
    const list = tree.indexOf('    L');
    expect(tree.slice(list, list + 7)).toEqual([
      '    L',
      '      LI',
      '        Lbl –',
      '        LBody Meldebescheinigung',
      '      LI',
      '        Lbl –',
      '        LBody Fahrzeugschein (Zulassungsbescheinigung Teil I)',
    ]);
  });

  it('keeps a long Rücksendeangabe on one line above the recipient', async () => {
    const template = templates.find((t) => t.id === 'zwischenmitteilung');
    if (!template) throw new Error('template missing');
    const longProfile = {
      ...profile,
      authorityName: 'Stadt Musterhausen – Der Oberbürgermeister – Fachbereich Bürgerdienste',
    };
    const pdf = await renderNoticePdf(composeNotice(template, caseFields, longProfile), longProfile, {
      fonts,
      createdAt,
    });
    const words = wordBoxes(dir.file('long-return-line.pdf', pdf));
    const recipient = words.find((box) => box.word === 'Jürgen');
    if (!recipient) throw new Error('recipient not found');
    // The small print left of the information block and above the recipient is the Rücksendeangabe.
    const returnLine = words.filter(
      (box) => box.xMin < 300 && box.yMax - box.yMin < 8.5 && box.yMin < recipient.yMin,
    );
    expect(returnLine.map((box) => box.word).join(' ')).toContain('Musterhausen');
    expect(new Set(returnLine.map((box) => box.yMin)).size).toBe(1);
    expect(Math.max(...returnLine.map((box) => box.yMax))).toBeLessThanOrEqual(recipient.yMin);
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
