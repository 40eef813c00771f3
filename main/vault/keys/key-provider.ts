/**
 * Where the vault key comes from. Each provider returns the same 32 random bytes on every run (creating
 * them on the first run where it can), and fails with a coded `VaultError` otherwise.
 */
import { randomBytes } from 'node:crypto';
import { VAULT_KEY_BYTES } from '../connection';
import { VaultError } from '../errors';

export interface VaultKeyProvider {
  loadOrCreate(): Promise<Buffer>;
}

export function generateVaultKey(): Buffer {
  return randomBytes(VAULT_KEY_BYTES);
}

/** Accepts exactly 64 hex digits (surrounding whitespace allowed). */
export function parseHexKey(text: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new VaultError('vault-invalid-key');
  return Buffer.from(hex, 'hex');
}
