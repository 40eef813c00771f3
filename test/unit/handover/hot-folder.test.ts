import { createHash, randomBytes } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFileSystem, type FileSystem, nodeFileSystem } from '../../../main/files/fs';
import { createHotFolderAdapter } from '../../../main/handover/adapters/hot-folder';
import type { Manifest } from '../../../main/handover/adapters/manifest';
import { dryRun, handOver } from '../../../main/handover/handover';
import type { HandoverAttachment, HandoverCase } from '../../../main/handover/types';
import { VaultError } from '../../../main/vault/errors';
import { fileAttachment, gewerbeCase, jsonMapping, makeTempDir } from './support';

let dir: string;
let cleanup: () => Promise<void>;
let folder: string;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = join(dir, 'import');
  await nodeFileSystem.mkdir(folder);
});
afterEach(async () => {
  await cleanup();
});

const mapping = jsonMapping([
  { target: 'vorgang.aktenzeichen', source: '$case/fileReference', required: true },
  { target: 'betrieb.name', source: '/betrieb/name', required: true },
  { target: 'betrieb.rechtsform', source: '/betrieb/rechtsform', transform: { kind: 'upper' } },
]);

async function caseWithAttachments(
  sizes: readonly number[],
  names?: readonly string[],
): Promise<HandoverCase> {
  const attachments = await Promise.all(
    sizes.map((size, index) =>
      fileAttachment(dir, names?.[index] ?? `Anlage ${index + 1}.pdf`, randomBytes(size)),
    ),
  );
  return gewerbeCase({ attachments });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What an importer would check, written independently of the adapter: complete manifest, matching files. */
async function verifyRecordDirectory(path: string): Promise<string | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return 'manifest missing or incomplete';
  }
  const present = (await readdir(path)).sort();
  const listed = [...manifest.files.map((file) => file.name), 'manifest.json'].sort();
  if (JSON.stringify(present) !== JSON.stringify(listed)) return 'files differ from manifest';
  for (const file of manifest.files) {
    const bytes = await readFile(join(path, file.name));
    if (bytes.length !== file.size || sha256(bytes) !== file.sha256)
      return `checksum mismatch in ${file.name}`;
  }
  return undefined;
}

/**
 * Watches the folder the way an importer does (fs.watch plus polling, as network shares drop events) and
 * checks every record directory as soon as it appears. Hidden entries (the writer's temp names) are ignored,
 * as importers are told to.
 */
function startImporter(path: string) {
  const seen = new Map<string, string | undefined>();
  const checks: Promise<void>[] = [];
  const scan = () => {
    checks.push(
      readdir(path).then(async (names) => {
        for (const name of names) {
          if (name.startsWith('.') || seen.has(name)) continue;
          seen.set(name, 'checking');
          seen.set(name, await verifyRecordDirectory(join(path, name)));
        }
      }),
    );
  };
  const watcher: FSWatcher = watch(path, scan);
  const poll = setInterval(scan, 2);
  return {
    seen,
    async stop() {
      watcher.close();
      clearInterval(poll);
      scan();
      await Promise.all(checks);
    },
  };
}

describe('hot-folder hand-over', () => {
  it('publishes record, attachments and manifest as one directory; an importer never sees a partial record', async () => {
    const importer = startImporter(folder);
    const cases = await Promise.all(
      Array.from({ length: 6 }, (_, index) => caseWithAttachments([3 * 1024 * 1024 + index, 70_000, 0])),
    );
    const adapter = createHotFolderAdapter({ folder });
    const outcomes = await Promise.all(
      cases.map((handoverCase, index) =>
        handOver(handoverCase, mapping, adapter, { idempotencyKey: `handover:case-${index}` }),
      ),
    );
    await importer.stop();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(6).fill('delivered'));
    expect([...importer.seen.entries()].sort()).toEqual(
      Array.from({ length: 6 }, (_, index) => [`handover_case-${index}`, undefined]),
    );
    expect((await readdir(folder)).sort()).toEqual([...importer.seen.keys()].sort());
  });

  it.skipIf(process.platform === 'win32')(
    'writes the record owner-only by default, and readable by the group the profile names',
    async () => {
      const modes = async (dir: string) => {
        const entries = await readdir(dir);
        const files = await Promise.all(entries.map((entry) => stat(join(dir, entry))));
        const own = await stat(dir);
        return { dir: own.mode & 0o777, gid: own.gid, files: [...new Set(files.map((f) => f.mode & 0o777))] };
      };
      const handoverCase = await caseWithAttachments([1000]);
      await handOver(handoverCase, mapping, createHotFolderAdapter({ folder }), { idempotencyKey: 'own' });
      expect(await modes(join(folder, 'own'))).toMatchObject({ dir: 0o700, files: [0o600] });

      const group = process.getgid?.() ?? 0;
      await handOver(handoverCase, mapping, createHotFolderAdapter({ folder, fs: diskFileSystem(group) }), {
        idempotencyKey: 'shared',
      });
      expect(await modes(join(folder, 'shared'))).toEqual({ dir: 0o750, gid: group, files: [0o640] });
    },
  );

  it('delivers exactly the dry-run record, the attachments unchanged, and a manifest with every checksum', async () => {
    const handoverCase = await caseWithAttachments([1000, 20]);
    const outcome = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'handover:1',
    });
    expect(outcome).toEqual({
      kind: 'delivered',
      receipt: { adapter: 'hot-folder', directory: 'handover_1' },
      repeat: false,
    });
    const record = join(folder, 'handover_1');
    expect(await readFile(join(record, 'record.json'), 'utf8')).toBe(
      dryRun(handoverCase, mapping).document.text,
    );
    const manifest = JSON.parse(await readFile(join(record, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({
      manifestVersion: 1,
      idempotencyKey: 'handover:1',
      caseId: handoverCase.caseId,
      fileReference: handoverCase.fileReference,
      submissionId: handoverCase.submissionId,
      record: 'record.json',
    });
    expect(manifest.files.map((file) => [file.name, file.role, file.attachmentId])).toEqual([
      ['record.json', 'record', undefined],
      ['Anlage 1.pdf', 'attachment', handoverCase.attachments[0]?.attachmentId],
      ['Anlage 2.pdf', 'attachment', handoverCase.attachments[1]?.attachmentId],
    ]);
    for (const [index, attachment] of handoverCase.attachments.entries()) {
      const bytes = await readFile(join(record, `Anlage ${index + 1}.pdf`));
      expect(bytes.equals((attachment as HandoverAttachment & { content: Buffer }).content)).toBe(true);
      expect(manifest.files[index + 1]?.sha512).toBe(attachment.sha512);
    }
    expect(await verifyRecordDirectory(record)).toBeUndefined();
  });

  it('keeps hostile attachment names inside the record directory, sanitized and distinct', async () => {
    const names = [
      '../../etc/passwd',
      'Bescheid\u0000\u0007\u001b[31m.pdf',
      'Rechnung\u202Efdp.exe',
      'CON.txt',
      '..',
      'Foto.png',
      'foto.png',
      'manifest.json',
      'RECORD.json',
      'C:\\Windows\\system32\\evil.dll',
    ];
    const handoverCase = await caseWithAttachments(
      names.map((_, index) => 10 + index),
      names,
    );
    const outcome = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'h-2',
    });
    expect(outcome.kind).toBe('delivered');
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['import']));
    expect(await readdir(folder)).toEqual(['h-2']);
    const record = join(folder, 'h-2');
    expect((await readdir(record)).sort()).toEqual(
      [
        'passwd',
        'Bescheid[31m.pdf',
        'Rechnungfdp.exe',
        '_CON.txt',
        'Anlage',
        'Foto.png',
        'foto (2).png',
        'manifest (2).json',
        'RECORD (2).json',
        'evil.dll',
        'record.json',
        'manifest.json',
      ].sort(),
    );
    for (const name of await readdir(record)) expect((await stat(join(record, name))).isFile()).toBe(true);
    expect(await verifyRecordDirectory(record)).toBeUndefined();
  });

  it('recognises its own earlier delivery and refuses a directory that holds something else', async () => {
    const handoverCase = await caseWithAttachments([5000]);
    const adapter = createHotFolderAdapter({ folder });
    const first = await handOver(handoverCase, mapping, adapter, { idempotencyKey: 'handover-7' });
    const again = await handOver(handoverCase, mapping, adapter, { idempotencyKey: 'handover-7' });
    expect(first).toMatchObject({ kind: 'delivered', repeat: false });
    expect(again).toEqual({
      kind: 'delivered',
      receipt: { adapter: 'hot-folder', directory: 'handover-7' },
      repeat: true,
    });

    // Another case under the same key is not "already delivered".
    const other = await handOver(await caseWithAttachments([10]), mapping, adapter, {
      idempotencyKey: 'handover-7',
    });
    expect(other.kind).toBe('permanent');
    expect(other.kind !== 'delivered' && other.error.code).toBe('target-conflict');

    // Nor is a record whose files were changed since.
    await writeFile(join(folder, 'handover-7', 'Anlage 1.pdf'), 'changed');
    const changed = await handOver(handoverCase, mapping, adapter, { idempotencyKey: 'handover-7' });
    expect(changed.kind !== 'delivered' && changed.error.code).toBe('target-conflict');
    expect(changed.kind !== 'delivered' && changed.error.message).toContain(handoverCase.caseId);
  });

  it('reports a missing or unusable folder as not writable (retry) and leaves nothing behind', async () => {
    const handoverCase = await caseWithAttachments([10]);
    const missing = await handOver(
      handoverCase,
      mapping,
      createHotFolderAdapter({ folder: join(dir, 'gone') }),
      {
        idempotencyKey: 'k1',
      },
    );
    expect(missing.kind).toBe('retry');
    expect(missing.kind !== 'delivered' && missing.error.code).toBe('target-not-writable');
    expect(missing.kind !== 'delivered' && missing.error.message).toBe(
      `The hand-over folder does not exist or cannot be written to. [case ${handoverCase.caseId}; ENOENT]`,
    );

    await writeFile(join(dir, 'a-file'), 'x');
    const notDir = await handOver(
      handoverCase,
      mapping,
      createHotFolderAdapter({ folder: join(dir, 'a-file') }),
      {
        idempotencyKey: 'k1',
      },
    );
    expect(notDir.kind !== 'delivered' && notDir.error.details.errno).toBe('ENOTDIR');

    // Read-only media or a share without write permission (root ignores file modes, so the refusal is injected).
    const readOnly: FileSystem = {
      ...nodeFileSystem,
      mkdir: () =>
        Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' })),
    };
    const refused = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder, fs: readOnly }), {
      idempotencyKey: 'k1',
    });
    expect(refused.kind).toBe('retry');
    expect(refused.kind !== 'delivered' && refused.error.code).toBe('target-not-writable');
    expect(await readdir(folder)).toEqual([]);
  });

  it('a write failing part-way publishes nothing, and the importer sees nothing', async () => {
    const importer = startImporter(folder);
    let writes = 0;
    const failing: FileSystem = {
      ...nodeFileSystem,
      open: async (path, flags) => {
        const file = await nodeFileSystem.open(path, flags);
        return {
          ...file,
          writeFile: async (data) => {
            // The record is written, then the disk fills up inside the first attachment.
            if (++writes === 2) {
              await file.writeFile(Buffer.alloc(1000));
              throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            }
            await file.writeFile(data);
          },
          sync: () => file.sync(),
          close: () => file.close(),
        };
      },
    };
    const handoverCase = await caseWithAttachments([200_000, 10]);
    const outcome = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder, fs: failing }), {
      idempotencyKey: 'k2',
    });
    await importer.stop();
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('write-failed');
    expect(outcome.kind !== 'delivered' && outcome.error.details.errno).toBe('ENOSPC');
    expect(await readdir(folder)).toEqual([]);
    expect(importer.seen.size).toBe(0);

    // The next attempt, with a healthy disk, delivers.
    const retried = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'k2',
    });
    expect(retried).toMatchObject({ kind: 'delivered', repeat: false });
  });

  it('fails permanently, not as a write to retry, when the vault finds an attachment file tampered', async () => {
    const handoverCase = await caseWithAttachments([50_000, 10]);
    const [first, second] = handoverCase.attachments;
    if (first === undefined || second === undefined) throw new Error('fixture');
    // What the vault's stream does when a byte of the encrypted file was changed: AES-GCM refuses it.
    const tamperedFile = {
      ...second,
      open: () =>
        Readable.from(
          (async function* () {
            yield new Uint8Array(4);
            throw new VaultError('attachment-tampered', { attachmentId: second.attachmentId });
          })(),
        ),
    };
    const outcome = await handOver(
      { ...handoverCase, attachments: [first, tamperedFile] },
      mapping,
      createHotFolderAdapter({ folder }),
      { idempotencyKey: 'k-tampered' },
    );
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('attachment-mismatch');
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses an attachment that no longer matches its recorded checksum, publishing nothing', async () => {
    const handoverCase = await caseWithAttachments([50_000, 10]);
    const [first, second] = handoverCase.attachments;
    if (first === undefined || second === undefined) throw new Error('fixture');
    const tampered = { ...handoverCase, attachments: [first, { ...second, sha512: first.sha512 }] };
    const outcome = await handOver(tampered, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'k3',
    });
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('attachment-mismatch');
    expect(outcome.kind !== 'delivered' && outcome.error.message).toContain(
      `attachment ${second.attachmentId}`,
    );
    expect(await readdir(folder)).toEqual([]);

    const grown = { ...handoverCase, attachments: [{ ...first, size: first.size - 1 }] };
    const tooLong = await handOver(grown, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'k3',
    });
    expect(tooLong.kind !== 'delivered' && tooLong.error.code).toBe('attachment-mismatch');
    expect(await readdir(folder)).toEqual([]);
  });

  it('a case the mapping cannot serve fails permanently before anything is written', async () => {
    const handoverCase = gewerbeCase({ fileReference: null });
    const outcome = await handOver(handoverCase, mapping, createHotFolderAdapter({ folder }), {
      idempotencyKey: 'k4',
    });
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('mapping-missing-field');
    expect(await readdir(folder)).toEqual([]);
  });
});
