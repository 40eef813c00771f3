import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let test: TestPlatform;
let api: ApiCaller;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let ordnungsamtSubmission: QuickSubmission;
let buergerserviceSubmission: QuickSubmission;

const problemType = (name: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${name}`;

beforeAll(async () => {
  test = await startTestPlatform();
  api = new ApiCaller(test.platform.url);
  tokens = await demoTokens(api, test.platform);
  ordnungsamtSubmission = await quickSubmission(api, tokens.sender, demoDestination(test.platform, 1, 0));
  buergerserviceSubmission = await quickSubmission(api, tokens.sender, demoDestination(test.platform, 0, 0));
});

afterAll(async () => {
  await test.close();
});

describe('per-destination authorization', () => {
  it('lets a subscriber see only its own destinations', async () => {
    const own = demoDestination(test.platform, 0, 1);
    const foreign = demoDestination(test.platform, 1, 0);
    expect((await api.get(`/v1/destinations/${own.destinationId}`, tokens.buergerservice)).status).toBe(200);
    const info = await api.get(`/v1/destinations/${foreign.destinationId}`, tokens.buergerservice);
    expect(info.status).toBe(403);
    expect(info.json).toMatchObject({ type: problemType('forbidden') });
    expect(
      (
        await api.get(
          `/v1/destinations/${foreign.destinationId}/keys/${foreign.signingKey.kid}`,
          tokens.buergerservice,
        )
      ).status,
    ).toBe(403);
    const list = await api.get(
      `/v1/submissions?destinationId=${foreign.destinationId}`,
      tokens.buergerservice,
    );
    expect(list.status).toBe(403);
  });

  it('lists across all own destinations when no destination is named', async () => {
    const all = await api.get('/v1/submissions', tokens.buergerservice);
    const ids = (all.json as { submissions: { submissionId: string }[] }).submissions.map(
      (s) => s.submissionId,
    );
    expect(ids).toContain(buergerserviceSubmission.submissionId);
    expect(ids).not.toContain(ordnungsamtSubmission.submissionId);
  });

  it('hides submissions, attachments and cases of other destinations (404)', async () => {
    const { submissionId, caseId, attachments } = ordnungsamtSubmission;
    const [attachmentId] = attachments.keys();
    const get = await api.get(`/v1/submissions/${submissionId}`, tokens.buergerservice);
    expect(get.status).toBe(404);
    expect(get.json).toMatchObject({ type: problemType('submission-not-found') });
    expect(
      (await api.get(`/v1/submissions/${submissionId}/attachments/${attachmentId}`, tokens.buergerservice))
        .status,
    ).toBe(404);
    expect((await api.get(`/v1/cases/${caseId}/events`, tokens.buergerservice)).status).toBe(404);
    const event = await subscriberEvent(demoDestination(test.platform, 0, 0), {
      caseId,
      submissionId,
      event: 'reject-submission',
      payload: {
        problems: [
          {
            type: 'https://schema.fitko.de/fit-connect/events/problems/technical-error',
            title: 't',
            instance: 'submission',
          },
        ],
      },
    });
    expect((await api.postJose(`/v1/cases/${caseId}/events`, tokens.buergerservice, event)).status).toBe(404);
    // The owner sees it.
    expect((await api.get(`/v1/submissions/${submissionId}`, tokens.ordnungsamt)).status).toBe(200);
  });

  it('keeps the roles apart: senders cannot subscribe, subscribers cannot send', async () => {
    expect((await api.get('/v1/submissions', tokens.sender)).status).toBe(403);
    expect(
      (await api.get(`/v1/submissions/${ordnungsamtSubmission.submissionId}`, tokens.sender)).status,
    ).toBe(403);
    const destination = demoDestination(test.platform, 0, 0);
    const create = await api.postJson('/v1/submissions', tokens.buergerservice, {
      destinationId: destination.destinationId,
      announcedAttachments: [],
      serviceType: { name: 'x', identifier: 'urn:de:fim:leika:leistung:99115001007000' },
    });
    expect(create.status).toBe(403);
    const submit = await api.putJson(
      `/v1/submissions/${buergerserviceSubmission.submissionId}`,
      tokens.buergerservice,
      { encryptedMetadata: 'a.b.c.d.e' },
    );
    expect(submit.status).toBe(403);
  });

  it('shows a case log to the sender that opened it and to the destination subscriber', async () => {
    const { caseId } = ordnungsamtSubmission;
    expect((await api.get(`/v1/cases/${caseId}/events`, tokens.sender)).status).toBe(200);
    expect((await api.get(`/v1/cases/${caseId}/events`, tokens.ordnungsamt)).status).toBe(200);
  });
});
