import { createHash, randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticationTag,
  decryptPart,
  encryptPart,
  importDecryptionKeys,
} from '../../../main/fitconnect/crypto';
import { decryptCompactStream, encryptCompactStream } from '../../../main/fitconnect/crypto-stream';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { parseMetadata } from '../../../main/fitconnect/metadata-schema';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import type { SentSubmission } from '../../../main/fitconnect/sender/send';
import { type DecodedSet, decodeSet, verifySet } from '../../../main/fitconnect/set';
import { createRandom } from '../../../platform/random';
import { generateApplication } from '../../../platform/sender/application';
import { sendApplication, sendLaterDocuments } from '../../../platform/sender/send';
import {
  ApiCaller,
  demoDestination,
  demoEncryptionKey,
  demoTokens,
  quickSubmission,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

const LIMIT = { maxDecompressedLength: 100_000_000 };
const problemType = (name: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${name}`;
let test: TestPlatform;
let api: ApiCaller;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let sent: SentSubmission;

async function serviceVerifier() {
  const jwks = (await api.get('/.well-known/jwks.json')).json as { keys: JWK[] };
  const keySet = createLocalJWKSet(jwks);
  return (token: string) =>
    verifySet(token, async ({ kid, issuer }) => {
      expect(issuer).toBe(test.platform.issuer);
      return keySet({ alg: 'PS512', kid });
    });
}

beforeAll(async () => {
  test = await startTestPlatform({ limits: { attachmentBytes: 8 * 1024 * 1024 } });
  api = new ApiCaller(test.platform.url);
  tokens = await demoTokens(api, test.platform);
  const client = new SenderClient({
    baseUrl: test.platform.url,
    tokenUrl: test.platform.tokenUrl,
    clientId: test.platform.demo.sender.clientId,
    clientSecret: test.platform.demo.sender.clientSecret,
  });
  const random = createRandom(7);
  const app = await generateApplication('wohnsitzanmeldung', { random, metadataVersion: '1.2.0' });
  sent = await sendApplication(client, demoDestination(test.platform, 0, 0).destinationId, app, { random });
});

afterAll(async () => {
  await test.close();
});

describe('the submit flow', () => {
  it('delivers what the sender encrypted: decryptable, hashes matching, metadata valid', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const keys = importDecryptionKeys(destination.encryptionKeys);
    const response = await api.get(`/v1/submissions/${sent.submissionId}`, tokens.buergerservice);
    expect(response.status).toBe(200);
    const submission = response.json as {
      encryptedMetadata: string;
      encryptedData: string;
      attachments: string[];
      caseId: string;
      serviceType: { identifier: string };
    };
    expect(submission.caseId).toBe(sent.caseId);
    expect(submission.attachments.sort()).toEqual([...sent.attachmentIds].sort());
    const metadata = parseMetadata((await decryptPart(submission.encryptedMetadata, keys, LIMIT)).plaintext);
    expect(metadata).toMatchObject({ ok: true, version: '1.2.0' });
    if (!metadata.ok) return;
    expect(metadata.metadata.publicServiceType?.identifier).toBe(submission.serviceType.identifier);
    const data = (await decryptPart(submission.encryptedData, keys, LIMIT)).plaintext;
    expect(sha512Hex(data)).toBe(metadata.metadata.contentStructure.data?.hash.content);
    for (const described of metadata.metadata.contentStructure.attachments) {
      const download = await api.get(
        `/v1/submissions/${sent.submissionId}/attachments/${described.attachmentId}`,
        tokens.buergerservice,
      );
      expect(download.contentType).toBe('application/jose');
      expect(sha512Hex((await decryptPart(download.text, keys, LIMIT)).plaintext)).toBe(
        described.hash.content,
      );
    }
  });

  it('signs create-submission and submit-submission, verifiable with its JWKS, with the real tags', async () => {
    const verify = await serviceVerifier();
    const log = (await api.get(`/v1/cases/${sent.caseId}/events`, tokens.buergerservice)).json as {
      eventLog: string[];
    };
    const events: DecodedSet[] = [];
    for (const token of log.eventLog) events.push(await verify(token));
    expect(events.map((e) => e.claims.event)).toEqual(['create-submission', 'submit-submission']);
    for (const event of events)
      expect(event.claims).toMatchObject({
        submissionId: sent.submissionId,
        caseId: sent.caseId,
        schema: expect.stringContaining('set-payload/1.2.2'),
      });
    const submission = (await api.get(`/v1/submissions/${sent.submissionId}`, tokens.buergerservice))
      .json as {
      encryptedMetadata: string;
      encryptedData: string;
      attachments: string[];
    };
    const downloadedTags: Record<string, string> = {};
    for (const id of submission.attachments) {
      downloadedTags[id] = authenticationTag(
        (await api.get(`/v1/submissions/${sent.submissionId}/attachments/${id}`, tokens.buergerservice)).text,
      );
    }
    expect(events[1]?.claims.payload.authenticationTags).toEqual({
      metadata: authenticationTag(submission.encryptedMetadata),
      data: authenticationTag(submission.encryptedData),
      attachments: downloadedTags,
    });
  });

  it('refuses bad creates with the documented problems', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const service = {
      name: 'Anmeldung einer Wohnung',
      identifier: 'urn:de:fim:leika:leistung:99115001007000',
    };
    const create = (body: unknown) => api.postJson('/v1/submissions', tokens.sender, body);
    const unknown = await create({
      destinationId: randomUUID(),
      announcedAttachments: [],
      serviceType: service,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ type: problemType('destination-not-found') });
    const otherService = await create({
      destinationId: destination.destinationId,
      serviceType: { name: 'x', identifier: 'urn:de:fim:leika:leistung:1' },
    });
    expect(otherService.json).toMatchObject({ status: 422, type: problemType('service-not-offered') });
    const id = randomUUID();
    expect(
      (
        await create({
          destinationId: destination.destinationId,
          announcedAttachments: [id, id],
          serviceType: service,
        })
      ).status,
    ).toBe(400);
    expect(
      (await create({ destinationId: destination.destinationId, serviceType: service, caseId: randomUUID() }))
        .status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', '/v1/submissions', {
          token: tokens.sender,
          contentType: 'text/plain',
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await api.call('POST', '/v1/submissions', {
          token: tokens.sender,
          contentType: 'application/json',
          body: '{',
        })
      ).status,
    ).toBe(400);
    expect(test.platform.admin.setDestinationStatus(destination.destinationId, 'inactive')).toBe(true);
    const inactive = await create({ destinationId: destination.destinationId, serviceType: service });
    expect(inactive.json).toMatchObject({ status: 422, type: problemType('destination-state-invalid') });
    test.platform.admin.setDestinationStatus(destination.destinationId, 'active');
  });

  it('enforces the upload and submit rules', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const key = demoEncryptionKey(destination);
    const [first, second] = [randomUUID(), randomUUID()];
    const created = await api.postJson('/v1/submissions', tokens.sender, {
      destinationId: destination.destinationId,
      announcedAttachments: [first, second],
      serviceType: {
        name: 'Anmeldung einer Wohnung',
        identifier: 'urn:de:fim:leika:leistung:99115001007000',
      },
    });
    const base = `/v1/submissions/${(created.json as { submissionId: string }).submissionId}`;
    const jwe = await encryptPart(Buffer.from('%PDF-1.7'), key, { contentType: 'application/pdf' });
    const parts = {
      encryptedMetadata: await encryptPart(Buffer.from('{}'), key, { contentType: 'application/json' }),
      encryptedData: await encryptPart(Buffer.from('{}'), key, { contentType: 'application/json' }),
    };
    expect((await api.get(base, tokens.buergerservice)).status).toBe(404);
    expect((await api.putJose(`${base}/attachments/${randomUUID()}`, tokens.sender, jwe)).json).toMatchObject(
      {
        status: 422,
        type: problemType('attachment-not-announced'),
      },
    );
    expect(
      (
        await api.call('PUT', `${base}/attachments/${first}`, {
          token: tokens.sender,
          contentType: 'application/octet-stream',
          body: jwe,
        })
      ).status,
    ).toBe(415);
    expect(
      (await api.putJose(`${base}/attachments/${first}`, tokens.sender, 'not a jwe')).json,
    ).toMatchObject({ status: 422, type: problemType('invalid-jwe') });
    expect((await api.putJose(`${base}/attachments/${first}`, tokens.sender, jwe)).status).toBe(204);
    // A repeated upload (a retry) replaces the first one.
    expect((await api.putJose(`${base}/attachments/${first}`, tokens.sender, jwe)).status).toBe(204);
    expect((await api.call('DELETE', `${base}/attachments/${first}`, { token: tokens.sender })).status).toBe(
      405,
    );
    expect((await api.putJson(base, tokens.sender, parts)).json).toMatchObject({
      status: 422,
      type: problemType('attachments-incomplete'),
    });
    expect((await api.putJose(`${base}/attachments/${second}`, tokens.sender, jwe)).status).toBe(204);
    expect((await api.putJson(base, tokens.sender, { encryptedMetadata: 'x.y' })).json).toMatchObject({
      status: 422,
      type: problemType('invalid-jwe'),
    });
    expect((await api.putJson(base, tokens.sender, {})).status).toBe(400);
    expect((await api.putJson(base, tokens.sender, parts)).status).toBe(200);
    expect((await api.get(base, tokens.buergerservice)).status).toBe(200);
    expect((await api.putJson(base, tokens.sender, parts)).json).toMatchObject({
      status: 409,
      type: problemType('submission-state-invalid'),
    });
    expect((await api.putJose(`${base}/attachments/${second}`, tokens.sender, jwe)).status).toBe(409);
  });

  it('streams a large attachment in and out, and refuses one above the limit', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const key = demoEncryptionKey(destination);
    const block = Buffer.alloc(1 << 20, 'Größe ');
    async function* plaintext() {
      for (let i = 0; i < 5; i++) yield block;
    }
    const pending = await quickSubmission(api, tokens.sender, destination, { attachments: 0, submit: false });
    const client = new SenderClient({
      baseUrl: test.platform.url,
      tokenUrl: test.platform.tokenUrl,
      clientId: test.platform.demo.sender.clientId,
      clientSecret: test.platform.demo.sender.clientSecret,
    });
    const attachmentId = randomUUID();
    const big = await client.createSubmission({
      destinationId: destination.destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { name: 'Meldebescheinigung', identifier: 'urn:de:fim:leika:leistung:99115002012000' },
    });
    await client.uploadAttachment(big.submissionId, attachmentId, () =>
      encryptCompactStream(plaintext(), key, { contentType: 'application/pdf' }),
    );
    await client.submit(big.submissionId, {
      encryptedMetadata: pending.metadata,
      encryptedData: pending.data,
    });
    const response = await fetch(
      `${test.platform.url}/v1/submissions/${big.submissionId}/attachments/${attachmentId}`,
      {
        headers: { authorization: `Bearer ${tokens.buergerservice}` },
      },
    );
    const hash = createHash('sha512');
    const result = await decryptCompactStream(
      response.body as unknown as AsyncIterable<Uint8Array>,
      importDecryptionKeys(destination.encryptionKeys),
      { write: async (chunk) => void hash.update(chunk), commit: async () => {}, abort: async () => {} },
      LIMIT,
    );
    expect(result.plaintextLength).toBe(5 << 20);
    expect(hash.digest('hex')).toBe(
      createHash('sha512')
        .update(Buffer.concat(Array(5).fill(block)))
        .digest('hex'),
    );

    const tooBigId = randomUUID();
    const tooBig = await client.createSubmission({
      destinationId: destination.destinationId,
      announcedAttachments: [tooBigId],
      serviceType: { name: 'M', identifier: 'urn:de:fim:leika:leistung:99115002012000' },
    });
    const huge = await collect(
      encryptCompactStream(
        (async function* () {
          for (let i = 0; i < 9; i++) yield block;
        })(),
        key,
        { contentType: 'application/pdf' },
      ),
    );
    const refused = await api.putJose(
      `/v1/submissions/${tooBig.submissionId}/attachments/${tooBigId}`,
      tokens.sender,
      huge,
    );
    expect(refused.json).toMatchObject({ status: 413, type: problemType('payload-too-large') });
  });

  it('takes documents handed in later under the same case', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    const client = new SenderClient({
      baseUrl: test.platform.url,
      tokenUrl: test.platform.tokenUrl,
      clientId: test.platform.demo.sender.clientId,
      clientSecret: test.platform.demo.sender.clientSecret,
    });
    const app = await generateApplication('wohnsitzanmeldung', {
      random: createRandom(8),
      metadataVersion: '1.0.0',
    });
    const later = await sendLaterDocuments(
      client,
      { destinationId: destination.destinationId, caseId: sent.caseId },
      app,
      [
        {
          attachmentId: randomUUID(),
          filename: 'Nachweis_Mietvertrag.pdf',
          mimeType: 'application/pdf',
          purpose: 'attachment',
          bytes: Buffer.from('%PDF-1.7 Nachreichung'),
        },
      ],
    );
    expect(later.caseId).toBe(sent.caseId);
    const submission = (await api.get(`/v1/submissions/${later.submissionId}`, tokens.buergerservice))
      .json as { encryptedData?: string; encryptedMetadata: string };
    expect(submission.encryptedData).toBeUndefined();
    const metadata = parseMetadata(
      (
        await decryptPart(
          submission.encryptedMetadata,
          importDecryptionKeys(destination.encryptionKeys),
          LIMIT,
        )
      ).plaintext,
    );
    expect(metadata.ok).toBe(true);
    const log = (await api.get(`/v1/cases/${sent.caseId}/events`, tokens.buergerservice)).json as {
      eventLog: string[];
    };
    expect(
      log.eventLog.map((token) => [decodeSet(token).claims.event, decodeSet(token).claims.submissionId]),
    ).toEqual([
      ['create-submission', sent.submissionId],
      ['submit-submission', sent.submissionId],
      ['create-submission', later.submissionId],
      ['submit-submission', later.submissionId],
    ]);
    const foreign = await api.postJson('/v1/submissions', tokens.sender, {
      destinationId: demoDestination(test.platform, 1, 0).destinationId,
      serviceType: { name: 'Gewerbeanmeldung', identifier: 'urn:de:fim:leika:leistung:99050012104000' },
      caseId: sent.caseId,
    });
    expect(foreign.json).toMatchObject({ status: 404, type: problemType('case-not-found') });
  });
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('ascii');
}
