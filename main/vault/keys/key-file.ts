/**
 * The vault key in a file of its own (64 hex digits), readable by the owner only. A file that group or
 * others may read is refused rather than used: the key would already be exposed.
 */
import { readFile, stat } from 'node:fs/promises';
import { createFileExclusive } from '../durable-file';
import { VaultError } from '../errors';
import { generateVaultKey, parseHexKey, type VaultKeyProvider } from './key-provider';

export class KeyFileProvider implements VaultKeyProvider {
  constructor(private readonly path: string) {}

  async loadOrCreate(): Promise<Buffer> {
    const existing = await this.load();
    if (existing) return existing;
    const key = generateVaultKey();
    if (await createFileExclusive(this.path, `${key.toString('hex')}\n`)) return key;
    // Another process created it between our look and our write: use theirs.
    const winner = await this.load();
    if (!winner) throw new VaultError('vault-key-missing');
    return winner;
  }

  private async load(): Promise<Buffer | null> {
    let mode: number;
    try {
      const info = await stat(this.path);
      if (!info.isFile()) throw new VaultError('vault-key-insecure', { detail: 'not a regular file' });
      mode = info.mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // Windows has no POSIX modes; the profile folder's ACL protects the file there.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new VaultError('vault-key-insecure');
    return parseHexKey(await readFile(this.path, 'utf8'));
  }
}
