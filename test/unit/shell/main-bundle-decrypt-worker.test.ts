/**
 * The decryption pool loads `decrypt-worker.js` beside the bundle's chunks (the path check proves the file is
 * there); this proves the built worker runs as a thread under plain Node and decrypts with the key it is
 * sent. `npm test` builds `out/` before the tests run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { encryptPart, importEncryptionKey } from '../../../main/fitconnect/crypto';
import { testKeyPair } from '../../support/platform-keys';

const MAIN_OUT = join(import.meta.dirname, '../../../out/main');

describe('the built decryption worker', () => {
  it('decrypts a part with the key in its request', async () => {
    expect(existsSync(MAIN_OUT), 'out/main is missing: run electron-vite build first').toBe(true);
    const pair = await testKeyPair(0);
    const key = importEncryptionKey({ ...(await exportJWK(pair.publicKey)), kid: 'k1' });
    const jwe = await encryptPart(Buffer.from('Anlage'), key, { contentType: 'text/plain' });
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'k1' };
    const script = `import { createPrivateKey } from 'node:crypto';
import { Worker } from 'node:worker_threads';
const { jwe, jwk } = JSON.parse(process.argv[1]);
// (No execArgv: this script's --input-type is not for the thread.)
const worker = new Worker(process.cwd() + '/decrypt-worker.js', { execArgv: [] });
worker.once('error', (error) => { process.stdout.write('error ' + error.message); process.exit(1); });
worker.once('message', (answer) => {
  process.stdout.write(JSON.stringify({ ok: answer.ok, text: Buffer.from(answer.plaintext).toString(), cty: answer.header.cty }));
  void worker.terminate();
});
const key = createPrivateKey({ key: jwk, format: 'jwk' });
worker.postMessage({ id: 1, op: 'part', jwe, keys: [['k1', key]], maxDecompressedLength: 1000 });`;
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify({ jwe, jwk: privateJwk })],
      { cwd: MAIN_OUT, encoding: 'utf8' },
    );
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, text: 'Anlage', cty: 'text/plain' });
  });
});
