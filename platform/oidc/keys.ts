/**
 * The provider's ID-token signing key and cookie keys: generated at start, or kept in a data directory so
 * that a restarted demo provider still verifies what it issued before.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

export interface ProviderKeys {
  /** Private signing keys (RS256), newest first. */
  jwks: { keys: JWK[] };
  /** Keys for the provider's signed cookies. */
  cookieKeys: string[];
}

const KEY_FILE = 'oidc-keys.json';
// BSI TR-02102-1 asks for at least 3000 bits for RSA signatures.
const MODULUS_BITS = 3072;

async function generateKeys(): Promise<ProviderKeys> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: MODULUS_BITS });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return {
    jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

function isProviderKeys(value: unknown): value is ProviderKeys {
  const keys = value as Partial<ProviderKeys> | null;
  return (
    Array.isArray(keys?.jwks?.keys) &&
    keys.jwks.keys.length > 0 &&
    Array.isArray(keys.cookieKeys) &&
    keys.cookieKeys.length > 0
  );
}

/** The keys in `dataDir` (created there on first use), or fresh keys when no directory is given. */
export async function loadProviderKeys(dataDir?: string): Promise<ProviderKeys> {
  if (dataDir === undefined) return generateKeys();
  const file = join(dataDir, KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    const stored: unknown = JSON.parse(text);
    // Never overwrite a file we do not understand: it may hold keys someone still needs.
    if (!isProviderKeys(stored))
      throw new Error(`${KEY_FILE} in the data directory is not a provider key file`);
    return stored;
  }
  const keys = await generateKeys();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written aside and renamed, so a crash never leaves a half-written key file behind.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(keys), { mode: 0o600 });
  await rename(partial, file);
  return keys;
}
