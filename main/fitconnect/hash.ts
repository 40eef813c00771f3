import { createHash } from 'node:crypto';

/** The metadata's hash notation: 128 lowercase hex digits of SHA-512 over the unencrypted bytes. */
export const SHA512_HEX_PATTERN = /^[a-f0-9]{128}$/;

export function sha512Hex(bytes: Uint8Array | string): string {
  return createHash('sha512').update(bytes).digest('hex');
}

/** Hashes a stream chunk by chunk, so a large attachment never has to be in memory at once. */
export async function sha512HexOfStream(source: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of source) hash.update(chunk);
  return hash.digest('hex');
}

export function isSha512Hex(value: string): boolean {
  return SHA512_HEX_PATTERN.test(value);
}
