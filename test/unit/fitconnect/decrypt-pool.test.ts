import { createPublicKey, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CryptoError,
  type DecryptionKeys,
  type EncryptionKey,
  encryptPart,
  importDecryptionKeys,
  importEncryptionKey,
  splitCompact,
} from '../../../main/fitconnect/crypto';
import {
  type Decryption,
  DecryptionPool,
  DecryptionWorkerError,
  decryptionHere,
} from '../../../main/fitconnect/decrypt-pool';
import { testKeyPair } from '../../support/platform-keys';

const LIMIT = { maxDecompressedLength: 1_000_000 };
let key: EncryptionKey;
let keys: DecryptionKeys;
/** The same kid with another destination's private key: what a wrongly configured key looks like. */
let wrongKeys: DecryptionKeys;
let pool: DecryptionPool;

beforeAll(async () => {
  const a = await testKeyPair(0);
  const b = await testKeyPair(1);
  key = importEncryptionKey({ ...(await exportJWK(a.publicKey)), kid: 'key-a' });
  keys = importDecryptionKeys([{ ...(await exportJWK(a.privateKey)), kid: 'key-a' }]);
  wrongKeys = importDecryptionKeys([{ ...(await exportJWK(b.privateKey)), kid: 'key-a' }]);
  pool = new DecryptionPool({ threads: 2 });
});
afterAll(async () => {
  await pool?.close();
});

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await run();
    return { ok: value };
  } catch (error) {
    if (error instanceof CryptoError) return { code: error.code };
    throw error;
  }
}

const sources = (): [string, Decryption][] => [
  ['this thread', decryptionHere],
  ['the worker pool', pool],
];

describe('decryption on the worker pool', () => {
  it('gives what decryption in this thread gives, compressed or not', async () => {
    const plaintext = randomBytes(50_000);
    for (const compress of [false, true]) {
      const jwe = await encryptPart(plaintext, key, { contentType: 'application/pdf', compress });
      const here = await decryptionHere.decryptPart(jwe, keys, LIMIT);
      const there = await pool.decryptPart(jwe, keys, LIMIT);
      expect(Buffer.from(there.plaintext).equals(plaintext)).toBe(true);
      expect(there.header).toEqual(here.header);
    }
  });

  it('refuses bad parts and wrong keys with the same CryptoError codes as this thread', async () => {
    const good = await encryptPart(Buffer.from('{"a":1}'), key, { contentType: 'application/json' });
    const bomb = await encryptPart(Buffer.alloc(2_000_000), key, {
      contentType: 'application/json',
      compress: true,
    });
    const [header, encryptedKey, iv, ciphertext, tag] = splitCompact(good);
    const flipped = `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    const cases: [string, string, DecryptionKeys][] = [
      ['wrong key', good, wrongKeys],
      ['unknown kid', good, new Map()],
      ['altered tag', [header, encryptedKey, iv, ciphertext, flipped].join('.'), keys],
      ['not a JWE', 'not.a.jwe', keys],
      ['DEFLATE bomb', bomb, keys],
    ];
    const seen: Record<string, unknown[]> = {};
    for (const [name, jwe, withKeys] of cases) {
      seen[name] = [];
      for (const [, decryption] of sources()) {
        seen[name].push(await outcome(() => decryption.decryptPart(jwe, withKeys, LIMIT)));
      }
    }
    expect(seen).toEqual({
      'wrong key': [{ code: 'decryption-failed' }, { code: 'decryption-failed' }],
      'unknown kid': [{ code: 'unknown-kid' }, { code: 'unknown-kid' }],
      'altered tag': [{ code: 'decryption-failed' }, { code: 'decryption-failed' }],
      'not a JWE': [{ code: 'invalid-jwe' }, { code: 'invalid-jwe' }],
      'DEFLATE bomb': [{ code: 'decompression-limit' }, { code: 'decompression-limit' }],
    });
  });

  it('unwraps content keys as this thread does, and refuses a wrong key alike', async () => {
    const jwe = await encryptPart(Buffer.from('x'), key, { contentType: 'text/plain' });
    const encryptedKey = Buffer.from(splitCompact(jwe)[1], 'base64url');
    const privateKey = keys.get('key-a');
    const wrong = wrongKeys.get('key-a');
    if (privateKey === undefined || wrong === undefined) throw new Error('test keys missing');
    const here = await decryptionHere.unwrap(privateKey, encryptedKey);
    expect(here).toHaveLength(32);
    expect(Buffer.from(await pool.unwrap(privateKey, encryptedKey))).toEqual(Buffer.from(here));
    for (const [, decryption] of sources()) {
      expect(await outcome(() => decryption.unwrap(wrong, encryptedKey))).toEqual({
        code: 'decryption-failed',
      });
    }
    // A public key is no decryption key: refused the same way, not as a crash of the thread.
    const publicKey = createPublicKey(privateKey);
    expect(await outcome(() => pool.unwrap(publicKey, encryptedKey))).toEqual({ code: 'decryption-failed' });
  });

  it('answers every request of a burst with its own plaintext', async () => {
    const jwes = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        encryptPart(Buffer.from(`part ${index}`), key, { contentType: 'text/plain' }),
      ),
    );
    const plaintexts = await Promise.all(jwes.map((jwe) => pool.decryptPart(jwe, keys, LIMIT)));
    expect(plaintexts.map(({ plaintext }) => Buffer.from(plaintext).toString())).toEqual(
      jwes.map((_, index) => `part ${index}`),
    );
  });
});

describe('warming the pool up', () => {
  it('starts every thread before the first request, and no more for it', async () => {
    const warm = new DecryptionPool({ threads: 2 });
    try {
      expect(warm.started).toBe(0);
      warm.warmUp();
      expect(warm.started).toBe(2);
      const jwe = await encryptPart(randomBytes(1_000), key, { contentType: 'application/pdf' });
      await Promise.all([warm.decryptPart(jwe, keys, LIMIT), warm.decryptPart(jwe, keys, LIMIT)]);
      expect(warm.started).toBe(2);
    } finally {
      await warm.close();
    }
    // A closed pool starts nothing again.
    warm.warmUp();
    expect(warm.started).toBe(0);
  });
});

describe('a failing decryption thread', () => {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const dying = {
    url: new URL('../../support/dying-decrypt-worker.ts', import.meta.url),
    execArgv: ['--import', tsx],
  };

  it('fails the requests open on it with a clear error, and the next request gets a new thread', async () => {
    const fragile = new DecryptionPool({ threads: 1, entry: dying });
    try {
      const jwe = await encryptPart(randomBytes(200_000), key, { contentType: 'application/pdf' });
      const open = fragile.decryptPart(jwe, keys, LIMIT);
      const dies = fragile.decryptPart('die', keys, LIMIT);
      await expect(dies).rejects.toBeInstanceOf(DecryptionWorkerError);
      await expect(open).rejects.toThrow(
        'A decryption worker thread stopped or failed before it answered; the part was not decrypted.',
      );
      const again = await fragile.decryptPart(jwe, keys, LIMIT);
      expect(again.plaintext).toHaveLength(200_000);
    } finally {
      await fragile.close();
    }
  });

  it('fails open and later requests once the pool is closed', async () => {
    const closing = new DecryptionPool({ threads: 1 });
    const jwe = await encryptPart(randomBytes(1_000), key, { contentType: 'application/pdf' });
    const open = closing.decryptPart(jwe, keys, LIMIT);
    await closing.close();
    await expect(open).rejects.toBeInstanceOf(DecryptionWorkerError);
    await expect(closing.decryptPart(jwe, keys, LIMIT)).rejects.toBeInstanceOf(DecryptionWorkerError);
  });
});
