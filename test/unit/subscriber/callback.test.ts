import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackAuthentication } from '../../../main/fitconnect/callback';
import type { SyncResult } from '../../../main/fitconnect/subscriber';
import {
  type CallbackOutcome,
  type CallbackReceiver,
  startCallbackReceiver,
} from '../../../main/fitconnect/subscriber/callback-receiver';
import { demoDestinations, type SubscriberFixture, sendLight, startSubscriber } from './fixtures';

const SECRET = 'callback-secret-of-the-destination';

function sign(timestamp: number, body: string, secret = SECRET): string {
  return callbackAuthentication(secret, timestamp, body);
}

describe('FIT-Connect callbacks', () => {
  let f: SubscriberFixture;
  let receiver: CallbackReceiver;
  let destinationId: string;
  let clock = Date.now();
  const outcomes: CallbackOutcome[] = [];
  const syncs: Promise<SyncResult>[] = [];

  beforeAll(async () => {
    f = await startSubscriber();
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    destinationId = destination.destinationId;
    receiver = await startCallbackReceiver({
      secretOf: (id) => (id === destinationId ? SECRET : undefined),
      onNewSubmissions: () => void syncs.push(f.sync.run()),
      onOutcome: (outcome) => void outcomes.push(outcome),
      now: () => new Date(clock),
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
  });

  async function post(
    body: string,
    headers: { timestamp: number | string; authentication: string },
    destination = destinationId,
  ): Promise<{ status: number; outcome: CallbackOutcome | undefined }> {
    const before = outcomes.length;
    const response = await fetch(`${receiver.url}/callbacks/${destination}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'callback-timestamp': String(headers.timestamp),
        'callback-authentication': headers.authentication,
      },
      body,
    });
    return { status: response.status, outcome: outcomes.slice(before)[0] };
  }

  const newSubmission = (submissionId: string, caseId: string) =>
    JSON.stringify({
      type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
      submissions: [{ destinationId, submissionId, caseId }],
    });

  it('an authentic, fresh callback syncs at once: the submission is stored and its receipt queued', async () => {
    const [sent] = await sendLight(f.sender, demoDestinations(f.platform).slice(0, 1), 1, { seed: 3 });
    if (sent === undefined) throw new Error('nothing sent');
    const body = newSubmission(sent.sent.submissionId, sent.sent.caseId);
    const timestamp = Math.floor(clock / 1000);
    expect(await post(body, { timestamp, authentication: sign(timestamp, body) })).toEqual({
      status: 204,
      outcome: 'synced',
    });
    expect(syncs).toHaveLength(1);
    expect(await syncs[0]).toMatchObject({ fetched: 1 });
    expect(f.vault.vault.cases.findSubmission(sent.sent.submissionId)).not.toBeNull();
    expect((await f.outbox.list({})).map((item) => item.idempotencyKey)).toContain(
      `accept-submission:${sent.sent.submissionId}`,
    );
  });

  it('ignores a tampered body, a wrong secret, a replay, a stale or a malformed callback: no sync', async () => {
    const body = newSubmission(
      '5f0e3c9a-1111-4222-8333-444455556666',
      '5f0e3c9a-1111-4222-8333-777788889999',
    );
    const timestamp = Math.floor(clock / 1000);
    const authentication = sign(timestamp, body);
    const tampered = body.replace('5f0e3c9a-1111', '5f0e3c9a-2222');
    expect(await post(tampered, { timestamp, authentication })).toEqual({
      status: 204,
      outcome: 'wrong-authentication',
    });
    expect(
      await post(body, { timestamp, authentication: sign(timestamp, body, 'someone else’s secret') }),
    ).toEqual({ status: 204, outcome: 'wrong-authentication' });
    // The timestamp is part of what is signed: a newer one on the old signature does not verify.
    expect(await post(body, { timestamp: timestamp + 1, authentication })).toEqual({
      status: 204,
      outcome: 'wrong-authentication',
    });

    // Authentic and fresh: synced once; the same callback again is a replay.
    expect(await post(body, { timestamp, authentication })).toMatchObject({ outcome: 'synced' });
    expect(await post(body, { timestamp, authentication })).toEqual({ status: 204, outcome: 'replayed' });

    // Authentic, but older than 5 minutes (and one far in the future).
    const old = timestamp - 5 * 60 - 1;
    expect(await post(body, { timestamp: old, authentication: sign(old, body) })).toEqual({
      status: 204,
      outcome: 'stale',
    });
    const ahead = timestamp + 5 * 60 + 1;
    expect(await post(body, { timestamp: ahead, authentication: sign(ahead, body) })).toMatchObject({
      outcome: 'stale',
    });
    // Just inside the window it counts.
    const recent = timestamp - 5 * 60 + 1;
    expect(await post(body, { timestamp: recent, authentication: sign(recent, body) })).toMatchObject({
      outcome: 'synced',
    });

    expect(await post(body, { timestamp: 'gestern', authentication })).toMatchObject({
      outcome: 'missing-headers',
    });
    expect(await post(body, { timestamp, authentication: 'abc' })).toMatchObject({
      outcome: 'wrong-authentication',
    });
    expect(await post(body, { timestamp, authentication }, '00000000-0000-4000-8000-000000000000')).toEqual({
      status: 404,
      outcome: 'unknown-destination',
    });

    // One sync from the first test, two from the authentic callbacks here.
    expect(syncs).toHaveLength(3);
    await Promise.all(syncs);
  });

  it('a replay after the window has passed is stale', async () => {
    const body = newSubmission(
      '6f0e3c9a-1111-4222-8333-444455556666',
      '6f0e3c9a-1111-4222-8333-777788889999',
    );
    const timestamp = Math.floor(clock / 1000);
    const authentication = sign(timestamp, body);
    expect(await post(body, { timestamp, authentication })).toMatchObject({ outcome: 'synced' });
    clock += 6 * 60 * 1000;
    expect(await post(body, { timestamp, authentication })).toMatchObject({ outcome: 'stale' });
    await Promise.all(syncs);
  });
});
