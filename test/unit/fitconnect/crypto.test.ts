import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CompactEncrypt, exportJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authenticationTag,
  CryptoError,
  type DecryptionKeys,
  decryptPart,
  type EncryptionKey,
  encryptPart,
  importDecryptionKeys,
  importEncryptionKey,
  readProtectedHeader,
} from '../../../main/fitconnect/crypto';
import { testKeyPair } from '../../support/platform-keys';

const LIMIT = { maxDecompressedLength: 10_000_000 };
let keyA: EncryptionKey;
let keyB: EncryptionKey;
let keys: DecryptionKeys;
let privateJwkA: JWK;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CryptoError) return error.code;
    throw error;
  }
  throw new Error('expected a CryptoError');
}

function syncCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CryptoError) return error.code;
    throw error;
  }
  throw new Error('expected a CryptoError');
}

/** A JWE built directly with jose, to produce headers our encryptPart never would. */
async function joseJwe(header: Record<string, unknown>, plaintext = Buffer.from('{}')): Promise<string> {
  return new CompactEncrypt(plaintext).setProtectedHeader(header as never).encrypt(keyA.key);
}

function replaceSegment(jwe: string, index: number, value: string): string {
  const segments = jwe.split('.');
  segments[index] = value;
  return segments.join('.');
}

function flipFirstChar(segment: string): string {
  return (segment[0] === 'A' ? 'B' : 'A') + segment.slice(1);
}

beforeAll(async () => {
  const a = await testKeyPair(0);
  const b = await testKeyPair(1);
  privateJwkA = { ...(await exportJWK(a.privateKey)), kid: 'key-a' };
  keyA = importEncryptionKey({
    ...(await exportJWK(a.publicKey)),
    kid: 'key-a',
    alg: 'RSA-OAEP-256',
    key_ops: ['wrapKey'],
  });
  keyB = importEncryptionKey({ ...(await exportJWK(b.publicKey)), kid: 'key-b' });
  keys = importDecryptionKeys([privateJwkA, { ...(await exportJWK(b.privateKey)), kid: 'key-b' }]);
});

describe('encryptPart / decryptPart', () => {
  it('round-trips JSON with the FIT-Connect header', async () => {
    const plaintext = Buffer.from(JSON.stringify({ name: 'Jürgen Weiß', straße: 'Große Straße 1' }));
    const jwe = await encryptPart(plaintext, keyA, { contentType: 'application/json' });
    expect(readProtectedHeader(jwe)).toEqual({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      kid: 'key-a',
      cty: 'application/json',
    });
    const { plaintext: out, header } = await decryptPart(jwe, keys, LIMIT);
    expect(Buffer.from(out).equals(plaintext)).toBe(true);
    expect(header.kid).toBe('key-a');
  });

  it('round-trips binary and empty plaintexts', async () => {
    for (const plaintext of [randomBytes(70_001), Buffer.alloc(0)]) {
      const jwe = await encryptPart(plaintext, keyA, { contentType: 'application/pdf' });
      expect(Buffer.from((await decryptPart(jwe, keys, LIMIT)).plaintext).equals(plaintext)).toBe(true);
    }
  });

  it('round-trips zip DEF and announces it in the header', async () => {
    const plaintext = Buffer.from('Anmeldung einer Wohnung '.repeat(5_000));
    const jwe = await encryptPart(plaintext, keyA, { contentType: 'application/json', compress: true });
    expect(readProtectedHeader(jwe).zip).toBe('DEF');
    expect(jwe.length).toBeLessThan(plaintext.length / 10);
    expect(Buffer.from((await decryptPart(jwe, keys, LIMIT)).plaintext).equals(plaintext)).toBe(true);
  });

  it('picks the decryption key by kid among several', async () => {
    const jwe = await encryptPart(Buffer.from('b'), keyB, { contentType: 'text/plain' });
    const { plaintext, header } = await decryptPart(jwe, keys, LIMIT);
    expect(Buffer.from(plaintext).toString()).toBe('b');
    expect(header.kid).toBe('key-b');
  });

  it('refuses a kid it holds no key for, and a missing kid', async () => {
    const jwe = await encryptPart(Buffer.from('x'), keyA, { contentType: 'text/plain' });
    expect(await codeOf(decryptPart(jwe, importDecryptionKeys([]), LIMIT))).toBe('unknown-kid');
    const noKid = await joseJwe({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    expect(await codeOf(decryptPart(noKid, keys, LIMIT))).toBe('unknown-kid');
  });

  it('refuses every other alg, enc, zip and critical header (no downgrade)', async () => {
    const headers = [
      { alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'key-a' },
      { alg: 'RSA-OAEP-256', enc: 'A128GCM', kid: 'key-a' },
      { alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', kid: 'key-a' },
    ];
    for (const header of headers) {
      expect(await codeOf(decryptPart(await joseJwe(header), keys, LIMIT))).toBe('unsupported-algorithm');
    }
    const valid = await encryptPart(Buffer.from('x'), keyA, { contentType: 'text/plain' });
    const forged = (header: Record<string, unknown>) =>
      replaceSegment(valid, 0, Buffer.from(JSON.stringify(header)).toString('base64url'));
    const base = { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'key-a' };
    expect(await codeOf(decryptPart(forged({ ...base, alg: 'dir' }), keys, LIMIT))).toBe(
      'unsupported-algorithm',
    );
    expect(await codeOf(decryptPart(forged({ ...base, zip: 'GZIP' }), keys, LIMIT))).toBe(
      'unsupported-algorithm',
    );
    expect(await codeOf(decryptPart(forged({ ...base, crit: ['exp'], exp: 1 }), keys, LIMIT))).toBe(
      'unsupported-algorithm',
    );
  });

  it('fails decryption on tampered ciphertext, tag, header or a wrong key', async () => {
    const jwe = await encryptPart(Buffer.from('Geheimnis'.repeat(10)), keyA, { contentType: 'text/plain' });
    const [header = '', , , ciphertext = '', tag = ''] = jwe.split('.');
    expect(await codeOf(decryptPart(replaceSegment(jwe, 3, flipFirstChar(ciphertext)), keys, LIMIT))).toBe(
      'decryption-failed',
    );
    expect(await codeOf(decryptPart(replaceSegment(jwe, 4, flipFirstChar(tag)), keys, LIMIT))).toBe(
      'decryption-failed',
    );
    const otherHeader = {
      ...JSON.parse(Buffer.from(header, 'base64url').toString()),
      cty: 'application/xml',
    };
    const reheadered = replaceSegment(jwe, 0, Buffer.from(JSON.stringify(otherHeader)).toString('base64url'));
    expect(await codeOf(decryptPart(reheadered, keys, LIMIT))).toBe('decryption-failed');
    const impostor = importDecryptionKeys([
      { ...(await exportJWK((await testKeyPair(2)).privateKey)), kid: 'key-a' },
    ]);
    expect(await codeOf(decryptPart(jwe, impostor, LIMIT))).toBe('decryption-failed');
  });

  it('stops a DEFLATE bomb at the limit and accepts exactly the limit', async () => {
    const zeros = Buffer.alloc(2_000_000);
    const bomb = await encryptPart(zeros, keyA, { contentType: 'application/pdf', compress: true });
    expect(bomb.length).toBeLessThan(10_000);
    expect(await codeOf(decryptPart(bomb, keys, { maxDecompressedLength: 1_000_000 }))).toBe(
      'decompression-limit',
    );
    const exact = await decryptPart(bomb, keys, { maxDecompressedLength: 2_000_000 });
    expect(exact.plaintext.length).toBe(2_000_000);
  });

  it('refuses malformed compact serializations', async () => {
    const jwe = await encryptPart(Buffer.from('x'), keyA, { contentType: 'text/plain' });
    const malformed = [
      jwe.split('.').slice(0, 4).join('.'),
      `${jwe}.extra`,
      replaceSegment(jwe, 3, 'not base64!'),
      replaceSegment(jwe, 0, Buffer.from('not json').toString('base64url')),
      replaceSegment(jwe, 0, Buffer.from('[1]').toString('base64url')),
      replaceSegment(jwe, 2, Buffer.from('short').toString('base64url')),
      replaceSegment(jwe, 1, ''),
    ];
    for (const bad of malformed) expect(await codeOf(decryptPart(bad, keys, LIMIT))).toBe('invalid-jwe');
  });

  it('requires a deliberate positive decompression limit', async () => {
    const jwe = await encryptPart(Buffer.from('x'), keyA, { contentType: 'text/plain' });
    for (const maxDecompressedLength of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      await expect(decryptPart(jwe, keys, { maxDecompressedLength })).rejects.toThrow(RangeError);
    }
  });

  it('keeps messages free of content and carries a stable code', async () => {
    const jwe = await encryptPart(Buffer.from('Erika Mustermann'), keyA, { contentType: 'text/plain' });
    const error = await decryptPart(
      replaceSegment(jwe, 4, flipFirstChar(jwe.split('.')[4] ?? '')),
      keys,
      LIMIT,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as CryptoError).message).not.toContain('Erika');
  });
});

describe('authenticationTag', () => {
  it('returns the fifth segment', async () => {
    const jwe = await encryptPart(Buffer.from('x'), keyA, { contentType: 'text/plain' });
    expect(authenticationTag(jwe)).toBe(jwe.split('.')[4]);
    expect(authenticationTag(jwe)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses what is not a compact JWE', () => {
    expect(syncCodeOf(() => authenticationTag('a.b.c'))).toBe('invalid-jwe');
    expect(syncCodeOf(() => authenticationTag('a.b.c.d.'))).toBe('invalid-jwe');
  });
});

describe('key import', () => {
  it('refuses keys that cannot serve FIT-Connect', async () => {
    const publicJwk = await exportJWK((await testKeyPair(0)).publicKey);
    expect(syncCodeOf(() => importEncryptionKey({ ...publicJwk }))).toBe('invalid-key');
    expect(syncCodeOf(() => importEncryptionKey(privateJwkA))).toBe('invalid-key');
    expect(syncCodeOf(() => importEncryptionKey({ ...publicJwk, kid: 'k', alg: 'RSA-OAEP' }))).toBe(
      'invalid-key',
    );
    expect(syncCodeOf(() => importEncryptionKey({ ...publicJwk, kid: 'k', key_ops: ['verify'] }))).toBe(
      'invalid-key',
    );
    expect(syncCodeOf(() => importEncryptionKey({ ...publicJwk, kid: 'k', n: 'AQAB' }))).toBe('invalid-key');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(
      syncCodeOf(() =>
        importEncryptionKey({ ...(small.publicKey.export({ format: 'jwk' }) as JWK), kid: 'k' }),
      ),
    ).toBe('invalid-key');
    expect(syncCodeOf(() => importDecryptionKeys([privateJwkA, privateJwkA]))).toBe('invalid-key');
    expect(syncCodeOf(() => importDecryptionKeys([{ ...publicJwk, kid: 'k' }]))).toBe('invalid-key');
  });
});
