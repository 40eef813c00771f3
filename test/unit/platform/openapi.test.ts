import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticationTagsOf } from '../../../main/fitconnect/authentication-tags';
import { encryptPart } from '../../../main/fitconnect/crypto';
import { rejectionProblem } from '../../../shared/fitconnect/problems';
import {
  ApiCaller,
  demoDestination,
  demoEncryptionKey,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  subscriberEvent,
  type TestPlatform,
} from '../../support/platform-harness';
import { createOpenApiChecker } from '../../support/platform-openapi';
import { vendorKey } from '../../support/vendor-keys';

let test: TestPlatform;
let api: ApiCaller;

beforeAll(async () => {
  test = await startTestPlatform({ limits: { attachmentBytes: 64 * 1024 } });
  api = new ApiCaller(test.platform.url);
});

afterAll(async () => {
  await test.close();
});

/** Exercises every operation with successes and failures; every answer is then checked against openapi.json. */
async function exercise(): Promise<void> {
  const { sender, buergerservice, ordnungsamt } = await demoTokens(api, test.platform);
  const form = (fields: Record<string, string>) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
  });
  await api.call(
    'POST',
    '/token',
    form({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
  );
  await api.call('POST', '/token', form({ grant_type: 'implicit' }));
  await api.get('/.well-known/jwks.json');

  const destination = demoDestination(test.platform, 0, 0);
  const foreign = demoDestination(test.platform, 1, 0);
  const key = demoEncryptionKey(destination);
  await api.get(`/v1/destinations/${destination.destinationId}`, buergerservice);
  await api.get(`/v1/destinations/${destination.destinationId}`, sender);
  await api.get(`/v1/destinations/${foreign.destinationId}`, buergerservice);
  await api.get(`/v1/destinations/${randomUUID()}`, sender);
  await api.get(`/v1/destinations/${destination.destinationId}`);
  await api.get(
    `/v1/destinations/${destination.destinationId}/keys/${destination.encryptionKeys[0]?.kid}`,
    sender,
  );
  await api.get(
    `/v1/destinations/${destination.destinationId}/keys/${destination.signingKey.kid}`,
    buergerservice,
  );
  await api.get(`/v1/destinations/${destination.destinationId}/keys/${randomUUID()}`, sender);

  const service = { name: 'Anmeldung einer Wohnung', identifier: 'urn:de:fim:leika:leistung:99115001007000' };
  await api.postJson('/v1/submissions', sender, { destinationId: randomUUID(), serviceType: service });
  await api.postJson('/v1/submissions', sender, {
    destinationId: destination.destinationId,
    serviceType: { name: 'x', identifier: 'urn:x:y' },
  });
  await api.postJson('/v1/submissions', sender, { destinationId: 'nope' });
  await api.postJson('/v1/submissions', buergerservice, {
    destinationId: destination.destinationId,
    serviceType: service,
  });
  await api.call('POST', '/v1/submissions', { token: sender, contentType: 'text/plain', body: 'x' });
  const attachmentId = randomUUID();
  const created = await api.postJson('/v1/submissions', sender, {
    destinationId: destination.destinationId,
    announcedAttachments: [attachmentId],
    serviceType: service,
  });
  const { submissionId, caseId } = created.json as { submissionId: string; caseId: string };
  const jwe = await encryptPart(Buffer.from('%PDF-1.7'), key, { contentType: 'application/pdf' });
  const parts = {
    encryptedMetadata: await encryptPart(Buffer.from('{}'), key, { contentType: 'application/json' }),
    encryptedData: await encryptPart(Buffer.from('{}'), key, { contentType: 'application/json' }),
  };
  const base = `/v1/submissions/${submissionId}`;
  await api.putJson(base, sender, parts);
  await api.putJose(`${base}/attachments/${randomUUID()}`, sender, jwe);
  await api.putJose(`${base}/attachments/${attachmentId}`, sender, 'x');
  await api.putJose(
    `${base}/attachments/${attachmentId}`,
    sender,
    await encryptPart(Buffer.alloc(100_000), key, { contentType: 'application/pdf' }),
  );
  await api.call('PUT', `${base}/attachments/${attachmentId}`, {
    token: sender,
    contentType: 'text/plain',
    body: jwe,
  });
  await api.putJose(`${base}/attachments/${attachmentId}`, buergerservice, jwe);
  await api.putJose(`${base}/attachments/${attachmentId}`, sender, jwe);
  await api.get(base, buergerservice);
  await api.putJson(base, sender, { encryptedMetadata: 1 });
  await api.putJson(base, sender, { encryptedMetadata: 'a.b' });
  await api.putJson(base, sender, parts);
  await api.putJson(base, sender, parts);
  await api.putJose(`${base}/attachments/${attachmentId}`, sender, jwe);
  await api.call('PUT', base, { token: sender, contentType: 'text/plain', body: 'x' });
  await api.putJson(`/v1/submissions/${randomUUID()}`, sender, parts);
  await api.call('PUT', base, {
    token: sender,
    contentType: 'application/json',
    body: JSON.stringify({ ...parts, encryptedData: 'A'.repeat(70 * 1024) }),
  });

  await api.get('/v1/submissions', buergerservice);
  await api.get(
    `/v1/submissions?destinationId=${destination.destinationId}&offset=0&limit=500`,
    buergerservice,
  );
  await api.get('/v1/submissions?limit=501', buergerservice);
  await api.get(`/v1/submissions?destinationId=${foreign.destinationId}`, buergerservice);
  await api.get(base, buergerservice);
  await api.get(base, ordnungsamt);
  await api.get(base, sender);
  await api.get(`${base}/attachments/${attachmentId}`, buergerservice);
  await api.get(`${base}/attachments/${randomUUID()}`, buergerservice);
  await api.get(`${base}/attachments/${attachmentId}`, sender);
  await api.get(`/v1/cases/${caseId}/events`, buergerservice);
  await api.get(`/v1/cases/${caseId}/events?offset=-1`, buergerservice);
  await api.get(`/v1/cases/${randomUUID()}/events`, buergerservice);

  const tags = authenticationTagsOf({
    metadata: parts.encryptedMetadata,
    data: parts.encryptedData,
    attachments: new Map([[attachmentId, jwe]]),
  });
  const ref = { submissionId, caseId };
  const accept = await subscriberEvent(destination, {
    ...ref,
    event: 'accept-submission',
    payload: { authenticationTags: tags },
  });
  await api.postJose(
    `/v1/cases/${caseId}/events`,
    buergerservice,
    await subscriberEvent(destination, {
      ...ref,
      event: 'accept-submission',
      payload: { authenticationTags: { ...tags, metadata: 'AAAA' } },
    }),
  );
  await api.call('POST', `/v1/cases/${caseId}/events`, {
    token: buergerservice,
    contentType: 'text/plain',
    body: accept,
  });
  await api.postJose(`/v1/cases/${caseId}/events`, sender, accept);
  await api.postJose(`/v1/cases/${caseId}/events`, ordnungsamt, accept);
  await api.call('POST', `/v1/cases/${caseId}/events`, {
    token: buergerservice,
    contentType: 'application/jose',
    body: 'A'.repeat(1024 ** 2 + 1),
  });
  await api.postJose(`/v1/cases/${caseId}/events`, buergerservice, accept);
  await api.postJose(
    `/v1/cases/${caseId}/events`,
    buergerservice,
    await subscriberEvent(destination, {
      ...ref,
      event: 'reject-submission',
      payload: { problems: [rejectionProblem('technical-error', 'submission', 'd')] },
    }),
  );
  await api.get(`/v1/cases/${caseId}/events`, sender);

  const rejected = await quickSubmission(api, sender, destination);
  const reject = await subscriberEvent(destination, {
    ...rejected,
    event: 'reject-submission',
    payload: { problems: [rejectionProblem('schema-violation', 'data', 'd')] },
  });
  await api.postJose(`/v1/cases/${rejected.caseId}/events`, buergerservice, reject);

  // Key rollover by the destination's own subscriber.
  const next = await vendorKey(11, 'encryption', 'openapi-rollover');
  const keysPath = `/v1/destinations/${destination.destinationId}/keys`;
  await api.postJson(keysPath, buergerservice, next.publicJwk);
  await api.postJson(keysPath, buergerservice, next.publicJwk);
  await api.postJson(keysPath, buergerservice, next.privateJwk);
  await api.postJson(keysPath, buergerservice, { kty: 'RSA' });
  await api.postJson(keysPath, sender, next.publicJwk);
  await api.postJson(keysPath, ordnungsamt, next.publicJwk);
  const destinationPath = `/v1/destinations/${destination.destinationId}`;
  const patchKid = (token: string, encryptionKid: unknown) =>
    api.call('PATCH', destinationPath, {
      token,
      contentType: 'application/json',
      body: JSON.stringify({ encryptionKid }),
    });
  await patchKid(buergerservice, 'openapi-rollover');
  await patchKid(buergerservice, destination.signingKey.kid);
  await patchKid(buergerservice, 42);
  await patchKid(sender, 'openapi-rollover');
  await patchKid(buergerservice, destination.encryptionKeys[0]?.kid);

  await api.call('DELETE', base, { token: sender });
  test.platform.admin.setChaos({ rate: 1, kinds: ['5xx'], seed: 5 });
  for (let i = 0; i < 6; i++) await api.get('/.well-known/jwks.json');
  test.platform.admin.setChaos({ rate: 0 });
}

describe('OpenAPI conformance', () => {
  it('documents every answer the platform gives, and every operation is exercised', async () => {
    await exercise();
    const checker = createOpenApiChecker();
    // An undocumented method on a documented path gets a 405 problem: that is no operation to document.
    const [undocumented, ...more] = api.exchanges.filter((exchange) => exchange.method === 'DELETE');
    expect(more).toEqual([]);
    expect(undocumented?.response).toMatchObject({ status: 405, contentType: 'application/problem+json' });
    const errors = api.exchanges
      .filter((exchange) => exchange.method !== 'DELETE')
      .flatMap((exchange) => checker.check(exchange));
    expect(errors).toEqual([]);
    expect(checker.unexercised().filter((operation) => !operation.includes(' /admin'))).toEqual([]);
    // The checker itself bites: a misshapen page, an undocumented status and content type are reported.
    const response = {
      status: 200,
      contentType: 'application/json',
      headers: new Headers(),
      text: '{}',
      json: { offset: 0 },
    };
    expect(checker.check({ method: 'GET', path: '/v1/submissions', response })).toHaveLength(1);
    expect(
      checker.check({ method: 'GET', path: '/v1/submissions', response: { ...response, status: 418 } })[0],
    ).toContain('not documented');
    expect(
      checker.check({
        method: 'GET',
        path: '/v1/submissions',
        response: { ...response, contentType: 'text/html' },
      })[0],
    ).toContain('content type');
    const statuses = new Set(api.exchanges.map((exchange) => exchange.response.status));
    for (const status of [200, 201, 204, 400, 401, 403, 404, 409, 413, 415, 422, 500, 503])
      expect(statuses).toContain(status);
  });
});
