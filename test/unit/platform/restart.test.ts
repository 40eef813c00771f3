import { afterAll, describe, expect, it } from 'vitest';
import {
  ApiCaller,
  demoDestination,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

const started: TestPlatform[] = [];

afterAll(async () => {
  for (const each of started.reverse()) await each.close();
});

describe('restart', () => {
  it('keeps destinations, keys, clients, tokens, submissions, attachments and events', async () => {
    const first = await startTestPlatform();
    started.push(first);
    const api = new ApiCaller(first.platform.url);
    const tokens = await demoTokens(api, first.platform);
    const destination = demoDestination(first.platform, 0, 0);
    const submission = await quickSubmission(api, tokens.sender, destination, { attachments: 2 });
    const jwksBefore = (await api.get('/.well-known/jwks.json')).json;
    const logBefore = (await api.get(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice)).json;
    await first.stop();

    const second = await startTestPlatform({ dataDir: first.dataDir });
    started.push(second);
    const again = new ApiCaller(second.platform.url);
    expect(second.platform.demo).toEqual(first.platform.demo);
    expect(second.platform.issuer).toBe(first.platform.issuer);
    expect((await again.get('/.well-known/jwks.json')).json).toEqual(jwksBefore);
    // The old access token is still valid: tokens are persisted (as hashes).
    const listed = (await again.get('/v1/submissions', tokens.buergerservice)).json as {
      submissions: { submissionId: string }[];
    };
    expect(listed.submissions.map((s) => s.submissionId)).toEqual([submission.submissionId]);
    for (const [id, jwe] of submission.attachments) {
      expect(
        (
          await again.get(
            `/v1/submissions/${submission.submissionId}/attachments/${id}`,
            tokens.buergerservice,
          )
        ).text,
      ).toBe(jwe);
    }
    expect((await again.get(`/v1/cases/${submission.caseId}/events`, tokens.buergerservice)).json).toEqual(
      logBefore,
    );
  });
});
