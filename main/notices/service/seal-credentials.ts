/** The department seal as sealing and the ZBP envelope use it: read from the key store when needed. */
import type { SecretStore } from '../../auth/secret-store';
import {
  loadSealCredentials,
  type SealCredentialOptions,
  type SealCredentials,
} from '../../pki/seal/credentials';
import { loadSealSecret } from '../../profile/stored';
import type { StoredSeal } from '../../profile/types';

export async function sealCredentialsFromKeyStore(
  secrets: SecretStore,
  seal: StoredSeal,
  options: SealCredentialOptions = {},
): Promise<SealCredentials> {
  const { pkcs12, password } = await loadSealSecret(secrets, seal);
  return loadSealCredentials(Buffer.from(pkcs12, 'base64'), password, options);
}
