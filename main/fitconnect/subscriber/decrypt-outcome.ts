import { CryptoError, type CryptoErrorCode, type DecryptionKeys, type PartHeader } from '../crypto';
import type { Decryption } from '../decrypt-pool';

/** A part's decryption as a value: a failure is a finding of the verification, not an exception. */
export type DecryptOutcome =
  | { ok: true; plaintext: Uint8Array; header: PartHeader }
  | { ok: false; code: CryptoErrorCode };

export async function decryptOutcome(
  jwe: string,
  keys: DecryptionKeys,
  maxDecompressedLength: number,
  decryption: Decryption,
): Promise<DecryptOutcome> {
  try {
    const { plaintext, header } = await decryption.decryptPart(jwe, keys, { maxDecompressedLength });
    return { ok: true, plaintext, header };
  } catch (error) {
    if (error instanceof CryptoError) return { ok: false, code: error.code };
    throw error;
  }
}

const FAILURE_DETAILS: Record<CryptoErrorCode, string> = {
  'invalid-key': 'could not be decrypted: the destination key is not usable',
  'invalid-jwe': 'is not a well-formed JWE compact serialization',
  'unsupported-algorithm': 'uses algorithms other than RSA-OAEP-256 with A256GCM',
  'unknown-kid': 'is encrypted for a key id this destination does not hold',
  'decryption-failed':
    'could not be decrypted or failed its integrity check (wrong key or altered ciphertext)',
  'decompression-limit':
    'expands beyond the configured size limit when decompressed (refused as a DEFLATE bomb)',
};

/** E.g. "The metadata is encrypted for a key id this destination does not hold." */
export function decryptFailureDetail(part: string, code: CryptoErrorCode): string {
  return `${part} ${FAILURE_DETAILS[code]}.`;
}
