import {
  constants,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  privateDecrypt,
} from 'node:crypto';
import { CompactEncrypt, compactDecrypt, errors, type JWK } from 'jose';
import { CodedError } from '../../shared/coded-error';

/** The only algorithms FIT-Connect uses; anything else is refused so that no part can be downgraded. */
export const KEY_MANAGEMENT_ALGORITHM = 'RSA-OAEP-256';
export const CONTENT_ENCRYPTION_ALGORITHM = 'A256GCM';
export const COMPRESSION_ALGORITHM = 'DEF';
const MIN_MODULUS_BITS = 2048;
const CEK_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type CryptoErrorCode =
  | 'invalid-key'
  | 'invalid-jwe'
  | 'unsupported-algorithm'
  | 'unknown-kid'
  | 'decryption-failed'
  | 'decompression-limit';

const messages: Record<CryptoErrorCode, string> = {
  'invalid-key': 'The key is not a usable RSA key for FIT-Connect encryption.',
  'invalid-jwe': 'The encrypted part is not a well-formed JWE compact serialization.',
  'unsupported-algorithm': 'The encrypted part uses algorithms other than RSA-OAEP-256 with A256GCM.',
  'unknown-kid': 'The encrypted part names a key id for which no decryption key is held.',
  'decryption-failed': 'The encrypted part could not be decrypted or failed its integrity check.',
  'decompression-limit': 'The decompressed part exceeds the configured size limit.',
};

export class CryptoError extends CodedError<CryptoErrorCode> {
  constructor(code: CryptoErrorCode, options?: ErrorOptions) {
    super(code, messages[code], options);
    this.name = 'CryptoError';
  }
}

/** A destination's public encryption key. */
export interface EncryptionKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** A destination's private decryption keys by kid: several while keys roll over. */
export type DecryptionKeys = ReadonlyMap<string, KeyObject>;

export interface PartHeader {
  alg: typeof KEY_MANAGEMENT_ALGORITHM;
  enc: typeof CONTENT_ENCRYPTION_ALGORITHM;
  kid: string;
  cty?: string;
  zip?: typeof COMPRESSION_ALGORITHM;
}

export interface EncryptOptions {
  /** `cty`: application/json, application/xml or an attachment's mime type. */
  contentType: string;
  /** Adds `zip: "DEF"` (raw DEFLATE before encryption), as some senders do. */
  compress?: boolean;
}

export interface DecryptOptions {
  /**
   * The largest plaintext accepted after DEFLATE decompression: the largest attachment the department
   * accepts. Deliberately required, because jose's default (250,000 bytes) would refuse real attachments.
   */
  maxDecompressedLength: number;
}

export function importEncryptionKey(jwk: JWK): EncryptionKey {
  if (jwk.kty !== 'RSA' || jwk.d !== undefined || !jwk.kid) throw new CryptoError('invalid-key');
  if (jwk.alg !== undefined && jwk.alg !== KEY_MANAGEMENT_ALGORITHM) throw new CryptoError('invalid-key');
  if (jwk.key_ops !== undefined && !jwk.key_ops.includes('wrapKey')) throw new CryptoError('invalid-key');
  return { kid: jwk.kid, key: checkedKey(() => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })) };
}

export function importDecryptionKeys(jwks: readonly JWK[]): DecryptionKeys {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks) {
    if (jwk.kty !== 'RSA' || jwk.d === undefined || !jwk.kid || keys.has(jwk.kid)) {
      throw new CryptoError('invalid-key');
    }
    keys.set(
      jwk.kid,
      checkedKey(() => createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })),
    );
  }
  return keys;
}

function checkedKey(create: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = create();
  } catch (cause) {
    throw new CryptoError('invalid-key', { cause });
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_MODULUS_BITS) throw new CryptoError('invalid-key');
  return key;
}

export function protectedHeaderFor(key: EncryptionKey, options: EncryptOptions): PartHeader {
  return {
    alg: KEY_MANAGEMENT_ALGORITHM,
    enc: CONTENT_ENCRYPTION_ALGORITHM,
    kid: key.kid,
    cty: options.contentType,
    ...(options.compress ? { zip: COMPRESSION_ALGORITHM } : {}),
  };
}

export async function encryptPart(
  plaintext: Uint8Array,
  key: EncryptionKey,
  options: EncryptOptions,
): Promise<string> {
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ ...protectedHeaderFor(key, options) })
    .encrypt(key.key);
}

/** Splits a compact JWE into its five base64url segments; only the ciphertext may be empty. */
export function splitCompact(jwe: string): [string, string, string, string, string] {
  const segments = jwe.split('.');
  const [header, encryptedKey, iv, ciphertext, tag] = segments;
  if (
    segments.length !== 5 ||
    header === undefined ||
    encryptedKey === undefined ||
    iv === undefined ||
    ciphertext === undefined ||
    tag === undefined ||
    segments.some((segment, index) => !BASE64URL.test(segment) || (index !== 3 && segment === ''))
  ) {
    throw new CryptoError('invalid-jwe');
  }
  return [header, encryptedKey, iv, ciphertext, tag];
}

/** Parses and checks a protected header segment: the algorithm whitelist is enforced here, before any key use. */
export function parseProtectedHeader(segment: string): PartHeader {
  if (segment === '' || !BASE64URL.test(segment)) throw new CryptoError('invalid-jwe');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new CryptoError('invalid-jwe', { cause });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new CryptoError('invalid-jwe');
  const { alg, enc, kid, cty, zip, crit } = header as Record<string, unknown>;
  if (alg !== KEY_MANAGEMENT_ALGORITHM || enc !== CONTENT_ENCRYPTION_ALGORITHM) {
    throw new CryptoError('unsupported-algorithm');
  }
  // No header extension is understood, so none may be marked critical.
  if ((zip !== undefined && zip !== COMPRESSION_ALGORITHM) || crit !== undefined) {
    throw new CryptoError('unsupported-algorithm');
  }
  if (typeof kid !== 'string' || kid === '') throw new CryptoError('unknown-kid');
  if (cty !== undefined && typeof cty !== 'string') throw new CryptoError('invalid-jwe');
  return {
    alg,
    enc,
    kid,
    ...(cty === undefined ? {} : { cty }),
    ...(zip === undefined ? {} : { zip }),
  };
}

export function readProtectedHeader(jwe: string): PartHeader {
  return parseProtectedHeader(splitCompact(jwe)[0]);
}

/** The JWE's authentication tag (5th segment): what the SETs' `authenticationTags` refer to. */
export function authenticationTag(jwe: string): string {
  return splitCompact(jwe)[4];
}

export function assertDecompressionLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError('maxDecompressedLength must be a positive safe integer');
  }
}

export interface DecryptedPart {
  plaintext: Uint8Array;
  header: PartHeader;
}

export async function decryptPart(
  jwe: string,
  keys: DecryptionKeys,
  options: DecryptOptions,
): Promise<DecryptedPart> {
  assertDecompressionLimit(options.maxDecompressedLength);
  const header = readProtectedHeader(jwe);
  const key = keys.get(header.kid);
  if (key === undefined) throw new CryptoError('unknown-kid');
  try {
    const { plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [KEY_MANAGEMENT_ALGORITHM],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION_ALGORITHM],
      maxDecompressedLength: options.maxDecompressedLength,
    });
    return { plaintext, header };
  } catch (cause) {
    throw fromJoseError(cause);
  }
}

/** Unwraps a part's content key: `unwrapContentKey` here, or the same on a worker thread (decrypt-pool.ts). */
export type ContentKeyUnwrap = (key: KeyObject, encryptedKey: Uint8Array) => Promise<Uint8Array>;

/** The A256GCM content key of a part, unwrapped with RSA-OAEP-256 (synchronous: about 8 ms for RSA-4096). */
export function unwrapContentKey(key: KeyObject, encryptedKey: Uint8Array): Buffer {
  let cek: Buffer;
  try {
    cek = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      encryptedKey,
    );
  } catch (cause) {
    throw new CryptoError('decryption-failed', { cause });
  }
  if (cek.length !== CEK_BYTES) throw new CryptoError('decryption-failed');
  return cek;
}

function fromJoseError(cause: unknown): CryptoError {
  // jose 6 signals the decompression limit only through this JWEInvalid message; a test pins the wording.
  if (cause instanceof errors.JWEInvalid && cause.message.includes('exceeded the configured limit')) {
    return new CryptoError('decompression-limit', { cause });
  }
  if (cause instanceof errors.JOSEAlgNotAllowed || cause instanceof errors.JOSENotSupported) {
    return new CryptoError('unsupported-algorithm', { cause });
  }
  if (cause instanceof errors.JWEInvalid && !cause.message.startsWith('Failed to decompress')) {
    return new CryptoError('invalid-jwe', { cause });
  }
  return new CryptoError('decryption-failed', { cause });
}
