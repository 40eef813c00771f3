import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticationTagsOf } from '../../../main/fitconnect/authentication-tags';
import { verifySet } from '../../../main/fitconnect/set';
import { manualClock } from '../../../platform/index';
import {
  ApiCaller,
  demoDestination,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  subscriberEvent,
  type TestPlatform,
} from '../../support/platform-harness';

const HOUR = 3_600_000;
const clock = manualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
let test: TestPlatform;
let api: ApiCaller;

beforeAll(async () => {
  test = await startTestPlatform({ clock });
  api = new ApiCaller(test.platform.url);
});

afterAll(async () => {
  await test.close();
});

describe('auto-reject after 14 days in submitted (injected clock)', () => {
  it('keeps a submission for 14 days, then rejects it in the service name and deletes it', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    let tokens = await demoTokens(api, test.platform);
    const overdue = await quickSubmission(api, tokens.sender, destination);
    clock.advance(24 * HOUR);
    tokens = await demoTokens(api, test.platform);
    const younger = await quickSubmission(api, tokens.sender, destination);

    clock.advance(13 * 24 * HOUR - 1);
    tokens = await demoTokens(api, test.platform);
    const before = (await api.get('/v1/submissions', tokens.buergerservice)).json as {
      submissions: { submissionId: string }[];
    };
    expect(before.submissions.map((s) => s.submissionId)).toEqual([
      overdue.submissionId,
      younger.submissionId,
    ]);

    clock.advance(1);
    const after = (await api.get('/v1/submissions', tokens.buergerservice)).json as {
      submissions: { submissionId: string }[];
    };
    expect(after.submissions.map((s) => s.submissionId)).toEqual([younger.submissionId]);
    expect(existsSync(join(test.dataDir, 'parts', overdue.submissionId))).toBe(false);

    const log = (await api.get(`/v1/cases/${overdue.caseId}/events`, tokens.buergerservice)).json as {
      eventLog: string[];
    };
    const jwks = createLocalJWKSet((await api.get('/.well-known/jwks.json')).json as { keys: JWK[] });
    const events = [];
    for (const token of log.eventLog)
      events.push((await verifySet(token, async ({ kid }) => await jwks({ alg: 'PS512', kid }))).claims);
    expect(events.map((e) => e.event)).toEqual([
      'create-submission',
      'submit-submission',
      'reject-submission',
      'delete-submission',
    ]);
    expect(events[2]).toMatchObject({
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

    const accept = await subscriberEvent(destination, {
      ...overdue,
      event: 'accept-submission',
      payload: {
        authenticationTags: authenticationTagsOf({
          metadata: overdue.metadata,
          data: overdue.data,
          attachments: overdue.attachments,
        }),
      },
    });
    expect(
      (await api.postJose(`/v1/cases/${overdue.caseId}/events`, tokens.buergerservice, accept)).status,
    ).toBe(409);

    clock.advance(24 * HOUR);
    expect(await test.platform.admin.rejectOverdue()).toBe(1);
    expect(await test.platform.admin.rejectOverdue()).toBe(0);
  });
});
