import type { SecretStore } from '../auth/secret-store';
import { DeliveryError } from './errors';

/** A secret from the key store by name; a missing one names the secret (a setting), never its value. */
export async function requireSecret(secrets: SecretStore, name: string, caseId: string): Promise<string> {
  const value = await secrets.get(name);
  if (value === null) throw new DeliveryError('secret-missing', { caseId, detail: name });
  return value;
}
