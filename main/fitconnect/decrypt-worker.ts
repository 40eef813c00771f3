/**
 * A thread of the decryption pool (decrypt-pool.ts): decrypts whole parts and unwraps content keys with the
 * keys each request carries (KeyObjects, cloned in memory by postMessage), and answers with the plaintext
 * or the CryptoError's code. It keeps no key between requests and writes nothing.
 */
import { parentPort } from 'node:worker_threads';
import { CryptoError, decryptPart, unwrapContentKey } from './crypto';
import type { DecryptAnswer, DecryptRequest } from './decrypt-protocol';

const port = parentPort;
if (port === null) throw new Error('decrypt-worker runs only as a worker thread');

port.on('message', (request: DecryptRequest) => {
  void answer(request).then(
    ({ value, transfer }) => port.postMessage(value, transfer),
    (error: unknown) => port.postMessage(failure(request.id, error)),
  );
});

async function answer(request: DecryptRequest): Promise<{ value: DecryptAnswer; transfer: ArrayBuffer[] }> {
  if (request.op === 'unwrap') {
    // A copy of its own, so that no pooled Buffer memory is handed over.
    const cek = Uint8Array.from(unwrapContentKey(request.key, request.encryptedKey));
    return { value: { id: request.id, ok: true, cek }, transfer: [cek.buffer] };
  }
  const { plaintext, header } = await decryptPart(request.jwe, new Map(request.keys), {
    maxDecompressedLength: request.maxDecompressedLength,
  });
  const whole = plaintext.byteOffset === 0 && plaintext.byteLength === plaintext.buffer.byteLength;
  return {
    value: { id: request.id, ok: true, plaintext, header },
    // A view into a larger (possibly pooled) buffer is copied instead of moved.
    transfer: whole && plaintext.buffer instanceof ArrayBuffer ? [plaintext.buffer] : [],
  };
}

function failure(id: number, error: unknown): DecryptAnswer {
  if (error instanceof CryptoError) return { id, ok: false, code: error.code };
  // Only the kind of failure crosses over, never a message that could quote content.
  return { id, ok: false, unexpected: error instanceof Error ? error.name : 'unknown' };
}
