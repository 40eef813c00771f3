/** The vault key from an environment variable (64 hex digits): for servers, CI and the browser mode. */
import { VaultError } from '../errors';
import { parseHexKey, type VaultKeyProvider } from './key-provider';

export const DEFAULT_KEY_VARIABLE = 'ANTRAGSDESK_VAULT_KEY';

export class EnvKeyProvider implements VaultKeyProvider {
  constructor(
    private readonly variable: string = DEFAULT_KEY_VARIABLE,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Never creates a key: one that only lived in this process's environment would be lost on exit. */
  async loadOrCreate(): Promise<Buffer> {
    const value = this.env[this.variable];
    if (value === undefined || value.trim() === '')
      throw new VaultError('vault-key-missing', { detail: this.variable });
    return parseHexKey(value);
  }
}
