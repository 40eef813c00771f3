import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encryptCompactStream } from '../../../main/fitconnect/crypto-stream';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import { SenderError } from '../../../main/fitconnect/sender/errors';
import { manualClock } from '../../../platform/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform-harness';

/**
 * The sender client against the local platform over real HTTP, with a pass-through proxy in between that
 * counts what goes over the wire: token requests, answers by status, and the bytes of each request body as
 * they arrive.
 */
interface CountingProxy {
  url: string;
  requests: { method: string; path: string }[];
  statuses: number[];
  /** Body bytes received so far, over all requests. */
  received(): number;
  close(): Promise<void>;
}

async function countingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const requests: CountingProxy['requests'] = [];
  const statuses: number[] = [];
  let received = 0;
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: (req.url ?? '').replace(/\?.*$/, '') });
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    const forward = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        statuses.push(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    statuses,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const clock = manualClock(Date.now());
let test: TestPlatform;
let proxy: CountingProxy;
let destinationId: string;
const clients: SenderClient[] = [];

function senderClient(options: { clientSecret?: string; retries?: number } = {}): SenderClient {
  const { sender } = test.platform.demo;
  const client = new SenderClient({
    baseUrl: proxy.url,
    tokenUrl: proxy.url + new URL(test.platform.tokenUrl).pathname,
    clientId: sender.clientId,
    clientSecret: options.clientSecret ?? sender.clientSecret,
    retries: options.retries ?? 0,
  });
  clients.push(client);
  return client;
}

const tokenRequests = () => proxy.requests.filter((entry) => entry.path.endsWith('/token')).length;

async function senderError(promise: Promise<unknown>): Promise<SenderError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SenderError);
  return error as SenderError;
}

beforeAll(async () => {
  test = await startTestPlatform({ clock });
  proxy = await countingProxy(test.platform.url);
  const destination = test.platform.demo.departments[0]?.destinations[0];
  if (destination === undefined) throw new Error('demo layout without a destination');
  destinationId = destination.destinationId;
});

afterEach(async () => {
  test.platform.admin.setChaos({ rate: 0 });
  await Promise.all(clients.splice(0).map((client) => client.close()));
  proxy.requests.length = 0;
  proxy.statuses.length = 0;
});

afterAll(async () => {
  await proxy?.close();
  await test?.close();
});

describe('sender client', () => {
  it('keeps its token, and after a 401 fetches a new one once and repeats the call', async () => {
    const client = senderClient();
    await client.destination(destinationId);
    await client.destination(destinationId);
    expect(tokenRequests()).toBe(1);

    // The platform's clock passes the token's lifetime: the cached token is refused, a new one is fetched.
    clock.advance(31 * 60 * 1000);
    const info = await client.destination(destinationId);
    expect(info.status).toBe('active');
    expect(tokenRequests()).toBe(2);
    expect(proxy.statuses.filter((status) => status === 401)).toHaveLength(1);
    await client.destination(destinationId);
    expect(tokenRequests()).toBe(2);
  });

  it('reports refused credentials as a token error that is not worth a retry', async () => {
    const error = await senderError(senderClient({ clientSecret: 'falsch' }).destination(destinationId));
    expect([error.code, error.status, error.retryable]).toEqual(['token-error', 401, false]);
  });

  it('tells a refusal (4xx, permanent) from a failing service (5xx, retry) by the status', async () => {
    const client = senderClient({ retries: 1 });
    const missing = await senderError(client.destination(randomUUID()));
    expect([missing.code, missing.status, missing.retryable]).toEqual(['http-error', 404, false]);
    expect(missing.details.problem?.type).toMatch(/\/destination-not-found$/);

    await client.destination(destinationId); // the token is cached before the platform starts failing
    proxy.requests.length = 0;
    test.platform.admin.setChaos({ rate: 1, kinds: ['5xx'] });
    const failing = await senderError(client.destination(destinationId));
    expect(failing.code).toBe('http-error');
    expect(failing.status).toBeGreaterThanOrEqual(500);
    expect(failing.retryable).toBe(true);
    // An idempotent call is repeated once (retries: 1); a create never is, so it cannot make two submissions.
    expect(proxy.requests.filter((entry) => entry.method === 'GET')).toHaveLength(2);
    const create = await senderError(
      client.createSubmission({
        destinationId,
        announcedAttachments: [],
        serviceType: { name: 'Test', identifier: 'urn:de:fim:leika:leistung:99000000000000' },
      }),
    );
    expect(create.retryable).toBe(true);
    expect(proxy.requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
  });

  it('reports an unreachable API as a network error worth a retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new SenderClient({
      baseUrl: `http://127.0.0.1:${port}`,
      tokens: { token: async () => 'token', invalidate: () => undefined },
      retries: 0,
    });
    clients.push(client);
    const error = await senderError(client.destination(destinationId));
    expect([error.code, error.status, error.retryable]).toEqual(['network-error', undefined, true]);
  });

  it('streams a large attachment: most of it is on the wire before the last chunk is even made', async () => {
    const client = senderClient();
    const info = await client.destination(destinationId);
    const service = info.services?.[0];
    if (service === undefined) throw new Error('destination without a service');
    const key = await client.encryptionKey(destinationId, info);
    const attachmentId = randomUUID();
    const created = await client.createSubmission({
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { name: 'Test', identifier: service.identifier },
    });

    const plainBytes = 48 * 1024 ** 2;
    let produced = 0;
    let receivedAtLastChunk = 0;
    const bodyBefore = proxy.received();
    async function* zeros(): AsyncGenerator<Uint8Array> {
      const block = Buffer.alloc(1024 ** 2);
      for (let sent = 0; sent < plainBytes; sent += block.length) yield block;
    }
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of encryptCompactStream(zeros(), key, { contentType: 'application/pdf' })) {
        produced += chunk.length;
        receivedAtLastChunk = proxy.received() - bodyBefore;
        yield chunk;
      }
    }
    await client.uploadAttachment(created.submissionId, attachmentId, counted);

    expect(produced).toBeGreaterThan(plainBytes);
    expect(proxy.received() - bodyBefore).toBe(produced);
    // Buffered whole, nothing would have been sent before the source was exhausted.
    expect(receivedAtLastChunk).toBeGreaterThan(produced / 2);
  });
});
