import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { ArchiveError } from '../../../main/archive/errors';
import type { ArchiveCase, ArchiveDocument } from '../../../main/archive/model';
import {
  type ArchiveReceipt,
  archiveCases,
  manifestFileName,
  packageCase,
} from '../../../main/archive/package';
import { messageFileName, packageFileName } from '../../../main/archive/xdomea';
import { FileError } from '../../../main/files/errors';
import { type FileSystem, nodeFileSystem } from '../../../main/files/fs';
import {
  baseCase,
  fileDocument,
  L,
  makeTempDir,
  readZip,
  settings,
  sha256,
  validateXml,
  xpathTexts,
} from './support';

type SourcedDocument = ArchiveDocument & { content: Buffer };

let root: string;
let sources: string;
let importDir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir: root, cleanup } = await makeTempDir());
  sources = join(root, 'sources');
  importDir = join(root, 'import');
  await mkdir(sources);
  await mkdir(importDir);
});
afterEach(async () => {
  await cleanup();
});

async function applicationPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText('Antragsuebersicht', { x: 50, y: 750, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

async function fullCase(): Promise<{ archiveCase: ArchiveCase; documents: SourcedDocument[] }> {
  const json = JSON.stringify({ antragsteller: { name: 'Jörg Müller' }, betrag: 42 });
  const documents = [
    await fileDocument(
      sources,
      { kind: 'application', name: 'Antragsübersicht.pdf', mimeType: 'application/pdf' },
      await applicationPdf(),
    ),
    await fileDocument(sources, { kind: 'data', name: 'antrag.json', mimeType: 'application/json' }, json),
    await fileDocument(
      sources,
      { kind: 'attachment', name: 'Personalausweis.jpg', mimeType: 'image/jpeg' },
      randomBytes(300_000),
    ),
    await fileDocument(
      sources,
      { kind: 'attachment', name: 'Mietvertrag.pdf', mimeType: 'application/pdf' },
      randomBytes(70_000),
    ),
    await fileDocument(
      sources,
      { kind: 'attachment', name: 'Notiz.txt', mimeType: 'text/plain' },
      'Bitte zügig bearbeiten.\n'.repeat(500),
    ),
    await fileDocument(
      sources,
      {
        kind: 'notice',
        name: 'Bescheid.pdf',
        mimeType: 'application/pdf',
        sealed: true,
        sentAt: new Date('2024-06-03T10:00:00Z'),
      },
      `%PDF-1.7\n${'sealed notice '.repeat(100)}`,
    ),
    await fileDocument(
      sources,
      { kind: 'notice', name: 'Anhörung.pdf', mimeType: 'application/pdf' },
      '%PDF-1.7\nunsealed',
    ),
    await fileDocument(
      sources,
      { kind: 'report', name: 'Prüfbericht.json', mimeType: 'application/json' },
      '{"valid":true}',
    ),
  ];
  documents[0] = { ...documents[0], sha256: sha256(documents[0]?.content ?? '') } as SourcedDocument;
  return { archiveCase: baseCase(documents), documents };
}

/** Everything the brief promises about one package, checked against the source bytes. */
async function expectCompletePackage(
  receipt: ArchiveReceipt,
  documents: readonly SourcedDocument[],
): Promise<string> {
  const zipBytes = await readFile(receipt.zipPath);
  expect(basename(receipt.zipPath)).toBe(packageFileName(receipt.processId));
  expect(receipt.sha256).toBe(sha256(zipBytes));
  expect(receipt.bytes).toBe(zipBytes.length);

  const entries = await readZip(receipt.zipPath);
  const xml = entries.get(messageFileName(receipt.processId))?.toString('utf8') ?? '';
  const validation = validateXml(xml);
  expect(validation.output).toContain('validates');
  expect(validation.valid).toBe(true);

  const fileNames = xpathTexts(xml, `//${L('Primaerdokument')}/${L('Dateiname')}/text()`);
  expect(fileNames).toHaveLength(documents.length);
  expect([...entries.keys()].sort()).toEqual(
    [messageFileName(receipt.processId), manifestFileName(receipt.processId), ...fileNames].sort(),
  );
  fileNames.forEach((name, index) => {
    expect(sha256(entries.get(name) ?? '')).toBe(sha256(documents[index]?.content ?? 'missing source'));
  });

  const manifest = new Map(
    (entries.get(manifestFileName(receipt.processId))?.toString('utf8') ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => [line.slice(66), line.slice(0, 64)]),
  );
  expect([...manifest.keys()].sort()).toEqual([messageFileName(receipt.processId), ...fileNames].sort());
  for (const [name, hash] of manifest) expect(sha256(entries.get(name) ?? '')).toBe(hash);

  expect(receipt.files).toHaveLength(entries.size);
  for (const file of receipt.files) {
    expect(sha256(entries.get(file.name) ?? '')).toBe(file.sha256);
    expect(entries.get(file.name)?.length).toBe(file.bytes);
  }
  return xml;
}

async function compressionMethods(zipPath: string): Promise<Map<string, number>> {
  const zip = await yauzl.openPromise(zipPath);
  const methods = new Map<string, number>();
  for await (const entry of zip.eachEntry()) methods.set(entry.fileName, entry.compressionMethod);
  zip.close();
  return methods;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('packageCase', () => {
  it('writes one complete, valid package whose files match their sources', async () => {
    const { archiveCase, documents } = await fullCase();
    const receipt = await packageCase(archiveCase, { importDir, settings });
    expect(receipt.caseId).toBe(archiveCase.caseId);
    expect(await readdir(importDir)).toEqual([basename(receipt.zipPath)]);
    const xml = await expectCompletePackage(receipt, documents);
    expect(xml).toContain(`<xdomea:ProzessID>${receipt.processId}</xdomea:ProzessID>`);
    expect(receipt.files.map((file) => file.kind)).toEqual([
      'message',
      'application',
      'data',
      'attachment',
      'attachment',
      'attachment',
      'notice',
      'notice',
      'report',
      'manifest',
    ]);
    const ids = xpathTexts(xml, `//${L('Dokument')}/${L('Identifikation')}/${L('ID')}/text()`);
    expect(receipt.files.filter((file) => file.documentId).map((file) => file.documentId)).toEqual(ids);
  });

  it('stores already-compressed formats and deflates the rest', async () => {
    const { archiveCase } = await fullCase();
    const receipt = await packageCase(archiveCase, { importDir, settings });
    const methods = await compressionMethods(receipt.zipPath);
    const byKind = (name: string) => receipt.files.find((file) => file.name.endsWith(name))?.name ?? '';
    expect(methods.get(byKind('Personalausweis.jpg'))).toBe(0);
    expect(methods.get(byKind('antrag.json'))).toBe(8);
    expect(methods.get(messageFileName(receipt.processId))).toBe(8);
  });

  const scenarios: [string, () => Promise<SourcedDocument[]>, Partial<ArchiveCase>][] = [
    [
      'a minimal case',
      async () => [
        await fileDocument(
          sources,
          { kind: 'application', name: 'Antrag.pdf', mimeType: 'application/pdf' },
          await applicationPdf(),
        ),
      ],
      {},
    ],
    [
      'umlauts and & < > in names',
      async () => [
        await fileDocument(
          sources,
          { kind: 'application', name: 'Übersicht & <Größe>.pdf', mimeType: 'application/pdf' },
          'ä',
        ),
        await fileDocument(
          sources,
          { kind: 'attachment', name: 'Müller & Söhne "AG".txt', mimeType: 'text/plain' },
          'ö',
        ),
        await fileDocument(
          sources,
          { kind: 'attachment', name: 'Straße ß.json', mimeType: 'application/json' },
          '{}',
        ),
      ],
      { subject: 'Gewerbe „Müller & Söhne" <GmbH>', fileReference: 'AZ 1/2024 & <a>' },
    ],
    [
      'many attachments',
      async () =>
        Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            fileDocument(
              sources,
              { kind: 'attachment', name: `Anlage ${i + 1}.pdf`, mimeType: 'application/pdf' },
              randomBytes(1000 + i),
            ),
          ),
        ),
      {},
    ],
    [
      'notices sealed and not',
      async () => [
        await fileDocument(
          sources,
          {
            kind: 'notice',
            name: 'Bescheid.pdf',
            mimeType: 'application/pdf',
            sealed: true,
            sentAt: new Date(),
          },
          '%PDF',
        ),
        await fileDocument(
          sources,
          { kind: 'notice', name: 'Bescheid 2.pdf', mimeType: 'application/pdf', sealed: false },
          '%PDF 2',
        ),
        await fileDocument(sources, { kind: 'notice', name: 'Entwurf.pdf', mimeType: 'application/pdf' }, ''),
      ],
      {},
    ],
  ];

  it.each(scenarios)('packages %s completely', async (_, makeDocuments, overrides) => {
    const documents = await makeDocuments();
    const receipt = await packageCase(baseCase(documents, overrides), { importDir, settings });
    await expectCompletePackage(receipt, documents);
  });

  it('sanitizes hostile file names in the ZIP and in the message', async () => {
    const documents = [
      await fileDocument(
        sources,
        { kind: 'attachment', name: '../../../../etc/cron.d/evil', mimeType: 'text/plain' },
        'a',
      ),
      await fileDocument(
        sources,
        {
          kind: 'attachment',
          name: '..\\..\\Windows\\Rechnung\u202Efdp.exe',
          mimeType: 'application/octet-stream',
        },
        'b',
      ),
      await fileDocument(
        sources,
        { kind: 'attachment', name: '/abs/path\u0000\u0007\n.pdf', mimeType: 'application/pdf' },
        'c',
      ),
      await fileDocument(sources, { kind: 'attachment', name: 'C:\\AUX.txt', mimeType: 'text/plain' }, 'd'),
    ];
    const receipt = await packageCase(baseCase(documents), { importDir, settings });
    const xml = await expectCompletePackage(receipt, documents);
    const entries = [...(await readZip(receipt.zipPath)).keys()];
    const originals = xpathTexts(xml, `//${L('DateinameOriginal')}/text()`);
    expect(originals).toEqual(['evil', 'Rechnungfdp.exe', 'path.pdf', '_AUX.txt']);
    for (const name of [...entries, ...originals]) {
      expect(name).not.toMatch(/[\\/:]|\.\.|\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u);
    }
    // Nothing escaped the import folder.
    expect(await readdir(importDir)).toEqual([basename(receipt.zipPath)]);
    expect((await readdir(root)).sort()).toEqual(['import', 'sources']);
  });

  it('refuses a missing import folder without writing anything', async () => {
    const { archiveCase } = await fullCase();
    const error = await caught(packageCase(archiveCase, { importDir: join(root, 'missing'), settings }));
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).code).toBe('target-not-writable');
    expect((await readdir(root)).sort()).toEqual(['import', 'sources']);
  });

  it('refuses an import "folder" that is a file', async () => {
    const { archiveCase } = await fullCase();
    await writeFile(join(root, 'not-a-folder'), '');
    const error = await caught(packageCase(archiveCase, { importDir: join(root, 'not-a-folder'), settings }));
    expect((error as FileError).code).toBe('target-not-writable');
  });

  it('leaves nothing in the import folder when a write fails midway, and closes the sources', async () => {
    const big = await fileDocument(
      sources,
      { kind: 'attachment', name: 'Scan.pdf', mimeType: 'application/pdf' },
      randomBytes(3_000_000),
    );
    const opened: Readable[] = [];
    const tracked: ArchiveDocument = {
      ...big,
      open: () => {
        const stream = big.open();
        opened.push(stream);
        return stream;
      },
    };
    let chunksWritten = 0;
    const failing: FileSystem = {
      ...nodeFileSystem,
      open: async (path, flags) => {
        const real = await nodeFileSystem.open(path, flags);
        return {
          ...real,
          sync: () => real.sync(),
          close: () => real.close(),
          writeFile: async (data) => {
            for await (const chunk of data as AsyncIterable<Uint8Array>) {
              if (++chunksWritten > 20) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
              await real.writeFile(chunk);
            }
          },
        };
      },
    };
    const error = await caught(packageCase(baseCase([tracked]), { importDir, settings, fs: failing }));
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).code).toBe('write-failed');
    expect(chunksWritten).toBe(21);
    expect(await readdir(importDir)).toEqual([]);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.destroyed).toBe(true);
  });

  it('fails with the document position when a source breaks mid-stream, leaving nothing', async () => {
    const good = await fileDocument(
      sources,
      { kind: 'application', name: 'Antrag.pdf', mimeType: 'application/pdf' },
      'pdf',
    );
    const broken: ArchiveDocument = {
      kind: 'attachment',
      name: 'Geheim Müller.pdf',
      mimeType: 'application/pdf',
      size: 2_000_000,
      open: () =>
        Readable.from(
          (async function* () {
            yield randomBytes(500_000);
            throw new Error('disk read error in /secret/Geheim Müller.pdf');
          })(),
        ),
    };
    const error = await caught(packageCase(baseCase([good, broken]), { importDir, settings }));
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe('document-unreadable');
    expect((error as ArchiveError).document).toBe(2);
    expect((error as ArchiveError).caseId).toBe('case-2024-0001');
    expect((error as Error).message).not.toContain('Müller');
    expect(await readdir(importDir)).toEqual([]);
  });

  it('fails when a document cannot even be opened', async () => {
    const unopenable: ArchiveDocument = {
      kind: 'attachment',
      name: 'x.pdf',
      mimeType: 'application/pdf',
      size: 1,
      open: () => {
        throw new Error('gone');
      },
    };
    const error = await caught(packageCase(baseCase([unopenable]), { importDir, settings }));
    expect((error as ArchiveError).code).toBe('document-unreadable');
    expect(await readdir(importDir)).toEqual([]);
  });

  it('fails when a file behind a document is missing', async () => {
    const missing: ArchiveDocument = {
      kind: 'attachment',
      name: 'x.pdf',
      mimeType: 'application/pdf',
      size: 1,
      open: () => createReadStream(join(sources, 'does-not-exist')),
    };
    const error = await caught(packageCase(baseCase([missing]), { importDir, settings }));
    expect((error as ArchiveError).code).toBe('document-unreadable');
    expect(await readdir(importDir)).toEqual([]);
  });

  it.each([
    ['longer than recorded', -1, undefined, 'document-size-mismatch'],
    ['shorter than recorded', +1, undefined, 'document-size-mismatch'],
    ['different from its checksum', 0, '0'.repeat(64), 'document-hash-mismatch'],
  ])('fails when a document is %s', async (_, sizeDelta, recordedHash, code) => {
    const source = await fileDocument(
      sources,
      { kind: 'attachment', name: 'a.pdf', mimeType: 'application/pdf' },
      randomBytes(100_000),
    );
    const document: ArchiveDocument = {
      ...source,
      size: source.size + sizeDelta,
      ...(recordedHash ? { sha256: recordedHash } : {}),
    };
    const error = await caught(packageCase(baseCase([document]), { importDir, settings }));
    expect((error as ArchiveError).code).toBe(code);
    expect((error as ArchiveError).document).toBe(1);
    expect(await readdir(importDir)).toEqual([]);
  });

  it('accepts a recorded checksum in upper case', async () => {
    const source = await fileDocument(
      sources,
      { kind: 'attachment', name: 'a.pdf', mimeType: 'application/pdf' },
      'x',
    );
    const receipt = await packageCase(baseCase([{ ...source, sha256: sha256('x').toUpperCase() }]), {
      importDir,
      settings,
    });
    await expectCompletePackage(receipt, [source]);
  });

  it.each([
    ['no documents', (c: ArchiveCase) => ({ ...c, documents: [] }), 'documents'],
    [
      'an invalid receipt date',
      (c: ArchiveCase) => ({ ...c, receivedAt: new Date('nonsense') }),
      'receivedAt',
    ],
    ['an empty file reference', (c: ArchiveCase) => ({ ...c, fileReference: ' ' }), 'fileReference'],
    [
      'a negative size',
      (c: ArchiveCase) => ({ ...c, documents: c.documents.map((d) => ({ ...d, size: -1 })) }),
      'documents[0].size',
    ],
    [
      'a malformed checksum',
      (c: ArchiveCase) => ({ ...c, documents: c.documents.map((d) => ({ ...d, sha256: 'abc' })) }),
      'documents[0].sha256',
    ],
  ])('refuses a case with %s before writing', async (_, change, field) => {
    const source = await fileDocument(
      sources,
      { kind: 'application', name: 'a.pdf', mimeType: 'application/pdf' },
      'x',
    );
    const error = await caught(packageCase(change(baseCase([source])), { importDir, settings }));
    expect((error as ArchiveError).code).toBe('invalid-case');
    expect((error as ArchiveError).field).toBe(field);
    expect(await readdir(importDir)).toEqual([]);
  });
});

describe('archiveCases', () => {
  it('writes one package per case and goes on past a failing case', async () => {
    const first = await fileDocument(
      sources,
      { kind: 'application', name: 'Antrag.pdf', mimeType: 'application/pdf' },
      'one',
    );
    const third = await fileDocument(
      sources,
      { kind: 'application', name: 'Antrag.pdf', mimeType: 'application/pdf' },
      'three',
    );
    const broken: ArchiveDocument = { ...first, size: 999 };
    const results = await archiveCases(
      [
        baseCase([first], { caseId: 'case-1' }),
        baseCase([broken], { caseId: 'case-2' }),
        baseCase([third], { caseId: 'case-3' }),
      ],
      { importDir, settings },
    );
    expect(results.map((result) => [result.caseId, result.ok])).toEqual([
      ['case-1', true],
      ['case-2', false],
      ['case-3', true],
    ]);
    const failed = results[1];
    expect(failed?.ok === false && failed.error.code).toBe('document-size-mismatch');
    const receipts = results.flatMap((result) => (result.ok ? [result.receipt] : []));
    expect((await readdir(importDir)).sort()).toEqual(
      receipts.map((receipt) => basename(receipt.zipPath)).sort(),
    );
    await expectCompletePackage(receipts[0] as ArchiveReceipt, [first]);
    await expectCompletePackage(receipts[1] as ArchiveReceipt, [third]);
  });
});
