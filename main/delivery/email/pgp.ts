/**
 * OpenPGP for notices by e-mail: the citizen's public key is checked before anything is sent (readable, not
 * expired or revoked, able to encrypt), and the whole MIME entity is encrypted to it (RFC 3156).
 */
import { createMessage, encrypt, type PublicKey, readKey } from 'openpgp';
import { DeliveryError } from '../errors';

export async function readEncryptionKey(armoredKey: string, now: Date, caseId: string): Promise<PublicKey> {
  let key: PublicKey;
  try {
    // A citizen who pasted a private key still means the public half; only that is used.
    key = (await readKey({ armoredKey })).toPublic();
  } catch (cause) {
    throw new DeliveryError(
      'email-key-unusable',
      { caseId, detail: 'not a readable OpenPGP key' },
      { cause },
    );
  }
  try {
    // Throws unless a subkey (or the primary key) may encrypt at `now`: not expired, not revoked.
    await key.getEncryptionKey(undefined, now);
  } catch (cause) {
    throw new DeliveryError('email-key-unusable', { caseId, detail: 'no valid encryption key' }, { cause });
  }
  return key;
}

/** The ASCII-armored OpenPGP message with the given MIME entity inside. */
export async function encryptEntity(entity: Uint8Array, key: PublicKey, now: Date): Promise<string> {
  return encrypt({
    message: await createMessage({ binary: entity, date: now }),
    encryptionKeys: key,
    date: now,
    format: 'armored',
  });
}
