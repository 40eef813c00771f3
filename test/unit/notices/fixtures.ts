/** Shared inputs and poppler helpers for the notices tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NoticeCaseFields, NoticeProfile } from '../../../main/notices';

export const profile: NoticeProfile = {
  authorityName: 'Stadt Musterhausen',
  departmentName: 'Bürgeramt – Straßenverkehrsbehörde',
  street: 'Rathausplatz 1',
  postalCode: '12345',
  city: 'Musterhausen',
  contactName: 'Frau Özdemir',
  phone: '+49 1234 567-890',
  email: 'buergeramt@musterhausen.example',
  openingHours: 'Mo–Fr 8–12 Uhr, Do 14–18 Uhr',
  bankName: 'Sparkasse Musterhausen',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  legalRemedy:
    'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. ' +
    'Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a Abs. 2 VwVfG oder zur Niederschrift ' +
    'bei der Stadt Musterhausen, Bürgeramt, Rathausplatz 1, 12345 Musterhausen, einzulegen.',
};

export const caseFields: NoticeCaseFields = {
  applicantName: 'Jürgen Größe-Äßling',
  applicantStreet: 'Fröbelstraße 12',
  applicantPostalCode: '12345',
  applicantCity: 'Musterhausen',
  serviceName: 'Bewohnerparkausweis',
  fileReference: '32.1-BPA-2025/0042',
  submissionId: 'f3a1c9e2-7b4d-4e8a-9c1f-2d3e4f5a6b7c',
  receivedOn: '2025-03-03',
  noticeDate: '2025-03-10',
  feeCents: 3060,
  feeDueOn: '2025-04-10',
  feeLegalBasis: 'Nr. 265 der Anlage zur GebOSt',
  decisionReason: 'Das Fahrzeug ist nicht auf Sie zugelassen; ein Bewohnerparkausweis setzt das voraus.',
  requestedDocuments: ['Meldebescheinigung', 'Fahrzeugschein (Zulassungsbescheinigung Teil I)'],
  responseDueOn: '2025-03-31',
  expectedDecisionOn: '2025-04-15',
};

export const createdAt = new Date('2025-03-10T09:00:00Z');

export interface TempDir {
  readonly path: string;
  file(name: string, bytes?: Uint8Array): string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `antragsdesk-${prefix}-`));
  return {
    path,
    file(name, bytes) {
      const file = join(path, name);
      if (bytes) writeFileSync(file, bytes);
      return file;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

export function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

export function pageCount(file: string): number {
  return Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))?.[1]);
}

export function pageSizes(file: string): string[] {
  const info = run('pdfinfo', ['-f', '1', '-l', String(pageCount(file)), file]);
  return [...info.matchAll(/^Page\s+\d+ size:\s+(.+)$/gm)].map((match) => match[1] ?? '');
}

/** One entry per font pdffonts lists, with its "emb" and "sub" columns. */
export function fontEmbedding(file: string): { name: string; embedded: boolean; subset: boolean }[] {
  return run('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return { name: columns[0] ?? '', embedded: columns.at(-5) === 'yes', subset: columns.at(-4) === 'yes' };
    });
}

export function xmp(file: string): string {
  return run('pdfinfo', ['-meta', file]);
}

export function pageText(file: string, page: number): string {
  return run('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', String(page), '-l', String(page), file, '-']);
}

/** Renders page 1 at 60 dpi and returns the PNG bytes. */
export function renderFirstPage(file: string, outPrefix: string): Uint8Array {
  run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, outPrefix]);
  return readFileSync(`${outPrefix}.png`);
}

export const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks what can be checked offline for PDF/A-2b (see signed-notices.md). */
export function pdfaFacts(file: string): {
  /** Part and level from the XMP, e.g. "2A". */
  pdfa: string;
  /** pdfuaid:part from the XMP. */
  pdfua: string | undefined;
  outputIntent: boolean;
  documentId: boolean;
  encrypted: boolean;
  javaScript: boolean;
} {
  const raw = readFileSync(file).toString('latin1');
  const meta = xmp(file);
  return {
    pdfa: `${/<pdfaid:part>(\d)</.exec(meta)?.[1]}${/<pdfaid:conformance>([ABU])</.exec(meta)?.[1]}`,
    pdfua: /<pdfuaid:part>(\d)</.exec(meta)?.[1],
    outputIntent:
      /\/OutputIntents \[/.test(raw) &&
      /\/S \/GTS_PDFA1/.test(raw) &&
      /\/DestOutputProfile \d+ 0 R/.test(raw),
    documentId: /\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/i.test(raw),
    encrypted: /\/Encrypt\b/.test(raw),
    javaScript: /\/(JavaScript|JS)\b/.test(raw),
  };
}
