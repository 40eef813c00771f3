/**
 * Atomic publication into a folder that another program polls (a DMS import folder, a hand-over share):
 * everything is written under a hidden `.tmp-<uuid>` name in the same folder, flushed to disk, and only
 * then renamed into place, so the poller sees either nothing or the complete file or record.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { sanitizeFileName } from '../../shared/files/file-names';
import { errnoOf, FileError } from './errors';
import { type FileContent, type FileSystem, nodeFileSystem, syncDirectory, type WritableFile } from './fs';

export interface AtomicWriteOptions {
  fs?: FileSystem;
}

/** One file of a record published as a directory; a stream factory is called only when its turn comes. */
export interface RecordFile {
  name: string;
  content: FileContent | (() => AsyncIterable<Uint8Array>);
}

/** Errno codes meaning the folder is missing, read-only or not ours, as opposed to a failing disk. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR']);

/**
 * Writes `content` to `target` atomically, replacing an existing file. If `content` is a stream that fails,
 * its own error is rethrown unchanged; file-system failures become a `FileError`. A failing fsync of the
 * folder after the rename is reported too, although the file is then complete in place: its durability
 * is what is in doubt.
 */
export async function writeFileAtomic(
  target: string,
  content: FileContent,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFileSystem;
  const dir = dirname(target);
  const temp = join(dir, tempName());
  const handle = await fs.open(temp, 'wx').catch((error: unknown) => {
    throw notWritableOrFailed(error);
  });
  await commit(fs, temp, async () => {
    await writeAndSync(handle, content);
    await fs.rename(temp, target);
    await syncDirectory(fs, dir);
  });
}

/**
 * Publishes several files as the directory `<parentDir>/<name>` at once. Names must already be safe
 * (`sanitizeFileName` leaves them unchanged) and distinct; an existing non-empty directory is not replaced.
 * Returns the published directory's path.
 */
export async function publishDirectoryAtomic(
  parentDir: string,
  name: string,
  files: readonly RecordFile[],
  options: AtomicWriteOptions = {},
): Promise<string> {
  assertSafeNames(name, files);
  const fs = options.fs ?? nodeFileSystem;
  const target = join(parentDir, name);
  const temp = join(parentDir, tempName());
  await fs.mkdir(temp).catch((error: unknown) => {
    throw notWritableOrFailed(error);
  });
  await commit(fs, temp, async () => {
    for (const file of files) {
      const handle = await fs.open(join(temp, file.name), 'wx');
      await writeAndSync(handle, file.content);
    }
    await syncDirectory(fs, temp);
    await fs.rename(temp, target).catch((error: unknown) => {
      const errno = errnoOf(error);
      throw errno === 'EEXIST' || errno === 'ENOTEMPTY' ? new FileError('target-exists', errno) : error;
    });
    await syncDirectory(fs, parentDir);
  });
  return target;
}

function tempName(): string {
  return `.tmp-${randomUUID()}`;
}

function notWritableOrFailed(error: unknown): FileError {
  const errno = errnoOf(error);
  return new FileError(errno && NOT_WRITABLE.has(errno) ? 'target-not-writable' : 'write-failed', errno);
}

/** Runs the steps after the temp entry exists; on any failure the temp entry is removed. */
async function commit(fs: FileSystem, temp: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    // Best effort: if even removing fails, the hidden temp name still keeps pollers away.
    await fs.remove(temp).catch(() => undefined);
    if (error instanceof SourceFailure) throw error.cause;
    if (error instanceof FileError) throw error;
    throw new FileError('write-failed', errnoOf(error));
  }
}

async function writeAndSync(handle: WritableFile, content: RecordFile['content']): Promise<void> {
  try {
    await handle.writeFile(markSourceFailures(content));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Carries an error of the caller's stream past the file-system error mapping. */
class SourceFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('source failed');
  }
}

function markSourceFailures(content: RecordFile['content']): FileContent {
  if (typeof content === 'string' || content instanceof Uint8Array) return content;
  return (async function* () {
    try {
      yield* typeof content === 'function' ? content() : content;
    } catch (error) {
      throw new SourceFailure(error);
    }
  })();
}

function assertSafeNames(name: string, files: readonly RecordFile[]): void {
  const seen = new Set<string>();
  for (const candidate of [name, ...files.map((file) => file.name)]) {
    if (sanitizeFileName(candidate) !== candidate) throw new FileError('invalid-name');
  }
  for (const file of files) {
    // Windows and macOS compare names case-insensitively.
    const key = file.name.toLowerCase();
    if (seen.has(key)) throw new FileError('invalid-name');
    seen.add(key);
  }
}
