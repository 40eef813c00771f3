import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HandoverAdapter } from '../../../main/handover/adapters/adapter';
import { createHttpAdapter, type HttpTargetOptions } from '../../../main/handover/adapters/http';
import type { HandoverError } from '../../../main/handover/errors';
import { dryRun, handOver } from '../../../main/handover/handover';
import type { HandoverAttachment, HandoverCase } from '../../../main/handover/types';
import { caught, fileAttachment, gewerbeCase, jsonMapping, makeTempDir } from './support';
import { createAuthority, issue } from './tls-pki';

const TOKEN = 'test-token-4711';
const mapping = jsonMapping([
  { target: 'vorgang.aktenzeichen', source: '$case/fileReference', required: true },
  { target: 'betrieb.name', source: '/betrieb/name', required: true },
]);

interface Received {
  headers: IncomingMessage['headers'];
  form?: FormData;
  bytes: number;
  peer?: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

/** A receiving system on 127.0.0.1 that parses what arrives and answers as the test says. */
async function startReceiver(
  reply: (received: Received) => Reply,
  options: { tls?: { cert: string; key: string; ca: string }; parse?: boolean; onRequest?: () => void } = {},
) {
  const received: Received[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    options.onRequest?.();
    const entry: Received = { headers: req.headers, bytes: 0 };
    const peer = (req.socket as Partial<TLSSocket>).getPeerCertificate?.();
    if (peer?.subject) entry.peer = peer.subject.CN as string;
    try {
      if (options.parse === false) {
        for await (const chunk of req) entry.bytes += (chunk as Buffer).length;
      } else {
        const headers = Object.entries(req.headers).filter(
          (pair): pair is [string, string] => typeof pair[1] === 'string',
        );
        entry.form = await new Request('http://receiver/', {
          method: 'POST',
          headers,
          body: Readable.toWeb(req) as ReadableStream,
          duplex: 'half',
        } as RequestInit).formData();
      }
    } catch {
      // An aborted or malformed upload is not a received record.
      res.destroy();
      return;
    }
    received.push(entry);
    const answer = reply(entry);
    const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(body);
  };
  const server = options.tls
    ? createHttpsServer({ ...options.tls, requestCert: true, rejectUnauthorized: true }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/fachverfahren/antraege`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let dir: string;
let cleanup: () => Promise<void>;
const adapters: HandoverAdapter[] = [];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
  await cleanup();
});

function adapter(options: HttpTargetOptions): HandoverAdapter {
  const created = createHttpAdapter(options);
  adapters.push(created);
  return created;
}

async function receiver(reply: (received: Received) => Reply, options?: Parameters<typeof startReceiver>[1]) {
  const started = await startReceiver(reply, options);
  closers.push(started.close);
  return started;
}

async function sampleCase(): Promise<HandoverCase> {
  return gewerbeCase({
    attachments: [
      await fileAttachment(dir, 'Gewerbeerlaubnis Müller.pdf', Buffer.alloc(300_000, 7)),
      await fileAttachment(dir, '../../etc/passwd', 'root:x:0:0', 'text/plain'),
      await fileAttachment(dir, 'Foto.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'image/png'),
    ],
  });
}

describe('HTTP hand-over', () => {
  it('posts manifest, record and attachments as multipart with bearer token and idempotency key', async () => {
    const target = await receiver(() => ({ status: 201, body: { id: 'FV-2025-0001' } }));
    const handoverCase = await sampleCase();
    const outcome = await handOver(handoverCase, mapping, adapter({ url: target.url, bearerToken: TOKEN }), {
      idempotencyKey: 'handover:abc',
    });
    expect(outcome).toEqual({
      kind: 'delivered',
      receipt: { adapter: 'http', status: 201, responseId: 'FV-2025-0001' },
      repeat: false,
    });
    expect(target.received).toHaveLength(1);
    const [request] = target.received;
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['idempotency-key']).toBe('handover:abc');
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    // Streamed: no length known in advance.
    expect(request?.headers['transfer-encoding']).toBe('chunked');

    const form = request?.form as FormData;
    const record = form.get('record') as File;
    expect(record.name).toBe('record.json');
    expect(record.type).toBe('application/json');
    expect(await record.text()).toBe(dryRun(handoverCase, mapping).document.text);

    const manifest = JSON.parse(await (form.get('manifest') as File).text());
    expect(manifest).toMatchObject({
      caseId: handoverCase.caseId,
      idempotencyKey: 'handover:abc',
      record: 'record.json',
    });

    const files = form.getAll('attachment') as File[];
    expect(files.map((file) => [file.name, file.type])).toEqual([
      ['Gewerbeerlaubnis Müller.pdf', 'application/pdf'],
      ['passwd', 'text/plain'],
      ['Foto.png', 'image/png'],
    ]);
    for (const [index, file] of files.entries()) {
      const attachment = handoverCase.attachments[index] as HandoverAttachment & { content: Buffer };
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.equals(attachment.content)).toBe(true);
      expect(manifest.files[index + 1]).toMatchObject({
        name: file.name,
        attachmentId: attachment.attachmentId,
        size: attachment.size,
        sha512: createHash('sha512').update(bytes).digest('hex'),
      });
    }
  });

  it('takes the receipt id from the Location header when the body has none', async () => {
    const target = await receiver(() => ({ status: 202, headers: { location: '/antraege/77' } }));
    const outcome = await handOver(
      await sampleCase(),
      mapping,
      adapter({ url: target.url, bearerToken: TOKEN }),
      {
        idempotencyKey: 'k',
      },
    );
    expect(outcome).toMatchObject({ kind: 'delivered', receipt: { responseId: '/antraege/77' } });
  });

  it('a 409 naming the same idempotency key is a delivery already made; another 409 is a refusal', async () => {
    const echoing = await receiver((received) => ({
      status: 409,
      headers: { 'idempotency-key': String(received.headers['idempotency-key']) },
      body: { id: 'FV-9' },
    }));
    const repeat = await handOver(
      await sampleCase(),
      mapping,
      adapter({ url: echoing.url, bearerToken: TOKEN }),
      {
        idempotencyKey: 'handover:9',
      },
    );
    expect(repeat).toEqual({
      kind: 'delivered',
      receipt: { adapter: 'http', status: 409, responseId: 'FV-9' },
      repeat: true,
    });

    const inBody = await receiver((received) => ({
      status: 409,
      body: { idempotencyKey: received.headers['idempotency-key'] },
    }));
    const alsoRepeat = await handOver(
      await sampleCase(),
      mapping,
      adapter({ url: inBody.url, bearerToken: TOKEN }),
      {
        idempotencyKey: 'handover:10',
      },
    );
    expect(alsoRepeat).toMatchObject({ kind: 'delivered', repeat: true });

    const conflict = await receiver(() => ({ status: 409, body: { title: 'Case locked' } }));
    const refused = await handOver(
      await sampleCase(),
      mapping,
      adapter({ url: conflict.url, bearerToken: TOKEN }),
      {
        idempotencyKey: 'handover:11',
      },
    );
    expect(refused.kind).toBe('permanent');
    expect(refused.kind !== 'delivered' && refused.error.code).toBe('http-client-error');
  });

  it('other 4xx are permanent, with status and problem type, the detail kept apart from the message', async () => {
    const target = await receiver(() => ({
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: 'https://fachverfahren.example/problems/validation',
        title: 'Validation failed',
        detail: 'Feld betrieb.name: "Bäckerei Müller" zu lang\u0007',
      },
    }));
    const handoverCase = await sampleCase();
    const outcome = await handOver(handoverCase, mapping, adapter({ url: target.url, bearerToken: TOKEN }), {
      idempotencyKey: 'k',
    });
    expect(outcome.kind).toBe('permanent');
    const error = (outcome as { error: HandoverError }).error;
    expect(error.code).toBe('http-client-error');
    expect(error.message).toBe(
      `The specialist procedure refused the hand-over. [case ${handoverCase.caseId}; HTTP 422; ` +
        'problem https://fachverfahren.example/problems/validation; "Validation failed"]',
    );
    expect(error.details.problem?.detail).toBe('Feld betrieb.name: "Bäckerei Müller" zu lang');

    const unauthorized = await receiver(() => ({ status: 401 }));
    const denied = await handOver(
      handoverCase,
      mapping,
      adapter({ url: unauthorized.url, bearerToken: 'wrong' }),
      {
        idempotencyKey: 'k',
      },
    );
    expect(
      denied.kind !== 'delivered' && [denied.kind, denied.error.code, denied.error.details.status],
    ).toEqual(['permanent', 'http-client-error', 401]);
  });

  it('5xx, 408 and 429 are worth a retry, with Retry-After when given', async () => {
    const statuses = [503, 500, 408, 429];
    const target = await receiver(() => {
      const status = statuses.shift() ?? 500;
      return { status, ...(status === 503 ? { headers: { 'retry-after': '120' } } : {}) };
    });
    const handoverCase = await sampleCase();
    const delivery = adapter({ url: target.url, bearerToken: TOKEN });
    const outcomes = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(await handOver(handoverCase, mapping, delivery, { idempotencyKey: 'k' }));
    expect(
      outcomes.map((outcome) =>
        outcome.kind === 'delivered'
          ? outcome.kind
          : [
              outcome.kind,
              outcome.error.code,
              outcome.error.details.status,
              outcome.error.details.retryAfterSeconds,
            ],
      ),
    ).toEqual([
      ['retry', 'http-server-error', 503, 120],
      ['retry', 'http-server-error', 500, undefined],
      ['retry', 'http-server-error', 408, undefined],
      ['retry', 'http-server-error', 429, undefined],
    ]);
  });

  it('a refused connection is a network error worth a retry', async () => {
    const target = await receiver(() => ({ status: 201 }));
    await target.close();
    const handoverCase = await sampleCase();
    const outcome = await handOver(handoverCase, mapping, adapter({ url: target.url, bearerToken: TOKEN }), {
      idempotencyKey: 'k',
    });
    expect(outcome.kind).toBe('retry');
    const error = (outcome as { error: HandoverError }).error;
    expect(error.code).toBe('network-error');
    expect(error.details.errno).toBe('ECONNREFUSED');
    expect(error.message).toBe(
      `The specialist procedure could not be reached. [case ${handoverCase.caseId}; ECONNREFUSED]`,
    );
  });

  it('streams attachments instead of collecting the body first', async () => {
    const chunk = Buffer.alloc(64 * 1024, 1);
    const chunks = 512;
    const total = chunk.length * chunks;
    const hash = createHash('sha512');
    for (let i = 0; i < chunks; i++) hash.update(chunk);
    let produced = 0;
    const big: HandoverAttachment = {
      attachmentId: '6d1b6a8e-8a38-4b7e-9a56-0c0c1d2e3f40',
      filename: 'Bauplan.tif',
      mimeType: 'image/tiff',
      size: total,
      sha512: hash.digest('hex'),
      open: async function* () {
        for (let i = 0; i < chunks; i++) {
          produced += chunk.length;
          yield chunk;
        }
      },
    };
    let producedWhenRequestArrived = -1;
    const target = await receiver(() => ({ status: 201, body: { id: 'big' } }), {
      parse: false,
      onRequest: () => {
        producedWhenRequestArrived = produced;
      },
    });
    const outcome = await handOver(
      gewerbeCase({ attachments: [big] }),
      mapping,
      adapter({ url: target.url, bearerToken: TOKEN }),
      { idempotencyKey: 'k' },
    );
    expect(outcome).toMatchObject({ kind: 'delivered', receipt: { responseId: 'big' } });
    expect(target.received[0]?.bytes).toBeGreaterThan(total);
    // The receiver had the request while most of the attachment was still to be read.
    expect(producedWhenRequestArrived).toBeGreaterThanOrEqual(0);
    expect(producedWhenRequestArrived).toBeLessThan(total / 2);
  });

  it('refuses a changed attachment mid-upload: the receiver never gets a complete request', async () => {
    const target = await receiver(() => ({ status: 201, body: { id: 'should-not-happen' } }));
    const handoverCase = await sampleCase();
    const [first, ...rest] = handoverCase.attachments;
    if (first === undefined) throw new Error('fixture');
    const tampered = { ...handoverCase, attachments: [{ ...first, sha512: '0'.repeat(128) }, ...rest] };
    const outcome = await handOver(tampered, mapping, adapter({ url: target.url, bearerToken: TOKEN }), {
      idempotencyKey: 'k',
    });
    expect(outcome.kind).toBe('permanent');
    expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('attachment-mismatch');
    expect(outcome.kind !== 'delivered' && outcome.error.details.attachmentId).toBe(first.attachmentId);
    expect(target.received).toHaveLength(0);
  });

  it('refuses plain HTTP to another host and a target without credentials', async () => {
    for (const options of [
      { url: 'http://fachverfahren.example/api', bearerToken: TOKEN },
      { url: 'ftp://127.0.0.1/api', bearerToken: TOKEN },
      { url: 'not a url', bearerToken: TOKEN },
      { url: 'https://fachverfahren.example/api' },
    ]) {
      const error = (await caught(() => createHttpAdapter(options))) as HandoverError;
      expect(error.code).toBe('target-invalid');
    }
  });
});

describe('HTTP hand-over with client certificates (mTLS)', () => {
  const ca = createAuthority('Antragsdesk Test CA');
  const otherCa = createAuthority('Fremde CA');
  const serverCert = issue(ca, '127.0.0.1', 'server');
  const client = issue(ca, 'Antragsdesk Gewerbeamt', 'client');
  const stranger = issue(otherCa, 'Antragsdesk Gewerbeamt', 'client');
  let target: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    target = await startReceiver(() => ({ status: 201, body: { id: 'mtls-1' } }), {
      tls: { ...serverCert, ca: ca.cert },
    });
  });
  afterAll(async () => {
    await target.close();
  });

  it('delivers with a client certificate the server trusts', async () => {
    const before = target.received.length;
    const outcome = await handOver(
      await sampleCase(),
      mapping,
      adapter({ url: target.url, clientCertificate: client, ca: ca.cert }),
      { idempotencyKey: 'mtls' },
    );
    expect(outcome).toMatchObject({ kind: 'delivered', receipt: { responseId: 'mtls-1' } });
    expect(
      target.received.slice(before).map((received) => [received.peer, received.headers.authorization]),
    ).toEqual([['Antragsdesk Gewerbeamt', undefined]]);
    const files = target.received.at(-1)?.form?.getAll('attachment') as File[];
    expect(files).toHaveLength(3);
  });

  it('is refused without a certificate, with one from another CA, and when the server is not trusted', async () => {
    const before = target.received.length;
    const attempts = [
      { url: target.url, bearerToken: TOKEN, ca: ca.cert },
      { url: target.url, clientCertificate: stranger, ca: ca.cert },
      { url: target.url, clientCertificate: client },
    ];
    for (const options of attempts) {
      const outcome = await handOver(await sampleCase(), mapping, adapter(options), {
        idempotencyKey: 'mtls',
      });
      expect(outcome.kind).toBe('retry');
      expect(outcome.kind !== 'delivered' && outcome.error.code).toBe('network-error');
    }
    expect(target.received.length).toBe(before);
  });
});
