/**
 * Streaming JWE decryption (decryptCompactStream) against jose's in-memory compactDecrypt as baseline, on
 * the same JWEs in the same run. Prints p50/p95 per size, the ratio, and the RSS growth of each path.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK } from 'jose';
import {
  decryptPart,
  encryptPart,
  importDecryptionKeys,
  importEncryptionKey,
} from '../../main/fitconnect/crypto';
import { decryptCompactStream } from '../../main/fitconnect/crypto-stream';
import { testKeyPair } from '../support/platform-keys';

const RUNS = 15;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < text.length; offset += size)
    yield Buffer.from(text.slice(offset, offset + size), 'latin1');
}

async function measure(run: () => Promise<void>): Promise<{ p50: number; p95: number; rssMb: number }> {
  const times: number[] = [];
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), rssMb: (peak - before) / 2 ** 20 };
}

export default async function (): Promise<void> {
  const pair = await testKeyPair(0);
  const key = importEncryptionKey({ ...(await exportJWK(pair.publicKey)), kid: 'bench' });
  const keys = importDecryptionKeys([{ ...(await exportJWK(pair.privateKey)), kid: 'bench' }]);
  const limit = { maxDecompressedLength: 1e9 };
  console.log(
    'size      | jose p50/p95 ms   | stream p50/p95 ms | stream/jose p50 | RSS growth jose/stream MiB',
  );
  for (const size of [64 * 1024, 1024 ** 2, 32 * 1024 ** 2]) {
    const jwe = await encryptPart(randomBytes(size), key, { contentType: 'application/octet-stream' });
    const jose = await measure(async () => {
      await decryptPart(jwe, keys, limit);
    });
    const stream = await measure(async () => {
      await decryptCompactStream(
        chunks(jwe, 64 * 1024),
        keys,
        { write: async () => {}, commit: async () => {}, abort: async () => {} },
        limit,
      );
    });
    console.log(
      `${String(size / 1024).padStart(6)} KiB | ${jose.p50.toFixed(1).padStart(7)} / ${jose.p95.toFixed(1).padEnd(7)} | ${stream.p50.toFixed(1).padStart(7)} / ${stream.p95.toFixed(1).padEnd(7)} | ${(stream.p50 / jose.p50).toFixed(2).padStart(15)} | ${jose.rssMb.toFixed(1)} / ${stream.rssMb.toFixed(1)}`,
    );
  }
}
