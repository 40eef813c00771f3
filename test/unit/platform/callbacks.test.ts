import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_HEADERS, verifyCallback } from '../../../main/fitconnect/callback';
import { type ManualClock, manualClock } from '../../../platform/index';
import {
  ApiCaller,
  acceptQuick,
  adminCaller,
  demoDestination,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

const DAY = 24 * 3_600_000;
const SECRET = 'the-callback-secret-of-this-destination';
const RETRIES = [5, 5];

interface Received {
  headers: Record<string, string | undefined>;
  body: string;
}

/** A receiving system's callback endpoint: records each call, answers with the next status in line (then 204). */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; calls: Received[]; server: Server }> {
  const calls: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    calls.push({
      headers: {
        timestamp: req.headers[CALLBACK_HEADERS.timestamp] as string | undefined,
        authentication: req.headers[CALLBACK_HEADERS.authentication] as string | undefined,
        contentType: req.headers['content-type'],
      },
      body,
    });
    res.writeHead(statuses.shift() ?? 204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, calls, server };
}

let test: TestPlatform;
let clock: ManualClock;
let api: ApiCaller;
let servers: Server[] = [];

async function start(callbackUrl: string): Promise<void> {
  clock = manualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  test = await startTestPlatform({ clock, callbackRetryDelaysMs: RETRIES });
  api = new ApiCaller(test.platform.url);
  const admin = adminCaller(test.platform);
  const destination = demoDestination(test.platform, 0, 0);
  const set = await admin.api.call('PATCH', `/admin/destinations/${destination.destinationId}`, {
    token: admin.token,
    contentType: 'application/json',
    body: JSON.stringify({ callback: { url: callbackUrl, secret: SECRET } }),
  });
  expect(set.status).toBe(200);
}

afterEach(async () => {
  await test.close();
  for (const server of servers) server.close();
  servers = [];
});

function verified(call: Received | undefined, nowMs = clock(), secret = SECRET) {
  return verifyCallback({
    secret,
    timestamp: call?.headers.timestamp,
    authentication: call?.headers.authentication,
    body: call?.body ?? '',
    nowMs,
  });
}

describe('callbacks to the destination', () => {
  it('announces every new submission, signed with the callback secret', async () => {
    const endpoint = await receiver();
    servers.push(endpoint.server);
    await start(endpoint.url);
    const destination = demoDestination(test.platform, 0, 0);
    const { sender } = await demoTokens(api, test.platform);
    await quickSubmission(api, sender, destination, { submit: false });
    await test.platform.admin.callbacksSettled();
    // Nothing to fetch yet: no callback before the submission is complete.
    expect(endpoint.calls).toEqual([]);

    const first = await quickSubmission(api, sender, destination);
    const second = await quickSubmission(api, sender, destination);
    // Another destination without a callback: nobody is called for it.
    await quickSubmission(api, sender, demoDestination(test.platform, 0, 1));
    await test.platform.admin.callbacksSettled();
    expect(endpoint.calls).toHaveLength(2);
    for (const [index, submission] of [first, second].entries()) {
      const call = endpoint.calls[index];
      expect(call?.headers.contentType).toBe('application/json');
      expect(call?.headers.timestamp).toBe(String(Math.floor(clock() / 1000)));
      expect(verified(call)).toEqual({ ok: true });
      expect(JSON.parse(call?.body ?? '')).toEqual({
        type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
        submissionIds: [submission.submissionId],
        submissions: [
          {
            destinationId: destination.destinationId,
            submissionId: submission.submissionId,
            caseId: submission.caseId,
          },
        ],
      });
    }
    // A receiver with another secret, or 5 minutes later, refuses the same call.
    expect(verified(endpoint.calls[0], clock(), 'another-secret')).toEqual({
      ok: false,
      refusal: 'wrong-authentication',
    });
    expect(verified(endpoint.calls[0], clock() + 301_000)).toEqual({ ok: false, refusal: 'stale' });
  });

  it('retries a failed callback a bounded number of times; any 2xx ends it', async () => {
    const endpoint = await receiver([500, 503, 202, 500, 500, 500, 500]);
    servers.push(endpoint.server);
    await start(endpoint.url);
    const destination = demoDestination(test.platform, 0, 0);
    const { sender } = await demoTokens(api, test.platform);
    await quickSubmission(api, sender, destination);
    await test.platform.admin.callbacksSettled();
    expect(endpoint.calls).toHaveLength(3);
    expect(endpoint.calls[2]?.body).toBe(endpoint.calls[0]?.body);

    await quickSubmission(api, sender, destination);
    await test.platform.admin.callbacksSettled();
    // 1 + 2 retries, then given up (the subscriber's polling remains).
    expect(endpoint.calls).toHaveLength(6);
    await test.platform.admin.callbacksSettled();
    expect(endpoint.calls).toHaveLength(6);
  });

  it('gives up on an unreachable callback URL without failing the submission', async () => {
    const endpoint = await receiver();
    endpoint.server.close();
    await start(endpoint.url);
    const { sender } = await demoTokens(api, test.platform);
    const sent = await quickSubmission(api, sender, demoDestination(test.platform, 0, 0));
    await test.platform.admin.callbacksSettled();
    const { buergerservice } = await demoTokens(api, test.platform);
    expect((await api.get(`/v1/submissions/${sent.submissionId}`, buergerservice)).status).toBe(200);
  });

  it("announces the service's own reject (day 14) and delete (day 21), not the subscriber's own decision", async () => {
    const endpoint = await receiver();
    servers.push(endpoint.server);
    await start(endpoint.url);
    const destination = demoDestination(test.platform, 0, 0);
    let tokens = await demoTokens(api, test.platform);
    const overdue = await quickSubmission(api, tokens.sender, destination);
    const accepted = await quickSubmission(api, tokens.sender, destination);
    expect((await acceptQuick(api, tokens.buergerservice, destination, accepted)).status).toBe(204);
    await test.platform.admin.callbacksSettled();
    expect(endpoint.calls).toHaveLength(2);

    const bodies = () =>
      endpoint.calls
        .slice(2)
        .map((call) => JSON.parse(call.body) as { type: string; submissionIds: string[] });
    const newEvents = 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events';
    clock.advance(7 * DAY);
    await test.platform.admin.housekeeping();
    await test.platform.admin.callbacksSettled();
    expect(bodies()).toEqual([
      { type: newEvents, submissionIds: [accepted.submissionId], submissions: [expect.anything()] },
    ]);

    clock.advance(7 * DAY);
    // Any request runs the deadlines first: this token request makes the day-14 reject happen.
    tokens = await demoTokens(api, test.platform);
    await test.platform.admin.callbacksSettled();
    expect(bodies().at(-1)).toMatchObject({ type: newEvents, submissionIds: [overdue.submissionId] });
    clock.advance(7 * DAY);
    await test.platform.admin.housekeeping();
    await test.platform.admin.callbacksSettled();
    expect(bodies()).toHaveLength(3);
    expect(bodies().at(-1)).toMatchObject({ type: newEvents, submissionIds: [overdue.submissionId] });
    for (const call of endpoint.calls)
      expect(verified(call, Number(call.headers.timestamp) * 1000)).toEqual({ ok: true });
  });
});
