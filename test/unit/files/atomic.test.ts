import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishDirectoryAtomic, writeFileAtomic } from '../../../main/files/atomic';
import { FileError } from '../../../main/files/errors';
import { type FileSystem, nodeFileSystem, type WritableFile } from '../../../main/files/fs';
import { makeTempDir } from '../archive/support';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/**
 * The real file system with one fault: the n-th write call of a file fails after the earlier chunks
 * really reached the disk, or a named operation fails. `onWrite` lets a test look at the folder mid-write.
 */
function faultyFs(fault: {
  failWriteAfterChunks?: number;
  failOn?: 'sync' | 'rename' | 'close';
  onWrite?: () => Promise<void>;
}): FileSystem {
  return {
    ...nodeFileSystem,
    open: async (path, flags) => {
      const real = await nodeFileSystem.open(path, flags);
      const file: WritableFile = {
        writeFile: async (data) => {
          const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
          let written = 0;
          for await (const chunk of chunks) {
            if (fault.failWriteAfterChunks !== undefined && written >= fault.failWriteAfterChunks) {
              throw errnoError('EIO');
            }
            await real.writeFile(chunk);
            written++;
            await fault.onWrite?.();
          }
        },
        sync: () =>
          fault.failOn === 'sync' && flags === 'wx' ? Promise.reject(errnoError('EIO')) : real.sync(),
        close: async () => {
          await real.close();
          if (fault.failOn === 'close' && flags === 'wx') throw errnoError('EIO');
        },
      };
      return file;
    },
    rename: (from, to) =>
      fault.failOn === 'rename' ? Promise.reject(errnoError('EIO')) : nodeFileSystem.rename(from, to),
  };
}

function chunks(count: number, size = 1024): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(size, i % 256));
}

async function expectFileError(promise: Promise<unknown>, code: FileError['code']): Promise<FileError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FileError);
  expect((error as FileError).code).toBe(code);
  return error as FileError;
}

describe('writeFileAtomic', () => {
  it('writes a buffer, a string and a stream', async () => {
    await writeFileAtomic(join(dir, 'a.bin'), Buffer.from([1, 2, 3]));
    await writeFileAtomic(join(dir, 'b.txt'), 'Grüße');
    await writeFileAtomic(join(dir, 'c.bin'), Readable.from(chunks(5)));
    expect([...(await readFile(join(dir, 'a.bin')))]).toEqual([1, 2, 3]);
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('Grüße');
    expect(await readFile(join(dir, 'c.bin'))).toEqual(Buffer.concat(chunks(5)));
    expect((await readdir(dir)).sort()).toEqual(['a.bin', 'b.txt', 'c.bin']);
  });

  it('replaces an existing file as a whole', async () => {
    const target = join(dir, 'record.xml');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new content');
    expect(await readFile(target, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['record.xml']);
  });

  it('shows a poller only a hidden temp name while writing', async () => {
    const seen: string[][] = [];
    const fs = faultyFs({ onWrite: async () => void seen.push(await readdir(dir)) });
    await writeFileAtomic(join(dir, 'package.zip'), Readable.from(chunks(3)), { fs });
    expect(seen).toHaveLength(3);
    for (const listing of seen) {
      expect(listing).toHaveLength(1);
      expect(listing[0]).toMatch(/^\.tmp-[0-9a-f-]{36}$/);
    }
    expect(await readdir(dir)).toEqual(['package.zip']);
  });

  it('reports a missing target folder as not writable', async () => {
    const error = await expectFileError(
      writeFileAtomic(join(dir, 'missing', 'x.zip'), 'x'),
      'target-not-writable',
    );
    expect(error.errno).toBe('ENOENT');
    expect(error.message).not.toContain(dir);
  });

  it('reports a target "folder" that is a file as not writable', async () => {
    await writeFile(join(dir, 'plain-file'), 'x');
    const error = await expectFileError(
      writeFileAtomic(join(dir, 'plain-file', 'x.zip'), 'x'),
      'target-not-writable',
    );
    expect(error.errno).toBe('ENOTDIR');
    expect(await readdir(dir)).toEqual(['plain-file']);
  });

  it('maps a permission error on creating the file to not writable', async () => {
    // Tests run as root here, where chmod cannot make a folder read-only; the errno path is the same.
    const fs: FileSystem = { ...nodeFileSystem, open: () => Promise.reject(errnoError('EACCES')) };
    const error = await expectFileError(
      writeFileAtomic(join(dir, 'x.zip'), 'x', { fs }),
      'target-not-writable',
    );
    expect(error.errno).toBe('EACCES');
  });

  it.each([
    ['a write after two chunks', { failWriteAfterChunks: 2 }],
    ['the first write', { failWriteAfterChunks: 0 }],
    ['fsync', { failOn: 'sync' as const }],
    ['close', { failOn: 'close' as const }],
    ['rename', { failOn: 'rename' as const }],
  ])('leaves nothing behind when %s fails', async (_, fault) => {
    await writeFile(join(dir, 'other.zip'), 'unrelated');
    const error = await expectFileError(
      writeFileAtomic(join(dir, 'package.zip'), Readable.from(chunks(4)), { fs: faultyFs(fault) }),
      'write-failed',
    );
    expect(error.errno).toBe('EIO');
    expect(await readdir(dir)).toEqual(['other.zip']);
  });

  it('keeps an existing file intact when its replacement fails', async () => {
    const target = join(dir, 'record.xml');
    await writeFile(target, 'old');
    await expectFileError(
      writeFileAtomic(target, Readable.from(chunks(4)), { fs: faultyFs({ failWriteAfterChunks: 1 }) }),
      'write-failed',
    );
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['record.xml']);
  });

  it("passes a failing source's own error through and cleans up", async () => {
    const sourceError = new Error('source broke');
    async function* source() {
      yield Buffer.from('partial');
      throw sourceError;
    }
    await expect(writeFileAtomic(join(dir, 'package.zip'), source())).rejects.toBe(sourceError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('publishDirectoryAtomic', () => {
  const record = () => [
    { name: 'record.xml', content: '<record/>' },
    { name: 'Anlage ä.pdf', content: Buffer.from('%PDF-1.7') },
    { name: 'data.json', content: () => Readable.from(chunks(3)) },
  ];

  it('publishes all files of a record at once', async () => {
    const published = await publishDirectoryAtomic(dir, 'case-1', record());
    expect(published).toBe(join(dir, 'case-1'));
    expect(await readdir(dir)).toEqual(['case-1']);
    expect((await readdir(published)).sort()).toEqual(['Anlage ä.pdf', 'data.json', 'record.xml']);
    expect(await readFile(join(published, 'record.xml'), 'utf8')).toBe('<record/>');
    expect(await readFile(join(published, 'data.json'))).toEqual(Buffer.concat(chunks(3)));
  });

  it('shows a poller only the hidden temp folder until the record is complete', async () => {
    const seen: string[][] = [];
    const fs = faultyFs({ onWrite: async () => void seen.push(await readdir(dir)) });
    await publishDirectoryAtomic(dir, 'case-1', record(), { fs });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const listing of seen) {
      expect(listing).toHaveLength(1);
      expect(listing[0]).toMatch(/^\.tmp-[0-9a-f-]{36}$/);
    }
  });

  it.each([
    ['the third file', { failWriteAfterChunks: 2 }],
    ['fsync', { failOn: 'sync' as const }],
    ['rename', { failOn: 'rename' as const }],
  ])('leaves nothing partial when %s fails', async (_, fault) => {
    // Three single-chunk files and one of three chunks: "after 2 chunks" fails inside data.json.
    const error = await expectFileError(
      publishDirectoryAtomic(dir, 'case-1', record(), { fs: faultyFs(fault) }),
      'write-failed',
    );
    expect(error.errno).toBe('EIO');
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not replace an existing record', async () => {
    await mkdir(join(dir, 'case-1'));
    await writeFile(join(dir, 'case-1', 'keep.txt'), 'keep');
    await expectFileError(publishDirectoryAtomic(dir, 'case-1', record()), 'target-exists');
    expect(await readdir(dir)).toEqual(['case-1']);
    expect(await readdir(join(dir, 'case-1'))).toEqual(['keep.txt']);
  });

  it('reports a missing parent folder as not writable', async () => {
    await expectFileError(
      publishDirectoryAtomic(join(dir, 'nope'), 'case-1', record()),
      'target-not-writable',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['a traversal in the record name', '../escape', [{ name: 'a.txt', content: 'a' }]],
    ['a traversal in a file name', 'case-1', [{ name: '../a.txt', content: 'a' }]],
    ['a reserved file name', 'case-1', [{ name: 'CON.txt', content: 'a' }]],
    [
      'names differing only in case',
      'case-1',
      [
        { name: 'a.txt', content: 'a' },
        { name: 'A.TXT', content: 'b' },
      ],
    ],
  ])('refuses %s before writing anything', async (_, name, files) => {
    await expectFileError(publishDirectoryAtomic(dir, name, files), 'invalid-name');
    expect(await readdir(dir)).toEqual([]);
  });

  it("passes a failing stream's own error through and removes the temp folder", async () => {
    const sourceError = new Error('attachment unreadable');
    const files = [
      { name: 'a.txt', content: 'a' },
      {
        name: 'b.bin',
        content: () =>
          (async function* () {
            yield Buffer.from('x');
            throw sourceError;
          })(),
      },
    ];
    await expect(publishDirectoryAtomic(dir, 'case-1', files)).rejects.toBe(sourceError);
    expect(await readdir(dir)).toEqual([]);
  });
});
