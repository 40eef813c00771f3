import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import {
  ApiCaller,
  demoDestination,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

let test: TestPlatform;
let api: ApiCaller;

beforeAll(async () => {
  test = await startTestPlatform({ chaos: { rate: 0 } });
  api = new ApiCaller(test.platform.url);
});

afterEach(() => {
  test.platform.admin.setChaos({ rate: 0 });
});

afterAll(async () => {
  await test.close();
});

async function statuses(count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await api.get('/.well-known/jwks.json')).status);
  return seen;
}

describe('chaos switch', () => {
  it('injects 500 and 503 problems (503 with Retry-After)', async () => {
    test.platform.admin.setChaos({ rate: 1, kinds: ['5xx'], seed: 1 });
    const seen = await statuses(12);
    expect(new Set(seen)).toEqual(new Set([500, 503]));
    const answer = await api.get('/.well-known/jwks.json');
    expect(answer.contentType).toBe('application/problem+json');
    if (answer.status === 503) expect(answer.headers.get('retry-after')).toBe('1');
    expect(test.platform.admin.injectedFaults()['5xx']).toBe(13);
  });

  it('resets connections', async () => {
    test.platform.admin.setChaos({ rate: 1, kinds: ['reset'] });
    await expect(fetch(`${test.platform.url}/.well-known/jwks.json`)).rejects.toThrow();
    expect(test.platform.admin.injectedFaults().reset).toBeGreaterThan(0);
  });

  it('hangs requests until the client gives up', async () => {
    test.platform.admin.setChaos({ rate: 1, kinds: ['timeout'], hangMs: 60_000 });
    await expect(
      fetch(`${test.platform.url}/.well-known/jwks.json`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(test.platform.admin.injectedFaults().timeout).toBeGreaterThan(0);
  });

  it('slows responses down but still answers', async () => {
    test.platform.admin.setChaos({ rate: 1, kinds: ['slow'], slowMs: 20 });
    expect((await api.get('/.well-known/jwks.json')).status).toBe(200);
    expect(test.platform.admin.injectedFaults().slow).toBeGreaterThan(0);
  });

  it('replays the same faults for the same seed, and injects at about the rate', async () => {
    test.platform.admin.setChaos({ rate: 0.5, kinds: ['5xx'], seed: 42 });
    const first = await statuses(40);
    test.platform.admin.setChaos({ rate: 0.5, kinds: ['5xx'], seed: 42 });
    expect(await statuses(40)).toEqual(first);
    const faults = first.filter((status) => status !== 200).length;
    expect(faults).toBeGreaterThan(5);
    expect(faults).toBeLessThan(35);
    test.platform.admin.setChaos({ rate: 0, seed: 42 });
    expect(await statuses(10)).toEqual(Array(10).fill(200));
  });

  it('is set at run time through the loopback admin endpoint, which chaos never hits', async () => {
    expect(test.platform.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
    const authorization = `Bearer ${test.platform.adminToken}`;
    const put = await fetch(`${test.platform.adminUrl}/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ rate: 1, kinds: ['reset'], seed: 3 }),
    });
    expect(put.status).toBe(200);
    expect(test.platform.admin.chaos()).toMatchObject({ rate: 1, kinds: ['reset'], seed: 3 });
    const shown = (await (
      await fetch(`${test.platform.adminUrl}/chaos`, { headers: { authorization } })
    ).json()) as {
      settings: { rate: number };
    };
    expect(shown.settings.rate).toBe(1);
    await expect(fetch(`${test.platform.url}/.well-known/jwks.json`)).rejects.toThrow();
    const invalid = await fetch(`${test.platform.adminUrl}/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ rate: 2 }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${test.platform.adminUrl}/other`, { headers: { authorization } })).status).toBe(404);
    // Without the admin token nothing is shown or changed.
    expect((await fetch(`${test.platform.adminUrl}/chaos`)).status).toBe(401);
    const forged = await fetch(`${test.platform.adminUrl}/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' },
      body: JSON.stringify({ rate: 0 }),
    });
    expect(forged.status).toBe(401);
    expect(test.platform.admin.chaos().rate).toBe(1);
  });

  it('lets a client with retries get through moderate 5xx chaos', async () => {
    test.platform.admin.setChaos({ rate: 0.3, kinds: ['5xx'], seed: 7 });
    const client = new SenderClient({
      baseUrl: test.platform.url,
      tokenUrl: test.platform.tokenUrl,
      clientId: test.platform.demo.sender.clientId,
      clientSecret: test.platform.demo.sender.clientSecret,
      retries: 6,
    });
    const destination = demoDestination(test.platform, 0, 0);
    for (let i = 0; i < 5; i++)
      expect((await client.encryptionKey(destination.destinationId)).kid).toBe(
        destination.encryptionKeys[0]?.kid,
      );
    expect(test.platform.admin.injectedFaults()['5xx']).toBeGreaterThan(0);
  });
});
