/**
 * The imported profiles: their non-secret part in the settings store (one entry per department) and the
 * names under which their secrets sit in the secret store, with typed readers for the services that need
 * the secrets (the FIT-Connect client, sealing, DMS upload).
 */
import type { JWK } from 'jose';
import type { SecretStore } from '../auth/secret-store';
import type { KeyValueStore } from '../settings/user-settings';
import { ProfileError } from './errors';
import type { SealSecret } from './seal';
import type { StoredDestination, StoredProfile, StoredSeal } from './types';

/** The settings-store key holding all imported profiles, by department id. */
export const PROFILES_SETTING = 'departmentProfiles';

/** Secret names, all in one place so import, re-import and the readers agree. */
export const secretNameFor = {
  clientSecret: (department: string, destination: string) =>
    `profile/${department}/destination/${destination}/client-secret`,
  decryptionKeys: (department: string, destination: string) =>
    `profile/${department}/destination/${destination}/decryption-keys`,
  signingKeys: (department: string, destination: string) =>
    `profile/${department}/destination/${destination}/signing-keys`,
  callbackSecret: (department: string, destination: string) =>
    `profile/${department}/destination/${destination}/callback-secret`,
  seal: (department: string) => `profile/${department}/seal`,
  targetToken: (department: string, target: 'handover' | 'archive') =>
    `profile/${department}/${target}/token`,
  targetClientSecret: (department: string, target: 'handover' | 'archive') =>
    `profile/${department}/${target}/client-secret`,
  zbpClientSecret: (department: string) => `profile/${department}/delivery/zbp/client-secret`,
  smtpPassword: (department: string) => `profile/${department}/delivery/email/password`,
};

export function readDepartmentProfiles(settings: KeyValueStore): Record<string, StoredProfile> {
  const value = settings.get(PROFILES_SETTING);
  return typeof value === 'object' && value !== null ? (value as Record<string, StoredProfile>) : {};
}

export function readDepartmentProfile(settings: KeyValueStore, departmentId: string): StoredProfile {
  const profiles = readDepartmentProfiles(settings);
  const profile = Object.hasOwn(profiles, departmentId) ? profiles[departmentId] : undefined;
  if (profile === undefined) throw new ProfileError('profile-not-found');
  return profile;
}

async function requireSecret(store: SecretStore, name: string): Promise<string> {
  const value = await store.get(name);
  if (value === null) throw new ProfileError('profile-secret-missing');
  return value;
}

export interface DestinationCredentials {
  destinationId: string;
  clientId: string;
  clientSecret: string;
  /** Private JWKs with `kid`, `alg: RSA-OAEP-256`, `key_ops: ["unwrapKey"]`. */
  decryptionKeys: JWK[];
  /** Private JWKs with `kid`, `alg: PS512`, `key_ops: ["sign"]`. */
  signingKeys: JWK[];
}

export async function loadDestinationCredentials(
  store: SecretStore,
  destination: StoredDestination,
): Promise<DestinationCredentials> {
  const { secrets } = destination;
  return {
    destinationId: destination.destinationId,
    clientId: destination.clientId,
    clientSecret: await requireSecret(store, secrets.clientSecret),
    decryptionKeys: JSON.parse(await requireSecret(store, secrets.decryptionKeys)) as JWK[],
    signingKeys: JSON.parse(await requireSecret(store, secrets.signingKeys)) as JWK[],
  };
}

/** The secret of the destination's callbacks, when the profile configures one. */
export async function loadCallbackSecret(
  store: SecretStore,
  destination: StoredDestination,
): Promise<string | undefined> {
  const name = destination.secrets.callbackSecret;
  return name === undefined ? undefined : ((await store.get(name)) ?? undefined);
}

/** The seal's PKCS#12 and password, for the notices capability's `loadSealCredentials`. */
export async function loadSealSecret(store: SecretStore, seal: StoredSeal): Promise<SealSecret> {
  return JSON.parse(await requireSecret(store, seal.secret)) as SealSecret;
}
