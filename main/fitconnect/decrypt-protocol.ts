import type { KeyObject } from 'node:crypto';
import type { CryptoErrorCode, PartHeader } from './crypto';

/** Messages between the decryption pool and its worker threads. */
export type DecryptRequest =
  | {
      id: number;
      op: 'part';
      jwe: string;
      keys: [kid: string, key: KeyObject][];
      maxDecompressedLength: number;
    }
  | { id: number; op: 'unwrap'; key: KeyObject; encryptedKey: Uint8Array };

export type DecryptAnswer =
  | { id: number; ok: true; plaintext: Uint8Array; header: PartHeader }
  | { id: number; ok: true; cek: Uint8Array }
  | { id: number; ok: false; code: CryptoErrorCode }
  | { id: number; ok: false; unexpected: string };
