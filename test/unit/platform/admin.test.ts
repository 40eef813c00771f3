import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEntry } from '../../../platform/services';
import {
  ApiCaller,
  adminCaller,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';
import { createOpenApiChecker } from '../../support/platform-openapi';
import { vendorKey } from '../../support/vendor-keys';

const problemType = (name: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${name}`;
const SERVICE = 'urn:de:fim:leika:leistung:99999999999001';
const XML_SERVICE = 'urn:de:fim:leika:leistung:99999999999002';
const serviceSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['antrag'],
  properties: { antrag: { type: 'string' } },
};
const xsd =
  '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="antrag" type="xs:string"/></xs:schema>';

let test: TestPlatform;
let admin: ApiCaller;
let token: string;
let api: ApiCaller;

beforeAll(async () => {
  test = await startTestPlatform();
  ({ api: admin, token } = adminCaller(test.platform));
  api = new ApiCaller(test.platform.url);
});

afterAll(async () => {
  await test.close();
});

const post = (path: string, body: unknown) => admin.postJson(path, token, body);
const patch = (path: string, body: unknown) =>
  admin.call('PATCH', path, { token, contentType: 'application/json', body: JSON.stringify(body) });
const del = (path: string) => admin.call('DELETE', path, { token });
const get = (path: string) => admin.get(path, token);

function expectProblem(
  answer: { status: number; contentType: string; json: unknown },
  status: number,
  name: string,
) {
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.json).toMatchObject({ status, type: problemType(name) });
}

async function keys() {
  return {
    encryption: await vendorKey(8, 'encryption', 'enc-2026-1'),
    encryptionNext: await vendorKey(9, 'encryption', 'enc-2026-2'),
    signature: await vendorKey(10, 'signature', 'sig-2026-1'),
  };
}

describe('admin API', () => {
  it('refuses every call without the admin token, as problem+json', async () => {
    for (const path of ['/admin/destinations', '/admin/services', '/admin/clients', '/admin/chaos']) {
      expectProblem(await admin.get(path), 401, 'unauthorized');
      expectProblem(await admin.get(path, 'wrong-token'), 401, 'unauthorized');
    }
    expectProblem(
      await admin.postJson('/admin/clients', 'wrong-token', { role: 'sender' }),
      401,
      'unauthorized',
    );
    expect((await get('/admin/clients')).status).toBe(200);
  });

  it('keeps a service catalogue with schema files (JSON Schema or XSD)', async () => {
    const listed = (await get('/admin/services')).json as { services: { identifier: string }[] };
    expect(listed.services.length).toBeGreaterThanOrEqual(6);
    const created = await post('/admin/services', {
      identifier: SERVICE,
      name: 'Testleistung eines Fremdherstellers',
      schemaUri: 'https://schema.example.org/testleistung/1.0.0/testleistung.schema.json',
      schema: serviceSchema,
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      identifier: SERVICE,
      name: 'Testleistung eines Fremdherstellers',
      schemaUri: 'https://schema.example.org/testleistung/1.0.0/testleistung.schema.json',
      mimeType: 'application/json',
    });
    const shown = await get(`/admin/services/${encodeURIComponent(SERVICE)}`);
    expect(JSON.parse((shown.json as { schema: string }).schema)).toEqual(serviceSchema);
    expectProblem(
      await post('/admin/services', { ...(created.json as object), schema: serviceSchema }),
      409,
      'service-exists',
    );
    const xml = await post('/admin/services', {
      identifier: XML_SERVICE,
      name: 'XML-Leistung',
      schemaUri: 'https://schema.example.org/xml/1.0.0/antrag.xsd',
      mimeType: 'application/xml',
      schema: xsd,
    });
    expect(xml.status).toBe(201);

    const base = { identifier: 'urn:x:bad', name: 'x', schemaUri: 'https://schema.example.org/x' };
    expectProblem(
      await post('/admin/services', { ...base, schema: { type: 'no-such-type' } }),
      422,
      'invalid-schema',
    );
    expectProblem(await post('/admin/services', { ...base, schema: '{not json' }), 422, 'invalid-schema');
    expectProblem(
      await post('/admin/services', { ...base, mimeType: 'application/xml', schema: '<root/>' }),
      422,
      'invalid-schema',
    );
    expectProblem(
      await post('/admin/services', { ...base, schemaUri: 'kein uri', schema: {} }),
      400,
      'invalid-request',
    );
    expectProblem(await post('/admin/services', { identifier: 'urn:x:y' }), 400, 'invalid-request');
    expectProblem(
      await admin.call('POST', '/admin/services', { token, contentType: 'text/plain', body: 'x' }),
      415,
      'unsupported-media-type',
    );
    expectProblem(
      await get(`/admin/services/${encodeURIComponent('urn:x:missing')}`),
      404,
      'service-not-found',
    );
    expect((await get('/admin/services/%E0%A4%A')).status).toBe(404);
  });

  it('creates a destination from public keys and catalogue services; the Submission API shows it', async () => {
    const { encryption, signature } = await keys();
    const created = await post('/admin/destinations', {
      name: 'Fremdhersteller – Testzustellpunkt',
      services: [SERVICE],
      keys: [encryption.publicJwk, signature.publicJwk],
      callback: { url: 'https://receiver.example.org/callback', secret: 'x'.repeat(32) },
    });
    expect(created.status).toBe(201);
    const destination = created.json as { destinationId: string };
    expect(created.json).toMatchObject({
      name: 'Fremdhersteller – Testzustellpunkt',
      status: 'active',
      encryptionKid: 'enc-2026-1',
      services: [{ identifier: SERVICE, submissionSchemas: [{ mimeType: 'application/json' }] }],
      keys: [
        { kid: 'enc-2026-1', purpose: 'encryption' },
        { kid: 'sig-2026-1', purpose: 'signature' },
      ],
      callback: { url: 'https://receiver.example.org/callback' },
      subscriberClientId: null,
    });
    expect(JSON.stringify(created.json)).not.toContain('x'.repeat(32));
    expect((await get(`/admin/destinations/${destination.destinationId}`)).json).toEqual(created.json);
    const all = (await get('/admin/destinations')).json as { destinations: { destinationId: string }[] };
    expect(all.destinations.map((d) => d.destinationId)).toContain(destination.destinationId);

    const { sender } = await demoTokens(api, test.platform);
    const info = await api.get(`/v1/destinations/${destination.destinationId}`, sender);
    expect(info.json).toMatchObject({ encryptionKid: 'enc-2026-1', services: [{ identifier: SERVICE }] });
    const key = await api.get(`/v1/destinations/${destination.destinationId}/keys/enc-2026-1`, sender);
    expect(key.json).toMatchObject({ kid: 'enc-2026-1', n: encryption.publicJwk.n, key_ops: ['wrapKey'] });
  });

  it('refuses bad destinations with clear problems', async () => {
    const { encryption, signature } = await keys();
    const good = { name: 'x', services: [SERVICE], keys: [encryption.publicJwk, signature.publicJwk] };
    const weak = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const cases: [unknown, number, string][] = [
      [{ ...good, keys: [encryption.privateJwk, signature.publicJwk] }, 422, 'invalid-key'],
      [
        { ...good, keys: [{ ...weak, kid: 'weak', alg: 'RSA-OAEP-256' }, signature.publicJwk] },
        422,
        'invalid-key',
      ],
      [
        { ...good, keys: [{ ...encryption.publicJwk, alg: 'PS512' }, signature.publicJwk] },
        422,
        'invalid-key',
      ],
      [
        { ...good, keys: [encryption.publicJwk, { ...signature.publicJwk, kid: 'enc-2026-1' }] },
        409,
        'key-exists',
      ],
      [{ ...good, keys: [encryption.publicJwk, { ...encryption.publicJwk, kid: 'e2' }] }, 422, 'invalid-key'],
      [{ ...good, encryptionKid: 'sig-2026-1' }, 422, 'invalid-key'],
      [{ ...good, services: ['urn:x:unknown'] }, 404, 'service-not-found'],
      [{ ...good, keys: [encryption.publicJwk] }, 400, 'invalid-request'],
      [
        { ...good, keys: [{ ...encryption.publicJwk, kid: 'a/b' }, signature.publicJwk] },
        400,
        'invalid-request',
      ],
      [
        { ...good, callback: { url: 'http://receiver.example.org/cb', secret: 'x'.repeat(32) } },
        400,
        'invalid-request',
      ],
      [
        { ...good, callback: { url: 'https://receiver.example.org/cb', secret: 'short' } },
        400,
        'invalid-request',
      ],
      [{ ...good, extra: true }, 400, 'invalid-request'],
    ];
    const before = ((await get('/admin/destinations')).json as { destinations: unknown[] }).destinations
      .length;
    for (const [body, status, name] of cases)
      expectProblem(await post('/admin/destinations', body), status, name);
    const after = ((await get('/admin/destinations')).json as { destinations: unknown[] }).destinations
      .length;
    expect(after).toBe(before);
    expectProblem(await get(`/admin/destinations/${randomUUID()}`), 404, 'destination-not-found');
    expectProblem(await get('/admin/destinations/not-a-uuid'), 404, 'resource-not-found');
  });

  it('registers more keys and rolls the encryption key over (POST key, PATCH encryptionKid)', async () => {
    const { encryption, encryptionNext, signature } = await keys();
    const { destinationId } = (
      await post('/admin/destinations', {
        name: 'Rollover',
        services: [SERVICE],
        keys: [encryption.publicJwk, signature.publicJwk],
      })
    ).json as { destinationId: string };
    const base = `/admin/destinations/${destinationId}`;
    expect((await post(`${base}/keys`, encryptionNext.publicJwk)).json).toMatchObject({
      kid: 'enc-2026-2',
      purpose: 'encryption',
      jwk: { kid: 'enc-2026-2', alg: 'RSA-OAEP-256', key_ops: ['wrapKey'] },
    });
    expectProblem(await post(`${base}/keys`, encryptionNext.publicJwk), 409, 'key-exists');
    expectProblem(await post(`${base}/keys`, encryptionNext.privateJwk), 422, 'invalid-key');
    expectProblem(await post(`${base}/keys`, { kty: 'EC', kid: 'x' }), 400, 'invalid-request');
    const listed = (await get(`${base}/keys`)).json as { keys: { kid: string }[] };
    expect(listed.keys.map((k) => k.kid)).toEqual(['enc-2026-1', 'sig-2026-1', 'enc-2026-2']);

    expectProblem(await patch(base, { encryptionKid: 'sig-2026-1' }), 422, 'invalid-key');
    expectProblem(await patch(base, { encryptionKid: 'nope' }), 422, 'invalid-key');
    expectProblem(await patch(base, { status: 'decommissioned' }), 400, 'invalid-request');
    const rolled = await patch(base, { encryptionKid: 'enc-2026-2' });
    expect(rolled.json).toMatchObject({ encryptionKid: 'enc-2026-2' });
    const { sender } = await demoTokens(api, test.platform);
    expect((await api.get(`/v1/destinations/${destinationId}`, sender)).json).toMatchObject({
      encryptionKid: 'enc-2026-2',
    });

    expectProblem(await del(`${base}/keys/enc-2026-2`), 409, 'key-in-use');
    expectProblem(await del(`${base}/keys/sig-2026-1`), 409, 'key-in-use');
    expectProblem(await del(`${base}/keys/nope`), 404, 'key-not-found');
    expect((await del(`${base}/keys/enc-2026-1`)).status).toBe(204);
    expect((await api.get(`/v1/destinations/${destinationId}/keys/enc-2026-1`, sender)).status).toBe(404);

    // Callback set, then removed; status and services changed.
    const withCallback = await patch(base, {
      callback: { url: 'http://127.0.0.1:9/callback', secret: 'y'.repeat(40) },
      status: 'inactive',
      services: [SERVICE, XML_SERVICE],
      name: 'Rollover (umbenannt)',
    });
    expect(withCallback.json).toMatchObject({
      callback: { url: 'http://127.0.0.1:9/callback' },
      status: 'inactive',
      name: 'Rollover (umbenannt)',
      services: [{ identifier: SERVICE }, { identifier: XML_SERVICE }],
    });
    expect((await patch(base, { callback: null })).json).toMatchObject({
      callback: null,
      status: 'inactive',
    });
    expectProblem(
      await patch(`/admin/destinations/${randomUUID()}`, { name: 'x' }),
      404,
      'destination-not-found',
    );

    // A service a destination offers stays; once no one offers it, it can go.
    expectProblem(await del(`/admin/services/${encodeURIComponent(XML_SERVICE)}`), 409, 'service-in-use');
    await patch(base, { services: [SERVICE] });
    expect((await del(`/admin/services/${encodeURIComponent(XML_SERVICE)}`)).status).toBe(204);
    expectProblem(await del(`/admin/services/${encodeURIComponent(XML_SERVICE)}`), 404, 'service-not-found');
  });

  it('creates sender and subscriber clients, rotates their secrets and deletes them', async () => {
    const { encryption, signature } = await keys();
    const { destinationId } = (
      await post('/admin/destinations', {
        name: 'Clients',
        services: [SERVICE, serviceEntry('wohnsitzanmeldung').identifier],
        keys: [encryption.publicJwk, signature.publicJwk],
      })
    ).json as { destinationId: string };
    const sender = (await post('/admin/clients', { role: 'sender' })).json as {
      clientId: string;
      clientSecret: string;
    };
    const subscriberAnswer = await post('/admin/clients', {
      role: 'subscriber',
      destinations: [destinationId],
    });
    expect(subscriberAnswer.status).toBe(201);
    const subscriber = subscriberAnswer.json as { clientId: string; clientSecret: string };
    expect(subscriberAnswer.json).toMatchObject({ role: 'subscriber', destinations: [destinationId] });
    expect((await get(`/admin/destinations/${destinationId}`)).json).toMatchObject({
      subscriberClientId: subscriber.clientId,
    });
    expectProblem(
      await post('/admin/clients', { role: 'subscriber', destinations: [destinationId] }),
      409,
      'destination-taken',
    );
    expectProblem(
      await post('/admin/clients', { role: 'subscriber', destinations: [randomUUID()] }),
      404,
      'destination-not-found',
    );
    expectProblem(
      await post('/admin/clients', { role: 'subscriber', destinations: [] }),
      400,
      'invalid-request',
    );
    expectProblem(await post('/admin/clients', { role: 'admin' }), 400, 'invalid-request');

    const listed = await get('/admin/clients');
    const ids = (listed.json as { clients: { clientId: string }[] }).clients.map((c) => c.clientId);
    expect(ids).toEqual(expect.arrayContaining([sender.clientId, subscriber.clientId]));
    expect(listed.text).not.toContain(sender.clientSecret);

    const subscriberToken = await api.token(subscriber.clientId, subscriber.clientSecret);
    expect((await api.get(`/v1/submissions?destinationId=${destinationId}`, subscriberToken)).status).toBe(
      200,
    );
    const rotated = await post(`/admin/clients/${subscriber.clientId}/secret`, {});
    expect(rotated.status).toBe(200);
    const { clientSecret } = rotated.json as { clientSecret: string };
    expect(clientSecret).not.toBe(subscriber.clientSecret);
    // The old secret and the token issued under it stop working at once.
    await expect(api.token(subscriber.clientId, subscriber.clientSecret)).rejects.toThrow('401');
    expect((await api.get('/v1/submissions', subscriberToken)).status).toBe(401);
    const fresh = await api.token(subscriber.clientId, clientSecret);
    expect((await api.get('/v1/submissions', fresh)).status).toBe(200);
    expectProblem(await post(`/admin/clients/${randomUUID()}/secret`, {}), 404, 'client-not-found');

    const senderToken = await api.token(sender.clientId, sender.clientSecret);
    expect((await del(`/admin/clients/${sender.clientId}`)).status).toBe(204);
    expect((await api.get(`/v1/destinations/${destinationId}`, senderToken)).status).toBe(401);
    expectProblem(await del(`/admin/clients/${sender.clientId}`), 404, 'client-not-found');

    // Deleting the destination takes its submissions along and leaves its subscriber client without
    // destinations; the ZBP's destination is protected.
    const demoSender = (await demoTokens(api, test.platform)).sender;
    const pending = await quickSubmission(api, demoSender, {
      destinationId,
      name: 'Clients',
      services: ['wohnsitzanmeldung'],
      encryptionKeys: [encryption.privateJwk],
      signingKey: signature.privateJwk,
    });
    expect(existsSync(join(test.dataDir, 'parts', pending.submissionId))).toBe(true);
    expect((await del(`/admin/destinations/${destinationId}`)).status).toBe(204);
    expect(existsSync(join(test.dataDir, 'parts', pending.submissionId))).toBe(false);
    expect((await api.get(`/v1/cases/${pending.caseId}/events`, demoSender)).status).toBe(404);
    expectProblem(await get(`/admin/destinations/${destinationId}`), 404, 'destination-not-found');
    expect(
      (
        (await get('/admin/clients')).json as { clients: { clientId: string; destinations: string[] }[] }
      ).clients.find((c) => c.clientId === subscriber.clientId)?.destinations,
    ).toEqual([]);
    expectProblem(
      await del(`/admin/destinations/${test.platform.zbp.destinationId}`),
      409,
      'destination-protected',
    );
    expectProblem(await del(`/admin/destinations/${randomUUID()}`), 404, 'destination-not-found');
  });

  it('shows reminders, runs the housekeeping and sets the chaos switch', async () => {
    expect((await get('/admin/reminders')).json).toEqual({ reminders: [] });
    expectProblem(await get('/admin/reminders?destinationId=nope'), 400, 'invalid-request');
    expectProblem(await get(`/admin/reminders?destinationId=${randomUUID()}`), 404, 'destination-not-found');
    expect((await post('/admin/housekeeping', {})).json).toEqual({ reminded: 0, rejected: 0, deleted: 0 });
    expect(
      (
        await admin.call('PUT', '/admin/chaos', {
          token,
          contentType: 'application/json',
          body: '{"rate":0}',
        })
      ).status,
    ).toBe(200);
    expect((await get('/admin/chaos')).json).toMatchObject({ settings: { rate: 0 } });
    expectProblem(
      await admin.call('PUT', '/admin/chaos', { token, contentType: 'application/json', body: '{' }),
      400,
      'invalid-request',
    );
    expectProblem(
      await admin.call('POST', '/admin/services', {
        token,
        contentType: 'application/json',
        body: 'x'.repeat(3 * 1024 ** 2),
      }),
      413,
      'payload-too-large',
    );
    expectProblem(await admin.call('PUT', '/admin/destinations', { token }), 405, 'method-not-allowed');
  });

  it('answers as openapi.json documents, and every admin operation was exercised', () => {
    const checker = createOpenApiChecker();
    const errors = admin.exchanges
      .filter((exchange) => exchange.response.status !== 405)
      .flatMap((exchange) => checker.check(exchange));
    expect(errors).toEqual([]);
    expect(checker.unexercised().filter((operation) => operation.includes(' /admin'))).toEqual([]);
  });
});
