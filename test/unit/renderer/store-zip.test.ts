import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { crc32 } from '../../../renderer/src/zip/crc32';
import { storeZip, uniqueNames, ZipError } from '../../../renderer/src/zip/store-zip';

const dir = mkdtempSync(join(tmpdir(), 'ad-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readZip(bytes: Uint8Array): Promise<Map<string, { data: Buffer; flags: number; method: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, { data: Buffer; flags: number; method: number }>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, {
              data: Buffer.concat(chunks),
              flags: entry.generalPurposeBitFlag,
              method: entry.compressionMethod,
            });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('storeZip', () => {
  const modified = new Date(2025, 2, 1, 10, 30, 44);
  const pdf = new TextEncoder().encode('%PDF-1.7\n…');
  const image = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);

  it('writes an archive yauzl reads back byte for byte, with UTF-8 names, stored', async () => {
    const zip = storeZip([
      { name: 'Bescheid Größe.pdf', data: pdf, modified },
      { name: 'foto.png', data: image, modified },
      { name: 'leer.txt', data: new Uint8Array(), modified },
    ]);
    const entries = await readZip(zip);
    expect([...entries.keys()]).toEqual(['Bescheid Größe.pdf', 'foto.png', 'leer.txt']);
    expect(entries.get('Bescheid Größe.pdf')?.data.equals(Buffer.from(pdf))).toBe(true);
    expect(entries.get('foto.png')?.data.equals(Buffer.from(image))).toBe(true);
    expect(entries.get('leer.txt')?.data.length).toBe(0);
    expect(entries.get('foto.png')?.method).toBe(0);
    expect((entries.get('foto.png')?.flags ?? 0) & 0x0800).toBe(0x0800);
  });

  it('passes `unzip -t` (CRCs checked by a second reader)', (ctx) => {
    let unzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzip = false;
    }
    if (!unzip) {
      console.log('skipped: the unzip tool is not installed on this machine');
      ctx.skip();
    }
    const file = join(dir, 'a.zip');
    writeFileSync(file, storeZip([{ name: 'a.pdf', data: pdf, modified }]));
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
  });

  it('keeps the modification time at two-second resolution', async () => {
    const zip = storeZip([{ name: 'a.pdf', data: pdf, modified }]);
    const date = await new Promise<Date>((resolve, reject) =>
      yauzl.fromBuffer(Buffer.from(zip), { lazyEntries: true }, (err, file) => {
        if (err || !file) return reject(err);
        file.on('entry', (entry: yauzl.Entry) => resolve(entry.getLastModDate()));
        file.readEntry();
      }),
    );
    expect(date.getTime()).toBe(new Date(2025, 2, 1, 10, 30, 44).getTime());
  });

  it('refuses duplicate names', () => {
    expect(() =>
      storeZip([
        { name: 'a.pdf', data: pdf, modified },
        { name: 'a.pdf', data: pdf, modified },
      ]),
    ).toThrow(ZipError);
  });

  it('an empty archive is just the end record', async () => {
    const zip = storeZip([]);
    expect(zip.length).toBe(22);
    expect((await readZip(zip)).size).toBe(0);
  });
});

describe('uniqueNames', () => {
  it('numbers repeated names before the extension', () => {
    expect(uniqueNames(['a.pdf', 'a.pdf', 'b', 'b', 'a.pdf', '.env', '.env'])).toEqual([
      'a.pdf',
      'a (2).pdf',
      'b',
      'b (2)',
      'a (3).pdf',
      '.env',
      '.env (2)',
    ]);
  });

  it('does not collide with a name that already looks numbered', () => {
    expect(uniqueNames(['a (2).pdf', 'a.pdf', 'a.pdf'])).toEqual(['a (2).pdf', 'a.pdf', 'a (3).pdf']);
  });
});
