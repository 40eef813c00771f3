/** Shared pieces for the archive tests: real files in a temp dir, the real xmllint, yauzl to read back. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import type { ArchiveCase, ArchiveDocument, ArchiveSettings } from '../../../main/archive/model';

export const SCHEMA = fileURLToPath(
  new URL('../../../assets/standards/xdomea/3.1.0/xdomea.xsd', import.meta.url),
);

export const settings: ArchiveSettings = {
  sender: { name: 'Stadt Musterstadt', shortName: 'MST', unit: 'Bürgeramt' },
  recipient: { name: 'Stadt Musterstadt – E-Akte' },
  creatorId: 'sachbearbeitung-01',
  appVersion: '0.1.0',
};

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'antragsdesk-archive-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A document backed by a real file written into `dir`. */
export async function fileDocument(
  dir: string,
  fields: Omit<ArchiveDocument, 'open' | 'size'>,
  content: Uint8Array | string,
): Promise<ArchiveDocument & { content: Buffer }> {
  const bytes = Buffer.from(content);
  const path = join(dir, `source-${sha256(bytes).slice(0, 12)}-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, bytes);
  return { ...fields, size: bytes.length, open: () => createReadStream(path), content: bytes };
}

/** A document served from memory, for tests that need a stream to misbehave. */
export function memoryDocument(
  fields: Omit<ArchiveDocument, 'open' | 'size'> & { size?: number },
  open: () => Readable,
): ArchiveDocument {
  return { size: 0, ...fields, open };
}

export function baseCase(documents: ArchiveDocument[], overrides: Partial<ArchiveCase> = {}): ArchiveCase {
  return {
    caseId: 'case-2024-0001',
    fileReference: '50.1-2024/0001',
    subject: 'Antrag auf Wohngeld',
    receivedAt: new Date('2024-05-02T08:15:00Z'),
    service: 'Wohngeld',
    documents,
    ...overrides,
  };
}

export function validateXml(xml: string): { valid: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, '-'], {
    input: xml,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { valid: result.status === 0, output: result.stderr };
}

/** `*[local-name()='Name']`: xmllint's --xpath cannot bind namespace prefixes. */
export const L = (name: string): string => `*[local-name()='${name}']`;

/** The text of every text node matching `expression`, one per line as xmllint prints them, unescaped. */
export function xpathTexts(xml: string, expression: string): string[] {
  const result = spawnSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) return [];
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) =>
      line
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
}

export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { validateEntrySizes: true, decodeStrings: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}
