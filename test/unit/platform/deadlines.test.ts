import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type SetClaims, verifySet } from '../../../main/fitconnect/set';
import { type ManualClock, manualClock } from '../../../platform/index';
import {
  ApiCaller,
  acceptQuick,
  adminCaller,
  demoDestination,
  demoTokens,
  type QuickSubmission,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

const DAY = 24 * 3_600_000;
let test: TestPlatform;
let api: ApiCaller;
let clock: ManualClock;

async function start(): Promise<void> {
  clock = manualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  test = await startTestPlatform({ clock });
  api = new ApiCaller(test.platform.url);
}

afterEach(async () => {
  await test.close();
});

/** The case's event log, every token verified against the service's JWKS or the destination's key. */
async function eventsOf(submission: QuickSubmission): Promise<SetClaims[]> {
  const tokens = await demoTokens(api, test.platform);
  const log = (await api.get(`/v1/cases/${submission.caseId}/events`, tokens.sender)).json as {
    eventLog: string[];
  };
  const jwks = createLocalJWKSet((await api.get('/.well-known/jwks.json')).json as { keys: JWK[] });
  const destination = demoDestination(test.platform, 0, 0);
  const claims: SetClaims[] = [];
  for (const token of log.eventLog) {
    const verified = await verifySet(token, async ({ kid, issuer }) =>
      issuer === destination.destinationId
        ? createPublicKey({ key: destination.signingKey as never, format: 'jwk' })
        : await jwks({ alg: 'PS512', kid }),
    );
    claims.push(verified.claims);
  }
  return claims;
}

function partsExist(submission: QuickSubmission): boolean {
  return existsSync(join(test.dataDir, 'parts', submission.submissionId));
}

async function reminders(): Promise<{ submissionId: string; day: number; dueAt: number }[]> {
  const admin = adminCaller(test.platform);
  const destination = demoDestination(test.platform, 0, 0);
  const answer = await admin.api.get(
    `/admin/reminders?destinationId=${destination.destinationId}`,
    admin.token,
  );
  expect(answer.status).toBe(200);
  return (answer.json as { reminders: { submissionId: string; day: number; dueAt: number }[] }).reminders;
}

describe('FITKO deadlines by the injected clock', () => {
  it('reminds the operator on days 3 and 9, rejects on day 14 and deletes on day 21', async () => {
    await start();
    const destination = demoDestination(test.platform, 0, 0);
    const submittedAt = clock();
    const waiting = await quickSubmission(api, (await demoTokens(api, test.platform)).sender, destination);

    clock.advance(3 * DAY - 1);
    expect(await test.platform.admin.housekeeping()).toEqual({ reminded: 0, rejected: 0, deleted: 0 });
    expect(await reminders()).toEqual([]);
    clock.advance(1);
    expect((await test.platform.admin.housekeeping()).reminded).toBe(1);
    expect(await reminders()).toMatchObject([
      { submissionId: waiting.submissionId, day: 3, dueAt: submittedAt + 3 * DAY },
    ]);
    // Recorded once, however often the sweep runs.
    expect((await test.platform.admin.housekeeping()).reminded).toBe(0);

    clock.advance(6 * DAY);
    expect((await test.platform.admin.housekeeping()).reminded).toBe(1);
    expect((await reminders()).map((r) => r.day)).toEqual([3, 9]);

    clock.advance(5 * DAY - 1);
    expect((await test.platform.admin.housekeeping()).rejected).toBe(0);
    clock.advance(1);
    expect(await test.platform.admin.housekeeping()).toEqual({ reminded: 0, rejected: 1, deleted: 0 });
    const rejected = await eventsOf(waiting);
    expect(rejected.map((e) => e.event)).toEqual([
      'create-submission',
      'submit-submission',
      'reject-submission',
    ]);
    expect(rejected[2]).toMatchObject({
      issuer: test.platform.issuer,
      issuedAt: Math.floor(clock() / 1000),
      payload: {
        problems: [
          {
            type: 'https://schema.fitko.de/fit-connect/events/problems/technical-error',
            instance: 'submission',
          },
        ],
      },
    });
    // No longer fetchable, nor to be decided by the subscriber.
    const tokens = await demoTokens(api, test.platform);
    expect((await api.get(`/v1/submissions/${waiting.submissionId}`, tokens.buergerservice)).status).toBe(
      404,
    );
    expect((await acceptQuick(api, tokens.buergerservice, destination, waiting)).status).toBe(409);
    expect(partsExist(waiting)).toBe(true);

    clock.advance(7 * DAY - 1);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(0);
    clock.advance(1);
    expect(await test.platform.admin.housekeeping()).toEqual({ reminded: 0, rejected: 0, deleted: 1 });
    expect(partsExist(waiting)).toBe(false);
    const deleted = await eventsOf(waiting);
    expect(deleted.map((e) => e.event).at(-1)).toBe('delete-submission');
    expect(deleted.at(-1)?.issuer).toBe(test.platform.issuer);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(0);
  });

  it('deletes a fetched and decided submission 7 days after the decision', async () => {
    await start();
    const destination = demoDestination(test.platform, 0, 0);
    let tokens = await demoTokens(api, test.platform);
    const accepted = await quickSubmission(api, tokens.sender, destination);
    expect((await api.get(`/v1/submissions/${accepted.submissionId}`, tokens.buergerservice)).status).toBe(
      200,
    );
    clock.advance(2 * DAY);
    tokens = await demoTokens(api, test.platform);
    expect((await acceptQuick(api, tokens.buergerservice, destination, accepted)).status).toBe(204);

    clock.advance(7 * DAY - 1);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(0);
    expect(partsExist(accepted)).toBe(true);
    clock.advance(1);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(1);
    expect(partsExist(accepted)).toBe(false);
    expect((await eventsOf(accepted)).map((e) => e.event)).toEqual([
      'create-submission',
      'submit-submission',
      'accept-submission',
      'delete-submission',
    ]);
    // Decided on day 2: no reminder was ever due for it.
    expect(await reminders()).toEqual([]);
  });

  it('deletes an incomplete submission after 1 day; its sender can no longer complete it', async () => {
    await start();
    const destination = demoDestination(test.platform, 0, 0);
    const tokens = await demoTokens(api, test.platform);
    const incomplete = await quickSubmission(api, tokens.sender, destination, { submit: false });
    expect(partsExist(incomplete)).toBe(true);

    clock.advance(DAY - 1);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(0);
    clock.advance(1);
    expect((await test.platform.admin.housekeeping()).deleted).toBe(1);
    expect(partsExist(incomplete)).toBe(false);
    const sender = (await demoTokens(api, test.platform)).sender;
    const submit = await api.putJson(`/v1/submissions/${incomplete.submissionId}`, sender, {
      encryptedMetadata: incomplete.metadata,
      encryptedData: incomplete.data,
    });
    expect(submit.status).toBe(404);
    expect(submit.contentType).toBe('application/problem+json');
    expect((await eventsOf(incomplete)).map((e) => e.event)).toEqual([
      'create-submission',
      'delete-submission',
    ]);
  });
});
