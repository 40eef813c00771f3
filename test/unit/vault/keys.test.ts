import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EnvKeyProvider,
  KeyFileProvider,
  SafeStorageKeyProvider,
  type SafeStorageLike,
  type VaultError,
} from '../../../main/vault';
import { tempDir } from '../../support/vault-fixtures';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as VaultError).code;
  }
}

/**
 * Electron's safeStorage is not available under Node; this stand-in wraps with AES-GCM under its own
 * machine key, as the OS keyring would, and reports a configurable Linux backend.
 */
class KeyringSafeStorage implements SafeStorageLike {
  private readonly machineKey = randomBytes(32);
  constructor(
    public backend = 'gnome_libsecret',
    public available = true,
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptString(plainText: string): Promise<Buffer> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.machineKey, nonce);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }
  async decryptString(encrypted: Buffer): Promise<string> {
    const decipher = createDecipheriv('aes-256-gcm', this.machineKey, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

describe('KeyFileProvider', () => {
  it('creates a 256-bit key in an owner-only file and returns the same key afterwards', async () => {
    dir = tempDir();
    const path = join(dir.path, 'profile', 'vault.key');
    const key = await new KeyFileProvider(path).loadOrCreate();
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'profile')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').trim()).toBe(key.toString('hex'));
    expect((await new KeyFileProvider(path).loadOrCreate()).equals(key)).toBe(true);
  });

  it('agrees on one key when several start at once', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => new KeyFileProvider(path).loadOrCreate()));
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
  });

  it('refuses a key file that group or others can read', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key');
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(path, 0o644);
    expect(await codeOf(new KeyFileProvider(path).loadOrCreate())).toBe('vault-key-insecure');
    chmodSync(path, 0o640);
    expect(await codeOf(new KeyFileProvider(path).loadOrCreate())).toBe('vault-key-insecure');
  });

  it('refuses a key file with anything but 64 hex digits, and a directory in its place', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key');
    writeFileSync(path, 'not a key', { mode: 0o600 });
    expect(await codeOf(new KeyFileProvider(path).loadOrCreate())).toBe('vault-invalid-key');
    const folder = join(dir.path, 'folder.key');
    mkdirSync(folder, { mode: 0o700 });
    expect(await codeOf(new KeyFileProvider(folder).loadOrCreate())).toBe('vault-key-insecure');
  });
});

describe('EnvKeyProvider', () => {
  it('reads a hex key from the environment and never invents one', async () => {
    dir = tempDir();
    const hex = randomBytes(32).toString('hex');
    expect(
      (await new EnvKeyProvider('VAULT_KEY', { VAULT_KEY: `${hex}\n` }).loadOrCreate()).toString('hex'),
    ).toBe(hex);
    expect(await codeOf(new EnvKeyProvider('VAULT_KEY', {}).loadOrCreate())).toBe('vault-key-missing');
    expect(await codeOf(new EnvKeyProvider('VAULT_KEY', { VAULT_KEY: 'abc' }).loadOrCreate())).toBe(
      'vault-invalid-key',
    );
  });
});

describe('SafeStorageKeyProvider', () => {
  it('wraps a new key with the OS store, keeps only the wrapped form on disk, and unwraps it later', async () => {
    dir = tempDir();
    const safeStorage = new KeyringSafeStorage();
    const path = join(dir.path, 'vault.key.wrapped');
    const provider = new SafeStorageKeyProvider({ safeStorage, path, platform: 'linux' });
    const key = await provider.loadOrCreate();
    expect(key).toHaveLength(32);
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain(key.toString('hex'));
    expect(onDisk).not.toContain(key.toString('base64'));
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(provider.warnings).toEqual([]);
    expect(
      (await new SafeStorageKeyProvider({ safeStorage, path, platform: 'linux' }).loadOrCreate()).equals(key),
    ).toBe(true);
  });

  it('refuses when the OS cannot encrypt, or the backend is not known yet', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key.wrapped');
    const unavailable = new KeyringSafeStorage('gnome_libsecret', false);
    expect(await codeOf(new SafeStorageKeyProvider({ safeStorage: unavailable, path }).loadOrCreate())).toBe(
      'vault-key-unavailable',
    );
    const early = new KeyringSafeStorage('unknown');
    expect(
      await codeOf(
        new SafeStorageKeyProvider({ safeStorage: early, path, platform: 'linux' }).loadOrCreate(),
      ),
    ).toBe('vault-key-unavailable');
  });

  it('refuses the plain-text backend on Linux unless an administrator allowed it, then warns', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key.wrapped');
    const safeStorage = new KeyringSafeStorage('basic_text');
    expect(
      await codeOf(new SafeStorageKeyProvider({ safeStorage, path, platform: 'linux' }).loadOrCreate()),
    ).toBe('vault-key-plaintext-backend');
    const allowed = new SafeStorageKeyProvider({
      safeStorage,
      path,
      platform: 'linux',
      allowPlainTextBackend: true,
    });
    expect(await allowed.loadOrCreate()).toHaveLength(32);
    expect(allowed.warnings).toEqual(['plaintext-key-storage']);
    // The backend name only matters on Linux.
    const mac = new SafeStorageKeyProvider({ safeStorage, path, platform: 'darwin' });
    expect(await mac.loadOrCreate()).toHaveLength(32);
    expect(mac.warnings).toEqual([]);
  });

  it('reports a wrapped key the OS can no longer unwrap', async () => {
    dir = tempDir();
    const path = join(dir.path, 'vault.key.wrapped');
    await new SafeStorageKeyProvider({
      safeStorage: new KeyringSafeStorage(),
      path,
      platform: 'linux',
    }).loadOrCreate();
    // A new login keyring: same backend, different machine key.
    const other = new SafeStorageKeyProvider({
      safeStorage: new KeyringSafeStorage(),
      path,
      platform: 'linux',
    });
    expect(await codeOf(other.loadOrCreate())).toBe('vault-key-unwrap-failed');
    writeFileSync(path, '{"format":7}');
    expect(await codeOf(other.loadOrCreate())).toBe('vault-key-unwrap-failed');
  });
});
