/**
 * Callbacks through the app: once the department profile gives its destination a callback secret, a
 * callback signed with it makes the app sync that department at once; one signed otherwise is ignored.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackHeaders } from '../../../main/fitconnect/callback';
import {
  createPlatformDeskApp,
  type PlatformDeskApp,
  reimportBuergerservice,
} from '../../support/platform-desk-app';

const SECRET = 'the Bürgerservice callback secret';

let desk: PlatformDeskApp;

beforeAll(async () => {
  desk = await createPlatformDeskApp({ buergerservice: 2, seed: 3 });
  await reimportBuergerservice(desk, (profile) => {
    for (const destination of profile.destinations) destination.callbackSecret = SECRET;
  });
});
afterAll(() => desk?.close());

async function post(destinationId: string, body: string, secret: string): Promise<number> {
  const response = await fetch(`${desk.app.callbackUrl}/callbacks/${destinationId}`, {
    method: 'POST',
    headers: callbackHeaders(secret, body, Date.now()),
    body,
  });
  return response.status;
}

const stored = (submissionId: string) => desk.app.vault.cases.findSubmission(submissionId) !== null;

describe('FIT-Connect callbacks through the app', () => {
  it('ignores a callback signed with another secret, and syncs at once on an authentic one', async () => {
    const [first, second] = desk.sent.buergerservice;
    if (!first || !second) throw new Error('two applications needed');
    const body = JSON.stringify({
      type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
      submissions: [
        { destinationId: first.destinationId, submissionId: first.submissionId, caseId: first.caseId },
      ],
    });

    expect(await post(first.destinationId, body, 'not the secret')).toBe(204);
    await delay(500);
    expect(stored(first.submissionId)).toBe(false);
    expect(desk.log.lines.filter((line) => line.includes('fitconnect.callback'))).toEqual([
      expect.stringContaining('wrong-authentication'),
    ]);

    expect(await post(first.destinationId, body, SECRET)).toBe(204);
    const until = Date.now() + 30_000;
    const both = () => stored(first.submissionId) && stored(second.submissionId);
    while (!both() && Date.now() < until) await delay(50);
    // The sync brings the department's every new submission, and each gets its receipt.
    expect(both()).toBe(true);
    expect((await desk.deliveredDecisions(first.caseId)).map((d) => d.claims.event)).toEqual([
      'accept-submission',
    ]);
  });
});
