import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isSha512Hex, sha512Hex, sha512HexOfStream } from '../../../main/fitconnect/hash';

describe('hash', () => {
  it('is SHA-512 in lowercase hex, for bytes and strings', () => {
    expect(sha512Hex(Buffer.from(''))).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
    expect(sha512Hex('Straße')).toBe(
      createHash('sha512').update(Buffer.from('Straße', 'utf8')).digest('hex'),
    );
  });

  it('hashes a stream the same as the whole', async () => {
    const bytes = Buffer.from('Anmeldung einer Wohnung – Größe ǅ '.repeat(10_000));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 999) }, (_, i) =>
      bytes.subarray(i * 999, (i + 1) * 999),
    );
    expect(await sha512HexOfStream(Readable.from(chunks))).toBe(sha512Hex(bytes));
    expect(await sha512HexOfStream(Readable.from([]))).toBe(sha512Hex(Buffer.alloc(0)));
  });

  it('recognises the metadata notation only', () => {
    expect(isSha512Hex(sha512Hex('x'))).toBe(true);
    expect(isSha512Hex(sha512Hex('x').toUpperCase())).toBe(false);
    expect(isSha512Hex(sha512Hex('x').slice(1))).toBe(false);
    expect(isSha512Hex(`${sha512Hex('x')}0`)).toBe(false);
  });
});
