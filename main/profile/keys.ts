/**
 * The destinations' private keys: read from a JWK set, PEM or PKCS#12, and checked before anything is
 * stored: RSA, at least 4096 bits (FIT-Connect's rule), private, and marked for the purpose it serves
 * (`unwrapKey` for decryption, `sign` for the SETs of accept and reject). Each key leaves as a private JWK
 * with its `kid`, `alg` and `key_ops` set, the form the FIT-Connect client imports.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { openPkcs12 } from '../pki/pkcs12';
import { type ProfileIssue, profileIssue } from './errors';
import { readReferencedFile, resolveSecret, type SourceContext } from './sources';
import type { PrivateKeySource } from './types';

export const MIN_RSA_BITS = 4096;

export type KeyPurpose = 'decryption' | 'signing';

const PURPOSES = {
  decryption: { alg: 'RSA-OAEP-256', use: 'enc', operation: 'unwrapKey', foreign: ['sign', 'verify'] },
  signing: {
    alg: 'PS512',
    use: 'sig',
    operation: 'sign',
    foreign: ['unwrapKey', 'decrypt', 'wrapKey', 'encrypt'],
  },
} as const;

export interface CheckedKey {
  kid: string;
  /** RFC 7638 thumbprint of the public key: the same key under two kids is still the same key. */
  thumbprint: string;
  jwk: JWK;
}

/** RSA and long enough; records an issue at `path` otherwise. */
function checkRsaKey(
  key: KeyObject,
  path: string,
  issues: ProfileIssue[],
  params: Record<string, string | number> = {},
) {
  if (key.asymmetricKeyType !== 'rsa') {
    issues.push(profileIssue(path, 'key-not-rsa', { ...params, type: key.asymmetricKeyType ?? 'unknown' }));
    return false;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    issues.push(
      profileIssue(path, 'key-too-small', { ...params, bits, minimum: MIN_RSA_BITS }, `${bits} bits`),
    );
    return false;
  }
  return true;
}

async function normalized(key: KeyObject, kid: string | undefined, purpose: KeyPurpose): Promise<CheckedKey> {
  const thumbprint = await calculateJwkThumbprint(createPublicKey(key).export({ format: 'jwk' }) as JWK);
  const { alg, operation } = PURPOSES[purpose];
  const id = kid ?? thumbprint;
  return {
    kid: id,
    thumbprint,
    jwk: { ...(key.export({ format: 'jwk' }) as JWK), kid: id, alg, key_ops: [operation] },
  };
}

function fitsPurpose(jwk: JWK, purpose: KeyPurpose): boolean {
  const { alg, use, operation, foreign } = PURPOSES[purpose];
  const ops = jwk.key_ops;
  return (
    (jwk.use === undefined || jwk.use === use) &&
    (jwk.alg === undefined || jwk.alg === alg) &&
    (ops === undefined ||
      (ops.includes(operation) && !ops.some((op) => (foreign as readonly string[]).includes(op))))
  );
}

async function fromJwk(value: unknown, purpose: KeyPurpose, path: string, issues: ProfileIssue[]) {
  const jwk = value as JWK;
  const checks: [boolean, Parameters<typeof profileIssue>[1]][] = [
    [jwk.kty === 'RSA', 'key-not-rsa'],
    [typeof jwk.d === 'string', 'key-not-private'],
    [fitsPurpose(jwk, purpose), 'key-wrong-use'],
    [typeof jwk.kid === 'string' && jwk.kid !== '', 'key-missing-id'],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed !== undefined) {
    issues.push(profileIssue(path, failed[1], { purpose, expected: PURPOSES[purpose].operation }));
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    issues.push(profileIssue(path, 'key-unreadable'));
    return undefined;
  }
  return checkRsaKey(key, path, issues) ? normalized(key, jwk.kid, purpose) : undefined;
}

async function fromJwkSet(set: unknown, purpose: KeyPurpose, path: string, context: SourceContext) {
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    context.issues.push(profileIssue(path, 'key-unreadable'));
    return [];
  }
  const checked = await Promise.all(
    keys.map((jwk, index) => fromJwk(jwk, purpose, `${path}/keys/${index}`, context.issues)),
  );
  return checked.filter((key) => key !== undefined);
}

function fromPem(
  pem: string,
  kid: string | undefined,
  purpose: KeyPurpose,
  path: string,
  issues: ProfileIssue[],
) {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    issues.push(profileIssue(path, /-----BEGIN/.test(pem) ? 'key-not-private' : 'key-unreadable'));
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    issues.push(profileIssue(path, 'key-unreadable'));
    return undefined;
  }
  return checkRsaKey(key, path, issues) ? normalized(key, kid, purpose) : undefined;
}

async function fromPkcs12(
  der: Buffer,
  password: string,
  kid: string | undefined,
  purpose: KeyPurpose,
  path: string,
  issues: ProfileIssue[],
): Promise<CheckedKey[]> {
  const opened = openPkcs12(der, password);
  if (!opened.ok) {
    issues.push(
      profileIssue(opened.code === 'pkcs12-wrong-password' ? `${path}/password` : path, opened.code),
    );
    return [];
  }
  const keys = opened.privateKeys;
  if (keys.length === 0) issues.push(profileIssue(path, 'pkcs12-no-key'));
  // A given kid names the key only when the file holds exactly one.
  const id = keys.length === 1 ? kid : undefined;
  const checked = await Promise.all(
    keys.map((key, index) =>
      checkRsaKey(key, path, issues, { index }) ? normalized(key, id, purpose) : undefined,
    ),
  );
  return checked.filter((key) => key !== undefined);
}

/** The keys of one source, checked; every problem is recorded as an issue and its key left out. */
export async function loadPrivateKeys(
  source: PrivateKeySource,
  purpose: KeyPurpose,
  path: string,
  context: SourceContext,
): Promise<CheckedKey[]> {
  const { issues } = context;
  if ('jwks' in source) return fromJwkSet(source.jwks, purpose, `${path}/jwks`, context);
  if ('jwksFile' in source) {
    const bytes = await readReferencedFile(source.jwksFile, `${path}/jwksFile`, context);
    if (bytes === undefined) return [];
    let set: unknown;
    try {
      set = JSON.parse(bytes.toString('utf8'));
    } catch {
      issues.push(profileIssue(`${path}/jwksFile`, 'key-unreadable'));
      return [];
    }
    return fromJwkSet(set, purpose, `${path}/jwksFile`, context);
  }
  if ('pem' in source) {
    const key = await fromPem(source.pem, source.kid, purpose, `${path}/pem`, issues);
    return key === undefined ? [] : [key];
  }
  if ('pemFile' in source) {
    const bytes = await readReferencedFile(source.pemFile, `${path}/pemFile`, context);
    const key =
      bytes && (await fromPem(bytes.toString('utf8'), source.kid, purpose, `${path}/pemFile`, issues));
    return key ? [key] : [];
  }
  const password = await resolveSecret(source.password, `${path}/password`, context);
  const der =
    'pkcs12' in source
      ? Buffer.from(source.pkcs12, 'base64')
      : await readReferencedFile(source.pkcs12File, `${path}/pkcs12File`, context);
  if (der === undefined || password === undefined) return [];
  return fromPkcs12(der, password, source.kid, purpose, path, issues);
}
