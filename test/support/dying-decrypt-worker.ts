/**
 * The real decryption worker, which dies (as a thread does on a fatal error) when it is asked to decrypt the
 * part `die`: for the pool's tests of a worker that fails mid-request.
 */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request: { op: string; jwe?: string }) => {
  if (request.op === 'part' && request.jwe === 'die') process.exit(3);
});
await import('../../main/fitconnect/decrypt-worker');
