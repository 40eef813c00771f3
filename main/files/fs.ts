/**
 * The few file-system operations the atomic writers need, behind an interface so a test can make one of
 * them fail part-way (the real disk is used otherwise).
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';

export type FileContent = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface WritableFile {
  /** Writes everything, looping over short writes. */
  writeFile(data: FileContent): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FileSystem {
  /** `wx` creates a new file (fails if it exists); `r` opens for reading (used to fsync directories). */
  open(path: string, flags: 'wx' | 'r'): Promise<WritableFile>;
  /** Creates one directory; fails if it exists or its parent does not. */
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a directory tree; succeeds if nothing is there. */
  remove(path: string): Promise<void>;
}

export const nodeFileSystem: FileSystem = {
  open: (path, flags) => open(path, flags),
  mkdir: async (path) => {
    await mkdir(path);
  },
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { recursive: true, force: true }),
};

/**
 * Makes a rename or a new entry in `dir` durable. Windows cannot open a directory for fsync; NTFS
 * journals the metadata change itself.
 */
export async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
