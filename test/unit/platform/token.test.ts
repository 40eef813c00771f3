import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../platform/index';
import { ApiCaller, demoTokens, startTestPlatform, type TestPlatform } from '../../support/platform-harness';

const clock = manualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
let test: TestPlatform;
let api: ApiCaller;

function form(fields: Record<string, string>) {
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
}

beforeAll(async () => {
  test = await startTestPlatform({ clock });
  api = new ApiCaller(test.platform.url);
});

afterAll(async () => {
  await test.close();
});

describe('token endpoint', () => {
  it('issues bearer tokens with 1800 s lifetime and the client scope', async () => {
    const { sender, departments } = test.platform.demo;
    const senderToken = await api.call(
      'POST',
      '/token',
      form({
        grant_type: 'client_credentials',
        client_id: sender.clientId,
        client_secret: sender.clientSecret,
      }),
    );
    expect(senderToken.status).toBe(200);
    expect(senderToken.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 1800,
      scope: 'send:region:DE',
    });
    const [buergerservice] = departments;
    const subscriber = await api.call(
      'POST',
      '/token',
      form({
        grant_type: 'client_credentials',
        client_id: buergerservice?.clientId ?? '',
        client_secret: buergerservice?.clientSecret ?? '',
      }),
    );
    const scopes = (subscriber.json as { scope: string }).scope.split(' ').sort();
    expect(scopes).toEqual(
      buergerservice?.destinations.map((d) => `subscribe:destination:${d.destinationId}`).sort(),
    );
    expect(scopes).toHaveLength(2);
  });

  it('refuses wrong credentials, HTTP Basic, other grants and missing fields the OAuth way', async () => {
    const { clientId, clientSecret } = test.platform.demo.sender;
    const wrong = await api.call(
      'POST',
      '/token',
      form({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientSecret}x` }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client' });
    const unknown = await api.call(
      'POST',
      '/token',
      form({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' }),
    );
    expect(unknown.status).toBe(401);
    const basic = await api.call('POST', '/token', {
      ...form({ grant_type: 'client_credentials' }),
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    const grant = await api.call(
      'POST',
      '/token',
      form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret }),
    );
    expect(grant.json).toMatchObject({ error: 'unsupported_grant_type' });
    expect(grant.status).toBe(400);
    const missing = await api.call(
      'POST',
      '/token',
      form({ grant_type: 'client_credentials', client_id: clientId }),
    );
    expect(missing.json).toMatchObject({ error: 'invalid_request' });
    const asJson = await api.call('POST', '/token', {
      contentType: 'application/json',
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(asJson.status).toBe(400);
  });

  it('answers 401 problem+json for a missing, unknown or expired token', async () => {
    const { sender } = await demoTokens(api, test.platform);
    const destinationId = test.platform.demo.departments[0]?.destinations[0]?.destinationId;
    const ok = await api.get(`/v1/destinations/${destinationId}`, sender);
    expect(ok.status).toBe(200);
    for (const token of [undefined, 'not-a-token']) {
      const refused = await api.get(`/v1/destinations/${destinationId}`, token);
      expect(refused.status).toBe(401);
      expect(refused.contentType).toBe('application/problem+json');
      expect(refused.headers.get('www-authenticate')).toContain('Bearer');
      expect(refused.json).toMatchObject({
        type: 'https://schema.fitko.de/fit-connect/submission-api/problems/unauthorized',
        status: 401,
      });
    }
    clock.advance(1799 * 1000);
    expect((await api.get(`/v1/destinations/${destinationId}`, sender)).status).toBe(200);
    clock.advance(1000);
    expect((await api.get(`/v1/destinations/${destinationId}`, sender)).status).toBe(401);
  });
});
