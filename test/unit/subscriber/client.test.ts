import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SubscriberError } from '../../../main/fitconnect/client/errors';
import { HttpClient } from '../../../main/fitconnect/client/http';
import { withRetries } from '../../../main/fitconnect/client/retry';
import { TokenClient } from '../../../main/fitconnect/client/token-client';
import { createLimiter } from '../../../main/fitconnect/subscriber/limiter';
import { SubmissionApi } from '../../../main/fitconnect/subscriber/submission-api';

const RETRY = { retries: 3, baseMs: 1, maxMs: 5 };
const HTTP = { connections: 4, connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 };

describe('the limiter', () => {
  it('runs at most n tasks at once, in order of arrival, and frees the slot of a failed task', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) =>
      limit(async () => {
        started.push(n);
        active++;
        most = Math.max(most, active);
        await delay(5);
        active--;
        if (n === 1) throw new Error('task failed');
        return n;
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(task));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('retries', () => {
  it('repeat transient faults up to the limit and nothing else', async () => {
    let calls = 0;
    const flaky = () => {
      calls++;
      if (calls < 3) throw new SubscriberError('server-error', { status: 503 });
      return Promise.resolve('ok');
    };
    await expect(withRetries(async () => flaky(), RETRY)).resolves.toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new SubscriberError('not-found');
      }, RETRY),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new SubscriberError('network-error');
      }, RETRY),
    ).rejects.toMatchObject({ code: 'network-error' });
    expect(calls).toBe(4);
  });
});

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('token client and Submission API client', () => {
  let server: Server | undefined;
  let http: HttpClient | undefined;
  afterEach(async () => {
    await http?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(route: Route): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => route(req, res, body));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    http = new HttpClient(HTTP);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  it('asks with client credentials in the form body, keeps the token and renews it before it runs out', async () => {
    const forms: URLSearchParams[] = [];
    const url = await serve((req, res, body) => {
      forms.push(new URLSearchParams(body));
      expect(req.headers.authorization).toBeUndefined();
      json(res, 200, { access_token: `token-${forms.length}`, token_type: 'Bearer', expires_in: 1800 });
    });
    let now = 1_000_000;
    const client = new TokenClient(
      http as HttpClient,
      { tokenUrl: `${url}/token`, clientId: 'client', clientSecret: 'secret' },
      { refreshMarginSeconds: 60, retry: RETRY, now: () => now },
    );
    const [first, concurrent] = await Promise.all([client.token(), client.token()]);
    expect([first, concurrent]).toEqual(['token-1', 'token-1']);
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client',
      client_secret: 'secret',
    });
    now += (1800 - 61) * 1000;
    expect(await client.token()).toBe('token-1');
    now += 2_000;
    expect(await client.token()).toBe('token-2');
    client.invalidate('token-1');
    expect(await client.token()).toBe('token-2');
    client.invalidate('token-2');
    expect(await client.token()).toBe('token-3');
  });

  it('does not repeat refused credentials but does repeat server errors', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls <= 2) json(res, 503, { title: 'down' });
      else if (calls === 3) json(res, 200, { access_token: 'ok', expires_in: 1800 });
      else json(res, 401, { error: 'invalid_client' });
    });
    const client = () =>
      new TokenClient(
        http as HttpClient,
        { tokenUrl: `${url}/token`, clientId: 'c', clientSecret: 's' },
        { refreshMarginSeconds: 60, retry: RETRY },
      );
    expect(await client().token()).toBe('ok');
    await expect(client().token()).rejects.toMatchObject({ code: 'token-refused' });
    expect(calls).toBe(4);
  });

  it('renews the token once on a 401 and pages through the listing', async () => {
    const destinationId = randomUUID();
    const ids = Array.from({ length: 5 }, () => randomUUID());
    let tokens = 0;
    const url = await serve((req, res) => {
      if (req.url === '/token') {
        tokens++;
        json(res, 200, { access_token: `t${tokens}`, expires_in: 1800 });
        return;
      }
      if (req.headers.authorization !== 'Bearer t2') {
        json(res, 401, { title: 'expired' });
        return;
      }
      const query = new URL(req.url ?? '', 'http://x').searchParams;
      const offset = Number(query.get('offset'));
      const limit = Number(query.get('limit'));
      const page = ids
        .slice(offset, offset + limit)
        .map((submissionId) => ({ destinationId, submissionId, caseId: randomUUID() }));
      json(res, 200, { offset, count: page.length, totalCount: ids.length, submissions: page });
    });
    const client = new TokenClient(
      http as HttpClient,
      { tokenUrl: `${url}/token`, clientId: 'c', clientSecret: 's' },
      { refreshMarginSeconds: 60, retry: RETRY },
    );
    const api = new SubmissionApi(http as HttpClient, client, {
      destinationId,
      submissionApiUrl: `${url}/`,
      apiPrefix: '/v1',
      maxJsonBytes: 1024 ** 2,
      retry: RETRY,
    });
    const listed = await api.listAll(2);
    expect(listed.map((entry) => entry.submissionId)).toEqual(ids);
    expect(tokens).toBe(2);
  });

  it('refuses answers of the wrong shape or size', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/token') json(res, 200, { access_token: 't', expires_in: 1800 });
      else if (req.url?.startsWith('/v1/submissions?'))
        json(res, 200, { count: 1, totalCount: 1, submissions: [{ submissionId: '../x' }] });
      else json(res, 200, { padding: 'x'.repeat(2_000) });
    });
    const client = new TokenClient(
      http as HttpClient,
      { tokenUrl: `${url}/token`, clientId: 'c', clientSecret: 's' },
      { refreshMarginSeconds: 60, retry: RETRY },
    );
    const api = new SubmissionApi(http as HttpClient, client, {
      destinationId: randomUUID(),
      submissionApiUrl: url,
      apiPrefix: '/v1',
      maxJsonBytes: 1_000,
      retry: RETRY,
    });
    await expect(api.listAll(10)).rejects.toMatchObject({ code: 'invalid-response' });
    await expect(api.submission(randomUUID())).rejects.toMatchObject({ code: 'invalid-response' });
  });
});
