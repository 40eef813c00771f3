/**
 * The few file-system operations the atomic writers need, behind an interface so a test can make one of
 * them fail part-way (the real disk is used otherwise).
 */
import { chmod, chown, mkdir, open, rename, rm } from 'node:fs/promises';

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

/**
 * The real disk. What it creates holds personal data, so it is owner-only (files 0600, folders 0700) on a
 * terminal server whatever the umask; `readerGroup` (a group id) lets that group read as well (0640, 0750),
 * for a Fachverfahren or DMS that reads the folder as another user.
 */
export function diskFileSystem(readerGroup?: number): FileSystem {
  const fileMode = readerGroup === undefined ? 0o600 : 0o640;
  const dirMode = readerGroup === undefined ? 0o700 : 0o750;
  // Explicit modes after creation: the process umask may take away the group's bits.
  const share = async (path: string, mode: number) => {
    if (process.platform === 'win32') return;
    if (readerGroup !== undefined) await chown(path, -1, readerGroup);
    await chmod(path, mode);
  };
  return {
    open: async (path, flags) => {
      const handle = await open(path, flags, fileMode);
      if (flags === 'wx') await share(path, fileMode);
      return handle;
    },
    mkdir: async (path) => {
      await mkdir(path, { mode: dirMode });
      await share(path, dirMode);
    },
    rename: (from, to) => rename(from, to),
    remove: (path) => rm(path, { recursive: true, force: true }),
  };
}

export const nodeFileSystem: FileSystem = diskFileSystem();

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
