/**
 * The vault key wrapped by the operating system's credential store (Electron's `safeStorage`: Keychain,
 * DPAPI, libsecret/kwallet) and kept wrapped in a file. The shell adapts Electron's async safeStorage API
 * to `SafeStorageLike`; this module never imports electron.
 *
 * On Linux without a keyring, Electron falls back to `basic_text`, which stores the key with a hard-coded
 * password, i.e. effectively in plain text. That is refused unless an administrator allowed it, and then
 * reported as a warning for the UI.
 */
import { readFile } from 'node:fs/promises';
import { createFileExclusive } from '../durable-file';
import { VaultError } from '../errors';
import { generateVaultKey, parseHexKey, type VaultKeyProvider } from './key-provider';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: `basic_text`, `gnome_libsecret`, `kwallet`, …; `unknown` before the app is ready. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Promise<Buffer>;
  decryptString(encrypted: Buffer): Promise<string>;
}

export type VaultKeyWarning = 'plaintext-key-storage';

export interface SafeStorageKeyProviderOptions {
  safeStorage: SafeStorageLike;
  /** The file holding the wrapped key, inside the user's profile. */
  path: string;
  /** An administrator's decision to accept the `basic_text` backend on Linux. Default false. */
  allowPlainTextBackend?: boolean;
  /** The operating system whose rules apply; defaults to the running one. */
  platform?: NodeJS.Platform;
}

interface WrappedKeyFile {
  format: 1;
  wrappedKey: string;
}

export class SafeStorageKeyProvider implements VaultKeyProvider {
  private readonly currentWarnings: VaultKeyWarning[] = [];

  constructor(private readonly options: SafeStorageKeyProviderOptions) {}

  /** Warnings from the last `loadOrCreate`, for the UI to show (e.g. the key is stored unprotected). */
  get warnings(): readonly VaultKeyWarning[] {
    return this.currentWarnings;
  }

  async loadOrCreate(): Promise<Buffer> {
    this.currentWarnings.length = 0;
    this.checkBackend();
    const existing = await this.load();
    if (existing) return existing;
    const key = generateVaultKey();
    const wrapped = await this.options.safeStorage.encryptString(key.toString('hex'));
    const file: WrappedKeyFile = { format: 1, wrappedKey: wrapped.toString('base64') };
    if (await createFileExclusive(this.options.path, `${JSON.stringify(file)}\n`)) return key;
    const winner = await this.load();
    if (!winner) throw new VaultError('vault-key-missing');
    return winner;
  }

  private checkBackend(): void {
    const { safeStorage } = this.options;
    if (!safeStorage.isEncryptionAvailable()) throw new VaultError('vault-key-unavailable');
    if ((this.options.platform ?? process.platform) !== 'linux') return;
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'unknown') throw new VaultError('vault-key-unavailable', { detail: 'backend unknown' });
    if (backend !== 'basic_text') return;
    if (!this.options.allowPlainTextBackend) throw new VaultError('vault-key-plaintext-backend');
    this.currentWarnings.push('plaintext-key-storage');
  }

  private async load(): Promise<Buffer | null> {
    let text: string;
    try {
      text = await readFile(this.options.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let plain: string;
    try {
      const file = JSON.parse(text) as Partial<WrappedKeyFile>;
      if (file.format !== 1 || typeof file.wrappedKey !== 'string')
        throw new Error('unknown wrapped key format');
      plain = await this.options.safeStorage.decryptString(Buffer.from(file.wrappedKey, 'base64'));
    } catch (error) {
      throw new VaultError('vault-key-unwrap-failed', {}, { cause: error });
    }
    return parseHexKey(plain);
  }
}
