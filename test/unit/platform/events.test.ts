import { createPrivateKey, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticationTagsOf } from '../../../main/fitconnect/authentication-tags';
import { decodeSet, eventUri } from '../../../main/fitconnect/set';
import type { DemoDestination } from '../../../platform/index';
import { rejectionProblem } from '../../../shared/fitconnect/problems';
import {
  ApiCaller,
  demoDestination,
  demoTokens,
  type QuickSubmission,
  quickSubmission,
  startTestPlatform,
  subscriberEvent,
  type TestPlatform,
} from '../../support/platform-harness';

const problemType = (name: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${name}`;
let test: TestPlatform;
let api: ApiCaller;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

function tagsOf(submission: QuickSubmission) {
  return authenticationTagsOf({
    metadata: submission.metadata,
    data: submission.data,
    attachments: submission.attachments,
  });
}

/** A token signed as the destination but built by hand (without `$schema`), as a lax subscriber might. */
function rawEvent(destination: DemoDestination, claims: Record<string, unknown>): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: destination.signingKey.kid ?? '' })
    .sign(createPrivateKey({ key: destination.signingKey as never, format: 'jwk' }));
}

async function post(submission: QuickSubmission, token: string) {
  return api.postJose(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice, token);
}

beforeAll(async () => {
  test = await startTestPlatform();
  api = new ApiCaller(test.platform.url);
  tokens = await demoTokens(api, test.platform);
});

afterAll(async () => {
  await test.close();
});

describe('accept and reject', () => {
  it('accepts with the delivered tags; the parts stay until the deletion deadline', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const submission = await quickSubmission(api, tokens.sender, destination, { attachments: 2 });
    const partsDir = join(test.dataDir, 'parts', submission.submissionId);
    expect(existsSync(partsDir)).toBe(true);
    const accept = await subscriberEvent(destination, {
      ...submission,
      event: 'accept-submission',
      payload: { authenticationTags: tagsOf(submission) },
    });
    const answer = await post(submission, accept);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    // Deleted 7 days after the decision (deadlines.test.ts), not at once.
    expect(existsSync(partsDir)).toBe(true);
    expect((await api.get(`/v1/submissions/${submission.submissionId}`, tokens.buergerservice)).status).toBe(
      404,
    );
    const listed = (await api.get('/v1/submissions', tokens.buergerservice)).json as {
      submissions: { submissionId: string }[];
    };
    expect(listed.submissions.map((s) => s.submissionId)).not.toContain(submission.submissionId);

    const log = (await api.get(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice)).json as {
      eventLog: string[];
    };
    expect(log.eventLog.map((token) => decodeSet(token).claims.event)).toEqual([
      'create-submission',
      'submit-submission',
      'accept-submission',
    ]);
    expect(log.eventLog[2]).toBe(accept);

    // A decided submission takes no second decision.
    const again = await post(
      submission,
      await subscriberEvent(destination, {
        ...submission,
        event: 'accept-submission',
        payload: { authenticationTags: tagsOf(submission) },
      }),
    );
    expect(again.json).toMatchObject({ status: 409, type: problemType('submission-state-invalid') });
    const late = await post(
      submission,
      await subscriberEvent(destination, {
        ...submission,
        event: 'reject-submission',
        payload: { problems: [rejectionProblem('technical-error', 'submission', 'd')] },
      }),
    );
    expect(late.status).toBe(409);
  });

  it('rejects with problems from the table, and refuses unknown problems', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const submission = await quickSubmission(api, tokens.sender, destination);
    const bogus = await subscriberEvent(destination, {
      ...submission,
      event: 'reject-submission',
      payload: {
        problems: [{ type: 'https://example.org/not-a-problem', title: 'x', instance: 'metadata' }],
      },
    });
    expect((await post(submission, bogus)).json).toMatchObject({
      status: 422,
      type: problemType('invalid-event'),
    });
    for (const instance of ['anlage', 'attachment:1', 'attachment:', 'Metadata']) {
      const malformed = await subscriberEvent(destination, {
        ...submission,
        event: 'reject-submission',
        payload: {
          problems: [
            rejectionProblem('technical-error', 'submission', 'd'),
            {
              type: 'https://schema.fitko.de/fit-connect/events/problems/missing-attachment',
              title: 'x',
              instance,
            },
          ],
        },
      });
      const refused = await post(submission, malformed);
      expect(refused.contentType).toBe('application/problem+json');
      expect(refused.json).toMatchObject({ status: 422, type: problemType('invalid-event') });
    }
    const reject = await subscriberEvent(destination, {
      ...submission,
      event: 'reject-submission',
      payload: {
        problems: [rejectionProblem('hash-mismatch', 'data', 'The data hash differs from the metadata.')],
      },
    });
    expect((await post(submission, reject)).status).toBe(204);
    expect((await api.get(`/v1/submissions/${submission.submissionId}`, tokens.buergerservice)).status).toBe(
      404,
    );
  });

  it('is no stricter than the receivers: a known problem with any well-formed instance decides the submission', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    // The two rejections another receiver sent, which the project's own table pairs with other parts.
    const foreign = [
      { name: 'incorrect-authentication-tag', instance: 'submission' },
      { name: 'attachments-mismatch', instance: 'metadata' },
      { name: 'missing-attachment', instance: 'data' },
      { name: 'technical-error', instance: `attachment:${randomUUID()}` },
    ];
    for (const { name, instance } of foreign) {
      const submission = await quickSubmission(api, tokens.sender, destination);
      const problem = {
        type: `https://schema.fitko.de/fit-connect/events/problems/${name}`,
        title: 'Vom Empfänger übernommen',
        detail: 'd',
        instance,
      };
      const reject = await subscriberEvent(destination, {
        ...submission,
        event: 'reject-submission',
        payload: { problems: [problem] },
      });
      expect((await post(submission, reject)).status, `${name} on ${instance}`).toBe(204);
      const log = (await api.get(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice)).json as {
        eventLog: string[];
      };
      const decided = log.eventLog.map((token) => decodeSet(token).claims);
      expect(decided.map((claims) => claims.event)).toContain('reject-submission');
      expect(decided.find((claims) => claims.event === 'reject-submission')?.payload).toEqual({
        problems: [problem],
      });
    }
  });

  it('answers 422 for tokens that are not acceptable', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const other = demoDestination(test.platform, 0, 1);
    const submission = await quickSubmission(api, tokens.sender, destination, { attachments: 2 });
    const second = await quickSubmission(api, tokens.sender, destination);
    const tags = tagsOf(submission);
    const [firstAttachment] = submission.attachments.keys();
    const swapped = { ...tags, attachments: { ...tags.attachments, [firstAttachment ?? '']: tags.metadata } };
    const { data: _omitted, ...withoutData } = tags;
    const candidates: [string, Promise<string> | string][] = [
      [
        'wrong tags',
        subscriberEvent(destination, {
          ...submission,
          event: 'accept-submission',
          payload: { authenticationTags: swapped },
        }),
      ],
      [
        'missing data tag',
        subscriberEvent(destination, {
          ...submission,
          event: 'accept-submission',
          payload: { authenticationTags: withoutData },
        }),
      ],
      [
        'no tags',
        rawEvent(destination, {
          jti: randomUUID(),
          iss: destination.destinationId,
          iat: 1_700_000_000,
          sub: `submission:${submission.submissionId}`,
          txn: `case:${submission.caseId}`,
          events: { [eventUri('accept-submission')]: {} },
        }),
      ],
      [
        'other destination key',
        subscriberEvent(
          destination,
          { ...submission, event: 'accept-submission', payload: { authenticationTags: tags } },
          other.signingKey,
        ),
      ],
      [
        'other issuer',
        subscriberEvent(destination, {
          ...submission,
          event: 'accept-submission',
          payload: { authenticationTags: tags },
          issuer: other.destinationId,
        }),
      ],
      [
        'other case',
        subscriberEvent(destination, {
          ...submission,
          caseId: second.caseId,
          event: 'accept-submission',
          payload: { authenticationTags: tags },
        }),
      ],
      [
        'submission of another case',
        subscriberEvent(destination, {
          ...submission,
          submissionId: second.submissionId,
          event: 'accept-submission',
          payload: { authenticationTags: tagsOf(second) },
        }),
      ],
      [
        'service event',
        subscriberEvent(destination, {
          ...submission,
          event: 'submit-submission',
          payload: { authenticationTags: tags },
        }),
      ],
      ['garbage', 'eyJhbGciOiJub25lIn0.e30.'],
      [
        'encryption key used to sign',
        subscriberEvent(
          destination,
          { ...submission, event: 'accept-submission', payload: { authenticationTags: tags } },
          { ...(destination.encryptionKeys[0] ?? destination.signingKey) },
        ),
      ],
    ];
    for (const [label, token] of candidates) {
      const answer = await post(submission, await token);
      expect({ label, status: answer.status }).toEqual({ label, status: 422 });
    }
    // A replayed jti is refused even when the rest would be fine.
    const used = (await api.get(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice)).json as {
      eventLog: string[];
    };
    const replay = await subscriberEvent(destination, {
      ...submission,
      event: 'accept-submission',
      payload: { authenticationTags: tags },
      jti: decodeSet(used.eventLog[0] ?? '').claims.jti,
    });
    expect((await post(submission, replay)).status).toBe(422);
    // Still open: none of the refused tokens changed anything.
    expect((await api.get(`/v1/submissions/${submission.submissionId}`, tokens.buergerservice)).status).toBe(
      200,
    );
    expect(
      (
        await post(
          submission,
          await subscriberEvent(destination, {
            ...submission,
            event: 'accept-submission',
            payload: { authenticationTags: tags },
          }),
        )
      ).status,
    ).toBe(204);
  });

  it('answers 409 for a submission not yet submitted, 415 for a wrong media type', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const pending = await quickSubmission(api, tokens.sender, destination, { submit: false });
    const accept = await subscriberEvent(destination, {
      ...pending,
      event: 'accept-submission',
      payload: { authenticationTags: tagsOf(pending) },
    });
    expect((await post(pending, accept)).json).toMatchObject({ status: 409 });
    const wrongType = await api.call('POST', `/v1/cases/${pending.caseId}/events`, {
      token: tokens.buergerservice,
      contentType: 'application/json',
      body: accept,
    });
    expect(wrongType.status).toBe(415);
    expect(
      (await api.postJose(`/v1/cases/${randomUUID()}/events`, tokens.buergerservice, accept)).status,
    ).toBe(404);
  });
});
