import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CryptoError,
  type DecryptionKeys,
  type EncryptionKey,
  encryptPart,
  importDecryptionKeys,
  importEncryptionKey,
} from '../../../main/fitconnect/crypto';
import {
  decryptCompactStream,
  encryptCompactStream,
  type PlaintextSink,
} from '../../../main/fitconnect/crypto-stream';
import { FileSink, MemorySink } from '../../../main/fitconnect/plaintext-sink';
import { testKeyPair } from '../../support/platform-keys';

const LIMIT = { maxDecompressedLength: 50_000_000 };
let key: EncryptionKey;
let keys: DecryptionKeys;
let dir: string;

/** Records what a sink sees, to prove unverified bytes are never committed. */
class RecordingSink implements PlaintextSink {
  written = 0;
  committed = false;
  aborted = false;
  async write(chunk: Uint8Array): Promise<void> {
    this.written += chunk.length;
  }
  async commit(): Promise<void> {
    this.committed = true;
  }
  async abort(): Promise<void> {
    this.aborted = true;
  }
}

async function* chunked(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function streamCode(
  jwe: string | Buffer,
  sink: PlaintextSink = new MemorySink(),
  limit = LIMIT,
): Promise<string> {
  try {
    await decryptCompactStream(chunked(jwe, 1000), keys, sink, limit);
  } catch (error) {
    if (error instanceof CryptoError) return error.code;
    throw error;
  }
  throw new Error('expected a CryptoError');
}

function replaceSegment(jwe: string, index: number, value: string): string {
  const segments = jwe.split('.');
  segments[index] = value;
  return segments.join('.');
}

beforeAll(async () => {
  const pair = await testKeyPair(3);
  key = importEncryptionKey({ ...(await exportJWK(pair.publicKey)), kid: 'stream-key' });
  keys = importDecryptionKeys([{ ...(await exportJWK(pair.privateKey)), kid: 'stream-key' }]);
  dir = mkdtempSync(join(tmpdir(), 'antragsdesk-crypto-stream-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('decryptCompactStream', () => {
  const inputs = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('ä')],
    ['random 1000', randomBytes(1000)],
    ['random 100 KiB', randomBytes(100 * 1024 + 1)],
  ] as const;

  it.each(inputs)('gives what jose gives for %s, in any chunking', async (_name, plaintext) => {
    for (const compress of [false, true]) {
      const jwe = await encryptPart(plaintext, key, { contentType: 'application/octet-stream', compress });
      const expected = await compactDecrypt(jwe, keys.get('stream-key') ?? key.key, {
        maxDecompressedLength: 1e9,
      });
      // Byte-by-byte only for short inputs: every boundary is exercised without a slow test.
      const sizes = plaintext.length <= 1000 ? [1, 7, 4096, jwe.length] : [13, 4096, 100_000, jwe.length];
      for (const size of sizes) {
        const sink = new MemorySink();
        const result = await decryptCompactStream(chunked(jwe, size), keys, sink, LIMIT);
        expect(sink.bytes().equals(Buffer.from(expected.plaintext))).toBe(true);
        expect(result.header).toEqual(expected.protectedHeader);
        expect(result.authenticationTag).toBe(jwe.split('.')[4]);
        expect(result.plaintextLength).toBe(plaintext.length);
      }
    }
  });

  it('produces JWEs that jose decrypts, with and without zip', async () => {
    const plaintext = Buffer.concat([randomBytes(50_000), Buffer.alloc(50_000, 'ß')]);
    for (const compress of [false, true]) {
      const jwe = await collect(
        encryptCompactStream(chunked(plaintext, 333), key, { contentType: 'application/pdf', compress }),
      );
      const { plaintext: out, protectedHeader } = await compactDecrypt(
        jwe.toString('ascii'),
        keys.get('stream-key') ?? key.key,
        {
          maxDecompressedLength: 1e9,
        },
      );
      expect(Buffer.from(out).equals(plaintext)).toBe(true);
      expect(protectedHeader).toMatchObject({
        alg: 'RSA-OAEP-256',
        enc: 'A256GCM',
        kid: 'stream-key',
        cty: 'application/pdf',
      });
      expect(protectedHeader.zip).toBe(compress ? 'DEF' : undefined);
    }
  });

  it('aborts, never commits, when the ciphertext was tampered with', async () => {
    const jwe = await encryptPart(randomBytes(10_000), key, { contentType: 'application/pdf' });
    const ciphertext = jwe.split('.')[3] ?? '';
    const tampered = replaceSegment(
      jwe,
      3,
      `${ciphertext.slice(0, 100)}${ciphertext[100] === 'A' ? 'B' : 'A'}${ciphertext.slice(101)}`,
    );
    const sink = new RecordingSink();
    expect(await streamCode(tampered, sink)).toBe('decryption-failed');
    // Bytes reached the sink before the tag was checked: that is exactly why commit matters.
    expect(sink.written).toBeGreaterThan(0);
    expect(sink.committed).toBe(false);
    expect(sink.aborted).toBe(true);
  });

  it('refuses a wrong tag, a wrong key, an unknown kid and foreign algorithms', async () => {
    const jwe = await encryptPart(Buffer.from('Hallo'), key, { contentType: 'text/plain' });
    const tag = jwe.split('.')[4] ?? '';
    expect(await streamCode(replaceSegment(jwe, 4, `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`))).toBe(
      'decryption-failed',
    );
    const impostor = importEncryptionKey({
      ...(await exportJWK((await testKeyPair(4)).publicKey)),
      kid: 'stream-key',
    });
    expect(
      await streamCode(await encryptPart(Buffer.from('x'), impostor, { contentType: 'text/plain' })),
    ).toBe('decryption-failed');
    const stranger = importEncryptionKey({
      ...(await exportJWK((await testKeyPair(4)).publicKey)),
      kid: 'other',
    });
    expect(
      await streamCode(await encryptPart(Buffer.from('x'), stranger, { contentType: 'text/plain' })),
    ).toBe('unknown-kid');
    const header = (fields: Record<string, unknown>) =>
      Buffer.from(JSON.stringify(fields)).toString('base64url');
    expect(
      await streamCode(
        replaceSegment(jwe, 0, header({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'stream-key' })),
      ),
    ).toBe('unsupported-algorithm');
    expect(
      await streamCode(
        replaceSegment(jwe, 0, header({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', kid: 'stream-key' })),
      ),
    ).toBe('unsupported-algorithm');
  });

  it('refuses malformed and unbounded input', async () => {
    const jwe = await encryptPart(Buffer.from('x'.repeat(100)), key, { contentType: 'text/plain' });
    expect(await streamCode(jwe.split('.').slice(0, 4).join('.'))).toBe('invalid-jwe');
    expect(await streamCode(`${jwe}.more`)).toBe('invalid-jwe');
    expect(await streamCode(jwe.slice(0, -3))).toBe('invalid-jwe');
    expect(await streamCode(replaceSegment(jwe, 3, '!!!!'))).toBe('invalid-jwe');
    expect(await streamCode(replaceSegment(jwe, 3, `${jwe.split('.')[3]}A`.slice(0, 5)))).toBe('invalid-jwe');
    expect(await streamCode(replaceSegment(jwe, 2, 'AAAA'))).toBe('invalid-jwe');
    expect(await streamCode('e'.repeat(100_000))).toBe('invalid-jwe');
    expect(await streamCode(`${jwe}${'A'.repeat(100)}`)).toBe('invalid-jwe');
  });

  it('bounds zip: a DEFLATE bomb stops at the limit and is discarded', async () => {
    const bomb = await collect(
      encryptCompactStream(chunked(Buffer.alloc(20_000_000), 1 << 20), key, {
        contentType: 'application/pdf',
        compress: true,
      }),
    );
    expect(bomb.length).toBeLessThan(100_000);
    const sink = new RecordingSink();
    expect(await streamCode(bomb, sink, { maxDecompressedLength: 1_000_000 })).toBe('decompression-limit');
    expect(sink.written).toBeLessThanOrEqual(1_000_000);
    expect(sink.committed).toBe(false);
    expect(sink.aborted).toBe(true);
  });

  it("passes the sink's own failure through unchanged, and aborts", async () => {
    const jwe = await encryptPart(randomBytes(5000), key, { contentType: 'application/pdf' });
    const full = new Error('disk full');
    let aborted = false;
    const sink: PlaintextSink = {
      write: async () => {
        throw full;
      },
      commit: async () => {},
      abort: async () => {
        aborted = true;
      },
    };
    await expect(decryptCompactStream(chunked(jwe, 1000), keys, sink, LIMIT)).rejects.toBe(full);
    expect(aborted).toBe(true);
  });

  it('writes a file only once verified, with its SHA-512', async () => {
    const plaintext = randomBytes(300_000);
    const good = new FileSink(join(dir, 'good.bin'));
    await decryptCompactStream(
      encryptCompactStream(chunked(plaintext, 65_536), key, { contentType: 'application/pdf' }),
      keys,
      good,
      LIMIT,
    );
    expect(readFileSync(join(dir, 'good.bin')).equals(plaintext)).toBe(true);
    expect(good.result()).toEqual({
      sha512: createHash('sha512').update(plaintext).digest('hex'),
      size: plaintext.length,
    });
    expect(existsSync(join(dir, 'good.bin.unverified'))).toBe(false);

    const jwe = (
      await collect(encryptCompactStream(chunked(plaintext, 65_536), key, { contentType: 'application/pdf' }))
    ).toString();
    const bad = new FileSink(join(dir, 'bad.bin'));
    const tag = jwe.split('.')[4] ?? '';
    await expect(
      decryptCompactStream(
        chunked(replaceSegment(jwe, 4, `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`), 10_000),
        keys,
        bad,
        LIMIT,
      ),
    ).rejects.toThrow(CryptoError);
    expect(existsSync(join(dir, 'bad.bin'))).toBe(false);
    expect(existsSync(join(dir, 'bad.bin.unverified'))).toBe(false);
    expect(() => bad.result()).toThrow();
  });

  it('keeps memory bounded on a 200 MB input (a memory bound, not a timing)', async () => {
    const block = randomBytes(1 << 20);
    const total = 200;
    async function* generated(): AsyncGenerator<Buffer> {
      for (let i = 0; i < total; i++) yield block;
    }
    const expected = createHash('sha512');
    for (let i = 0; i < total; i++) expected.update(block);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const hash = createHash('sha512');
    const sink: PlaintextSink = {
      async write(chunk) {
        hash.update(chunk);
        peak = Math.max(peak, process.memoryUsage().rss);
      },
      async commit() {},
      async abort() {},
    };
    const result = await decryptCompactStream(
      encryptCompactStream(generated(), key, { contentType: 'application/octet-stream' }),
      keys,
      sink,
      LIMIT,
    );
    expect(result.plaintextLength).toBe(total << 20);
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
    const growthMb = (peak - baseline) / (1 << 20);
    console.log(`decryptCompactStream 200 MiB: RSS growth ${growthMb.toFixed(1)} MiB`);
    expect(growthMb).toBeLessThan(150);
  });
});
