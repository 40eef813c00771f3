/**
 * Writing the vault's small control files so that a crash leaves either the old or the new content:
 * temp file, fsync, rename (or link), fsync of the folder.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nodeFileSystem, syncDirectory } from '../files/fs';

/**
 * Replaces `path` with `data` (owner-only mode), synchronously: used while opening the vault. `durable:
 * false` skips the folder's fsync, for a file where losing the rename in a crash leaves an older, still
 * valid content (the audit anchor, rewritten after every commit).
 */
export function replaceFileSync(path: string, data: string, options: { durable?: boolean } = {}): void {
  const temp = join(dirname(path), `.tmp-${randomUUID()}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  if (options.durable !== false) syncDirectorySync(dirname(path));
}

/**
 * Creates `path` with `data` (owner-only mode) unless it exists. Returns false when another writer got
 * there first, so two processes starting at once agree on one key instead of overwriting each other's.
 */
export async function createFileExclusive(path: string, data: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.tmp-${randomUUID()}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
  await syncDirectory(nodeFileSystem, dirname(path));
  return true;
}

function syncDirectorySync(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
