import {
  constants,
  createCipheriv,
  createDecipheriv,
  type DecipherGCM,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, createInflateRaw } from 'node:zlib';
import {
  assertDecompressionLimit,
  type ContentKeyUnwrap,
  CryptoError,
  type DecryptionKeys,
  type DecryptOptions,
  type EncryptionKey,
  type EncryptOptions,
  type PartHeader,
  parseProtectedHeader,
  protectedHeaderFor,
  unwrapContentKey,
} from './crypto';

/**
 * Streaming JWE for parts too large for a JS string (about 512 MB at most): the compact serialization is read
 * and written as bytes, the ciphertext segment is base64url-decoded in chunks and run through AES-256-GCM.
 */

/**
 * Receives decrypted bytes. Everything written is UNVERIFIED until `commit()`: the GCM tag comes last, so a
 * sink must keep the data provisional (never show, index or hand it on) and discard it on `abort()`.
 */
export interface PlaintextSink {
  write(chunk: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface StreamDecryptResult {
  header: PartHeader;
  authenticationTag: string;
  /** Bytes delivered to the sink (after decompression). */
  plaintextLength: number;
}

const DOT = 0x2e;
/** Longest accepted header, encrypted key and IV segments (base64url characters): a bound on buffering. */
const LEADING_SEGMENT_LIMITS: readonly number[] = [16_384, 2_048, 64];
const TAG_LIMIT = 64;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CEK_BYTES = 32;
const BASE64URL_CHARS = /^[A-Za-z0-9_-]*$/;
/** Large input chunks are worked through in slices, so the garbage of each step stays small. */
const SLICE_BYTES = 64 * 1024;

export interface StreamDecryptOptions extends DecryptOptions {
  /** Where the RSA unwrap runs: in this thread unless given (the decryption pool passes its workers'). */
  unwrap?: ContentKeyUnwrap;
}

interface DecryptState {
  header?: PartHeader;
  tag?: string;
}

export async function decryptCompactStream(
  source: AsyncIterable<Uint8Array>,
  keys: DecryptionKeys,
  sink: PlaintextSink,
  options: StreamDecryptOptions,
): Promise<StreamDecryptResult> {
  assertDecompressionLimit(options.maxDecompressedLength);
  const state: DecryptState = {};
  let plaintextLength = 0;
  // The sink's own failures (a full disk) pass through unchanged; only decryption problems become CryptoErrors.
  let sinkFailure: unknown;
  try {
    const decrypted = decryptSegments(source, keys, state, options.unwrap ?? unwrapHere);
    // The header is parsed before the first plaintext chunk (or the end), so zip is known after one step.
    const first = await decrypted.next();
    const plaintext = resume(first, decrypted);
    const delivered =
      state.header?.zip === undefined ? plaintext : inflateBounded(plaintext, options.maxDecompressedLength);
    for await (const chunk of delivered) {
      plaintextLength += chunk.length;
      await sink.write(chunk).catch((error: unknown) => {
        sinkFailure = error;
        throw error;
      });
    }
  } catch (cause) {
    await sink.abort();
    if (cause instanceof CryptoError || (sinkFailure !== undefined && cause === sinkFailure)) throw cause;
    throw new CryptoError('decryption-failed', { cause });
  }
  const { header, tag } = state;
  if (header === undefined || tag === undefined) {
    await sink.abort();
    throw new CryptoError('invalid-jwe');
  }
  await sink.commit();
  return { header, authenticationTag: tag, plaintextLength };
}

async function* resume<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

const unwrapHere: ContentKeyUnwrap = async (key, encryptedKey) => unwrapContentKey(key, encryptedKey);

async function* decryptSegments(
  source: AsyncIterable<Uint8Array>,
  keys: DecryptionKeys,
  state: DecryptState,
  unwrap: ContentKeyUnwrap,
): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  const nextChunk = async (): Promise<Buffer | undefined> => {
    const next = await chunks.next();
    return next.done
      ? undefined
      : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
  };
  try {
    // Header, encrypted key and IV: small, buffered up to their limits.
    const leading: string[] = [];
    let rest: Buffer = Buffer.alloc(0);
    while (leading.length < 3) {
      const dot = rest.indexOf(DOT);
      const limit = LEADING_SEGMENT_LIMITS[leading.length] ?? 0;
      if (dot !== -1 && dot <= limit) {
        leading.push(rest.subarray(0, dot).toString('latin1'));
        rest = rest.subarray(dot + 1);
        continue;
      }
      const more = rest.length <= limit ? await nextChunk() : undefined;
      if (more === undefined) throw new CryptoError('invalid-jwe');
      rest = Buffer.concat([rest, more]);
    }
    const decipher = await openDecipher(leading, keys, state, unwrap);

    // Ciphertext: decoded in runs of whole 4-character groups as it arrives.
    let carry = '';
    let tag: string | undefined;
    let chunk: Buffer | undefined = rest;
    while (tag === undefined) {
      chunk ??= await nextChunk();
      if (chunk === undefined) throw new CryptoError('invalid-jwe');
      if (chunk.length > SLICE_BYTES) {
        rest = chunk.subarray(SLICE_BYTES);
        chunk = chunk.subarray(0, SLICE_BYTES);
      } else {
        rest = Buffer.alloc(0);
      }
      const dot = chunk.indexOf(DOT);
      const text = carry + (dot === -1 ? chunk : chunk.subarray(0, dot)).toString('latin1');
      if (!BASE64URL_CHARS.test(text)) throw new CryptoError('invalid-jwe');
      const whole = dot === -1 ? text.length - (text.length % 4) : text.length;
      if (whole % 4 === 1) throw new CryptoError('invalid-jwe');
      carry = text.slice(whole);
      const plaintext = decipher.update(Buffer.from(text.slice(0, whole), 'base64url'));
      if (plaintext.length > 0) yield plaintext;
      if (dot !== -1) tag = Buffer.concat([chunk.subarray(dot + 1), rest]).toString('latin1');
      chunk = rest.length > 0 ? rest : undefined;
    }

    // Tag: verified last; until then every plaintext byte above was unauthenticated.
    for (
      let more = await nextChunk();
      more !== undefined && tag.length <= TAG_LIMIT;
      more = await nextChunk()
    ) {
      tag += more.toString('latin1');
    }
    const tagBytes = BASE64URL_CHARS.test(tag) ? Buffer.from(tag, 'base64url') : Buffer.alloc(0);
    if (tag.length > TAG_LIMIT || tagBytes.length !== GCM_TAG_BYTES) throw new CryptoError('invalid-jwe');
    decipher.setAuthTag(tagBytes);
    let last: Buffer;
    try {
      last = decipher.final();
    } catch (cause) {
      throw new CryptoError('decryption-failed', { cause });
    }
    state.tag = tag;
    if (last.length > 0) yield last;
  } finally {
    await chunks.return?.();
  }
}

async function openDecipher(
  leading: string[],
  keys: DecryptionKeys,
  state: DecryptState,
  unwrap: ContentKeyUnwrap,
): Promise<DecipherGCM> {
  const [headerSegment = '', encryptedKey = '', iv = ''] = leading;
  if (encryptedKey === '' || !BASE64URL_CHARS.test(encryptedKey) || !BASE64URL_CHARS.test(iv)) {
    throw new CryptoError('invalid-jwe');
  }
  const header = parseProtectedHeader(headerSegment);
  const key = keys.get(header.kid);
  if (key === undefined) throw new CryptoError('unknown-kid');
  const ivBytes = Buffer.from(iv, 'base64url');
  if (ivBytes.length !== GCM_IV_BYTES) throw new CryptoError('invalid-jwe');
  const cek = await unwrap(key, Buffer.from(encryptedKey, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', cek, ivBytes, { authTagLength: GCM_TAG_BYTES });
  // The AAD of a compact JWE is the ASCII of its protected header segment.
  decipher.setAAD(Buffer.from(headerSegment, 'ascii'));
  state.header = header;
  return decipher;
}

/** Runs chunks through a zlib transform while reading its output, so neither side buffers more than a chunk. */
async function* through(source: AsyncIterable<Uint8Array>, transform: Transform): AsyncGenerator<Buffer> {
  const feeding = pipeline(source, transform);
  // A failure of the feeding side also ends the iteration below with that error; this only avoids an
  // unhandled rejection when the consumer stops early.
  feeding.catch(() => undefined);
  for await (const chunk of transform) yield chunk as Buffer;
  await feeding;
}

async function* inflateBounded(source: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw();
  let total = 0;
  for await (const chunk of through(source, inflate)) {
    total += chunk.length;
    if (total > limit) {
      inflate.destroy();
      throw new CryptoError('decompression-limit');
    }
    yield chunk;
  }
}

/** Encrypts a stream into a compact JWE, yielded as ASCII bytes (for uploads of large attachments). */
export async function* encryptCompactStream(
  source: AsyncIterable<Uint8Array>,
  key: EncryptionKey,
  options: EncryptOptions,
): AsyncGenerator<Buffer> {
  const headerSegment = Buffer.from(JSON.stringify(protectedHeaderFor(key, options))).toString('base64url');
  const cek = randomBytes(CEK_BYTES);
  const iv = randomBytes(GCM_IV_BYTES);
  const encryptedKey = publicEncrypt(
    { key: key.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    cek,
  );
  yield Buffer.from(
    `${headerSegment}.${encryptedKey.toString('base64url')}.${iv.toString('base64url')}.`,
    'ascii',
  );
  const cipher = createCipheriv('aes-256-gcm', cek, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(headerSegment, 'ascii'));
  const plaintext = options.compress ? through(source, createDeflateRaw()) : source;
  // Base64url is encoded in runs of whole 3-byte groups so that the chunks concatenate to one valid segment.
  let carry = Buffer.alloc(0);
  for await (const chunk of plaintext) {
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      const bytes = Buffer.concat([carry, cipher.update(chunk.subarray(offset, offset + SLICE_BYTES))]);
      const whole = bytes.length - (bytes.length % 3);
      carry = bytes.subarray(whole);
      if (whole > 0) yield Buffer.from(bytes.subarray(0, whole).toString('base64url'), 'ascii');
    }
  }
  const rest = Buffer.concat([carry, cipher.final()]);
  yield Buffer.from(`${rest.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`, 'ascii');
}
