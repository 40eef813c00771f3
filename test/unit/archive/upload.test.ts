import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArchiveReceipt, packageCase } from '../../../main/archive/package';
import { uploadArchive } from '../../../main/archive/upload';
import { baseCase, fileDocument, makeTempDir, settings } from './support';

interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  sha256: string;
  bytes: number;
}

let root: string;
let cleanup: () => Promise<void>;
let server: Server | undefined;
let receipt: ArchiveReceipt;

beforeEach(async () => {
  ({ dir: root, cleanup } = await makeTempDir());
  await mkdir(join(root, 'out'));
  const document = await fileDocument(
    root,
    { kind: 'application', name: 'Antrag.pdf', mimeType: 'application/pdf' },
    Buffer.alloc(200_000, 7),
  );
  receipt = await packageCase(baseCase([document]), { importDir: join(root, 'out'), settings });
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await cleanup();
});

/** A real local DMS endpoint answering with `status` after reading the whole body. */
async function dms(
  status: number,
  headers: Record<string, string> = {},
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer(async (request, response) => {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of request) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    received.push({ method: request.method, headers: request.headers, sha256: hash.digest('hex'), bytes });
    response.writeHead(status, headers).end('{"detail":"ignored"}');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/dms/import`, received };
}

describe('uploadArchive', () => {
  it('streams the ZIP with its digest and token and reports delivery', async () => {
    const { url, received } = await dms(201);
    const result = await uploadArchive(receipt, { url, token: 'secret-token' });
    expect(result).toEqual({ kind: 'delivered', receipt, status: 201, responseId: null });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.sha256).toBe(receipt.sha256);
    expect(request?.bytes).toBe(receipt.bytes);
    expect(request?.headers.authorization).toBe('Bearer secret-token');
    expect(request?.headers['content-type']).toBe('application/zip');
    expect(request?.headers['content-length']).toBe(String(receipt.bytes));
    expect(request?.headers['content-digest']).toBe(
      `sha-256=:${Buffer.from(receipt.sha256, 'hex').toString('base64')}:`,
    );
    expect(request?.headers['idempotency-key']).toBe(receipt.processId);
    expect(request?.headers['content-disposition']).toBe(
      `attachment; filename="${receipt.processId}_FVDaten.SGOAblegen.0605.zip"`,
    );
  });

  it.each([400, 401, 403, 404, 409, 413, 422, 301])('treats HTTP %i as permanent', async (status) => {
    const { url } = await dms(status);
    const result = await uploadArchive(receipt, { url, token: 't' });
    expect(result.kind).toBe('permanent');
    expect(result.kind !== 'delivered' && result.error).toMatchObject({ code: 'upload-rejected', status });
  });

  it.each([500, 502, 503, 504, 408, 429])('treats HTTP %i as worth a retry', async (status) => {
    const { url } = await dms(status);
    const result = await uploadArchive(receipt, { url, token: 't' });
    expect(result.kind).toBe('retry');
    expect(result.kind !== 'delivered' && result.error).toMatchObject({ code: 'upload-unavailable', status });
  });

  it('passes on how long the DMS asked to wait', async () => {
    const seconds = await dms(503, { 'retry-after': '120' });
    const inSeconds = await uploadArchive(receipt, { url: seconds.url, token: 't' });
    expect(inSeconds.kind !== 'delivered' && inSeconds.error.retryAfterSeconds).toBe(120);
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const date = await dms(429, { 'retry-after': future });
    const atDate = await uploadArchive(receipt, { url: date.url, token: 't' });
    const wait = atDate.kind !== 'delivered' ? atDate.error.retryAfterSeconds : undefined;
    expect(wait).toBeGreaterThan(3000);
    expect(wait).toBeLessThanOrEqual(3600);
  });

  it('treats an unreachable DMS as worth a retry', async () => {
    const { url } = await dms(200);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const result = await uploadArchive(receipt, { url, token: 't' });
    expect(result).toMatchObject({ kind: 'retry', error: { code: 'upload-unavailable' } });
    expect(result.kind !== 'delivered' && result.error.status).toBeUndefined();
  });

  it('refuses plain HTTP to anything but loopback, and invalid URLs, without connecting', async () => {
    expect(await uploadArchive(receipt, { url: 'http://dms.example.org/import', token: 't' })).toMatchObject({
      kind: 'permanent',
      error: { code: 'upload-insecure-url' },
    });
    expect(await uploadArchive(receipt, { url: 'ftp://127.0.0.1/import', token: 't' })).toMatchObject({
      kind: 'permanent',
      error: { code: 'upload-insecure-url' },
    });
    expect(await uploadArchive(receipt, { url: 'not a url', token: 't' })).toMatchObject({
      kind: 'permanent',
      error: { code: 'upload-invalid-url' },
    });
  });

  it('refuses to send a ZIP that is gone or was changed', async () => {
    const { url, received } = await dms(200);
    await writeFile(receipt.zipPath, 'truncated');
    expect(await uploadArchive(receipt, { url, token: 't' })).toMatchObject({
      kind: 'permanent',
      error: { code: 'archive-missing' },
    });
    expect(
      await uploadArchive({ ...receipt, zipPath: join(root, 'gone.zip') }, { url, token: 't' }),
    ).toMatchObject({
      kind: 'permanent',
      error: { code: 'archive-missing' },
    });
    expect(received).toHaveLength(0);
  });

  it('never puts the token into an error', async () => {
    const { url } = await dms(401);
    const result = await uploadArchive(receipt, { url, token: 'very-secret-token' });
    expect(JSON.stringify(result)).not.toContain('very-secret-token');
  });
});
