/**
 * The sync bench's "raw decryption over every core" baseline: one thread per core, each decrypting its share
 * of the JWEs with jose and hashing the plaintexts, one part after another. Nothing is stored or verified.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { compactDecrypt, type JWK } from 'jose';
import { importDecryptionKeys, readProtectedHeader } from '../../main/fitconnect/crypto';

const { jwks, submissions, maxDecompressedLength } = workerData as {
  jwks: JWK[];
  submissions: string[][];
  maxDecompressedLength: number;
};
const keys = importDecryptionKeys(jwks);
const durations: number[] = [];
for (const jwes of submissions) {
  const begin = performance.now();
  for (const jwe of jwes) {
    const key = keys.get(readProtectedHeader(jwe).kid);
    if (key === undefined) throw new Error('no key for a part');
    const { plaintext } = await compactDecrypt(jwe, key, { maxDecompressedLength });
    createHash('sha512').update(plaintext).digest('hex');
  }
  durations.push(performance.now() - begin);
}
parentPort?.postMessage(durations);
