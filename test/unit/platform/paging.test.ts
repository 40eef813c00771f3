import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiCaller,
  demoDestination,
  demoTokens,
  type QuickSubmission,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

type Page = { offset: number; count: number; totalCount: number; submissions: { submissionId: string }[] };

const TOTAL = 105;
let test: TestPlatform;
let api: ApiCaller;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let destinationId: string;
const sent: QuickSubmission[] = [];

beforeAll(async () => {
  test = await startTestPlatform();
  api = new ApiCaller(test.platform.url);
  tokens = await demoTokens(api, test.platform);
  const destination = demoDestination(test.platform, 0, 0);
  destinationId = destination.destinationId;
  for (let i = 0; i < TOTAL; i++)
    sent.push(await quickSubmission(api, tokens.sender, destination, { attachments: 0 }));
  // One left incomplete: it must never be listed.
  await quickSubmission(api, tokens.sender, destination, { attachments: 0, submit: false });
});

afterAll(async () => {
  await test.close();
});

async function page(query: string): Promise<{ status: number; body: Page }> {
  const response = await api.get(
    `/v1/submissions?destinationId=${destinationId}${query}`,
    tokens.buergerservice,
  );
  return { status: response.status, body: response.json as Page };
}

describe('paging of submissions', () => {
  it('defaults to offset 0 and limit 100, oldest first, submitted only', async () => {
    const { status, body } = await page('');
    expect(status).toBe(200);
    expect(body).toMatchObject({ offset: 0, count: 100, totalCount: TOTAL });
    expect(body.submissions.map((s) => s.submissionId)).toEqual(
      sent.slice(0, 100).map((s) => s.submissionId),
    );
  });

  it('walks the pages without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < TOTAL; offset += 40) {
      const { body } = await page(`&offset=${offset}&limit=40`);
      expect(body.offset).toBe(offset);
      expect(body.count).toBe(Math.min(40, TOTAL - offset));
      seen.push(...body.submissions.map((s) => s.submissionId));
    }
    expect(seen).toEqual(sent.map((s) => s.submissionId));
  });

  it('answers an empty page beyond the end, with the true total', async () => {
    expect((await page(`&offset=${TOTAL}`)).body).toEqual({
      offset: TOTAL,
      count: 0,
      totalCount: TOTAL,
      submissions: [],
    });
    expect((await page('&offset=100000')).body).toMatchObject({
      offset: 100000,
      count: 0,
      totalCount: TOTAL,
    });
    expect((await page(`&offset=${TOTAL - 1}&limit=10`)).body.count).toBe(1);
  });

  it('accepts limit 500 and refuses 501, 0 and anything not a whole number', async () => {
    expect((await page('&limit=500')).body).toMatchObject({ count: TOTAL, totalCount: TOTAL });
    for (const query of [
      '&limit=501',
      '&limit=0',
      '&limit=-1',
      '&limit=abc',
      '&limit=1.5',
      '&offset=-1',
      '&offset=x',
      '&offset=01',
    ]) {
      const { status, body } = await page(query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect((body as unknown as { type: string }).type).toBe(
        'https://schema.fitko.de/fit-connect/submission-api/problems/invalid-request',
      );
    }
    expect((await api.get('/v1/submissions?destinationId=not-a-uuid', tokens.buergerservice)).status).toBe(
      400,
    );
  });

  it('pages the event log the same way', async () => {
    const first = sent[0];
    const log = await api.get(`/v1/cases/${first?.caseId}/events?limit=1`, tokens.buergerservice);
    expect(log.json).toMatchObject({ offset: 0, count: 1, totalCount: 2 });
    const beyond = await api.get(`/v1/cases/${first?.caseId}/events?offset=5`, tokens.buergerservice);
    expect(beyond.json).toEqual({ offset: 5, count: 0, totalCount: 2, eventLog: [] });
    expect((await api.get(`/v1/cases/${first?.caseId}/events?limit=501`, tokens.buergerservice)).status).toBe(
      400,
    );
  });
});
