/** Adapts Electron's async safeStorage to the vault's key provider: the vault key is wrapped by the OS. */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import { SafeStorageKeyProvider } from '../vault/keys/safe-storage-key';

export async function osWrappedVaultKey(options: {
  allowPlainTextBackend: boolean;
}): Promise<SafeStorageKeyProvider> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  return new SafeStorageKeyProvider({
    path: join(app.getPath('userData'), 'vault.key.wrapped'),
    allowPlainTextBackend: options.allowPlainTextBackend,
    safeStorage: {
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend(),
      encryptString: (text) => safeStorage.encryptStringAsync(text),
      decryptString: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
    },
  });
}
