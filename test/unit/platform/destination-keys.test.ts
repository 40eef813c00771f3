import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPart, importDecryptionKeys } from '../../../main/fitconnect/crypto';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import {
  ApiCaller,
  demoDestination,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';
import { vendorKey } from '../../support/vendor-keys';

const problemType = (name: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${name}`;
let test: TestPlatform;
let api: ApiCaller;

beforeAll(async () => {
  test = await startTestPlatform();
  api = new ApiCaller(test.platform.url);
});

afterAll(async () => {
  await test.close();
});

describe('key rollover by the destination subscriber (POST keys, PATCH encryptionKid)', () => {
  it('adds a key, switches to it, and senders encrypt to the new key at once', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const tokens = await demoTokens(api, test.platform);
    const next = await vendorKey(11, 'encryption', 'rollover-2026');
    const path = `/v1/destinations/${destination.destinationId}`;

    const added = await api.postJson(`${path}/keys`, tokens.buergerservice, next.publicJwk);
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ kid: 'rollover-2026', alg: 'RSA-OAEP-256', key_ops: ['wrapKey'] });
    // Not yet in use: the destination still names its first key.
    expect((await api.get(path, tokens.sender)).json).toMatchObject({
      encryptionKid: destination.encryptionKeys[0]?.kid,
    });
    const patch = (token: string, encryptionKid: string) =>
      api.call('PATCH', path, {
        token,
        contentType: 'application/json',
        body: JSON.stringify({ encryptionKid }),
      });
    expect((await patch(tokens.buergerservice, 'rollover-2026')).json).toMatchObject({
      encryptionKid: 'rollover-2026',
    });

    const client = new SenderClient({
      baseUrl: test.platform.url,
      tokenUrl: test.platform.tokenUrl,
      clientId: test.platform.demo.sender.clientId,
      clientSecret: test.platform.demo.sender.clientSecret,
    });
    expect((await client.encryptionKey(destination.destinationId)).kid).toBe('rollover-2026');
    await client.close();
    // A submission encrypted to the new key opens with the new private key; the old key still opens old ones.
    const sent = await quickSubmission(api, tokens.sender, {
      ...destination,
      encryptionKeys: [next.privateJwk],
    });
    const fetched = (await api.get(`/v1/submissions/${sent.submissionId}`, tokens.buergerservice)).json as {
      encryptedData: string;
    };
    const keys = importDecryptionKeys([...destination.encryptionKeys, next.privateJwk]);
    const opened = await decryptPart(fetched.encryptedData, keys, { maxDecompressedLength: 1024 });
    expect(opened.header.kid).toBe('rollover-2026');

    expect((await patch(tokens.buergerservice, destination.encryptionKeys[0]?.kid ?? '')).status).toBe(200);
  });

  it('refuses other clients, private keys, taken kids and non-encryption kids', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const tokens = await demoTokens(api, test.platform);
    const other = await vendorKey(10, 'encryption', 'rollover-refused');
    const path = `/v1/destinations/${destination.destinationId}`;
    const post = (token: string, body: unknown) => api.postJson(`${path}/keys`, token, body);
    expect((await post(tokens.sender, other.publicJwk)).json).toMatchObject({
      status: 403,
      type: problemType('forbidden'),
    });
    expect((await post(tokens.ordnungsamt, other.publicJwk)).json).toMatchObject({ status: 403 });
    expect((await post(tokens.buergerservice, other.privateJwk)).json).toMatchObject({
      status: 422,
      type: problemType('invalid-key'),
    });
    const existing = { ...other.publicJwk, kid: destination.signingKey.kid };
    expect((await post(tokens.buergerservice, existing)).json).toMatchObject({
      status: 409,
      type: problemType('key-exists'),
    });
    const patch = await api.call('PATCH', path, {
      token: tokens.buergerservice,
      contentType: 'application/json',
      body: JSON.stringify({ encryptionKid: destination.signingKey.kid }),
    });
    expect(patch.json).toMatchObject({ status: 422, type: problemType('invalid-key') });
    expect((await api.get(path, tokens.sender)).json).toMatchObject({
      encryptionKid: destination.encryptionKeys[0]?.kid,
    });
  });
});
