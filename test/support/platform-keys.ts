import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * RSA-4096 key pairs for tests, generated once at first use and cached under .tmp/ (git-ignored), so that
 * no test file pays for key generation on a normal run.
 */
export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const POOL_SIZE = 12;
const cacheFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.tmp',
  'platform-test-keys',
  'rsa4096.json',
);
let loaded: Promise<TestKeyPair[]> | undefined;

async function generatePool(): Promise<JsonWebKey[]> {
  const generate = promisify(generateKeyPair);
  const pairs = await Promise.all(
    Array.from({ length: POOL_SIZE }, () => generate('rsa', { modulusLength: 4096 })),
  );
  const jwks = pairs.map((pair) => pair.privateKey.export({ format: 'jwk' }));
  await mkdir(dirname(cacheFile), { recursive: true });
  // Written under a unique name and renamed, so parallel test workers never read a half-written cache.
  const partial = `${cacheFile}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(jwks), { mode: 0o600 });
  await rename(partial, cacheFile);
  return jwks;
}

async function load(): Promise<TestKeyPair[]> {
  let jwks: JsonWebKey[];
  try {
    jwks = JSON.parse(await readFile(cacheFile, 'utf8')) as JsonWebKey[];
  } catch {
    jwks = await generatePool();
  }
  return jwks.map((jwk) => {
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    return { privateKey, publicKey: createPublicKey(privateKey) };
  });
}

export function testKeyPairs(): Promise<TestKeyPair[]> {
  loaded ??= load();
  return loaded;
}

export async function testKeyPair(index: number): Promise<TestKeyPair> {
  const pairs = await testKeyPairs();
  const pair = pairs[index % pairs.length];
  if (pair === undefined) throw new Error('empty test key pool');
  return pair;
}

/** Hands out the pool's pairs in turn: what a platform started by a test uses instead of generating keys. */
export async function pooledKeyFactory(start = 0): Promise<() => Promise<TestKeyPair>> {
  const pairs = await testKeyPairs();
  let next = start;
  return async () => {
    const pair = pairs[next++ % pairs.length];
    if (pair === undefined) throw new Error('empty test key pool');
    return pair;
  };
}
