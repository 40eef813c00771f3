/**
 * The platform as a test environment for another vendor: everything a sender and a receiving system need is
 * made through the admin CLI (and so the admin API) alone; then a submission goes through the FIT-Connect API,
 * sent with the project's sender client and received by a receiver written here from the spec.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentMetadata } from '../../../main/fitconnect/attachment-metadata';
import {
  authenticationTag,
  decryptPart,
  encryptPart,
  importDecryptionKeys,
} from '../../../main/fitconnect/crypto';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { createSchemaValidator } from '../../../main/fitconnect/json-schema';
import type { Metadata } from '../../../main/fitconnect/metadata';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import { sendSubmission } from '../../../main/fitconnect/sender/send';
import { decodeSet, signSet } from '../../../main/fitconnect/set';
import { runAdminCli } from '../../../platform/admin/cli';
import { ApiCaller, startTestPlatform, type TestPlatform } from '../../support/platform-harness';
import { vendorKey } from '../../support/vendor-keys';

const SERVICE = 'urn:de:fim:leika:leistung:99999999999777';
const SCHEMA_URI = 'https://schema.vendor.example/fahrradstellplatz/1.0.0/antrag.schema.json';
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['stellplaetze'],
  additionalProperties: false,
  properties: { stellplaetze: { type: 'integer', minimum: 1 } },
};

let test: TestPlatform;
let dir: string;

beforeAll(async () => {
  test = await startTestPlatform();
  dir = await mkdtemp(join(tmpdir(), 'antragsdesk-vendor-'));
});

afterAll(async () => {
  await test.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run platform -- admin …` in-process against the test platform; returns the parsed output. */
async function run(
  args: string[],
  options: { adminUrl?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; json: unknown; err: string }> {
  let out = '';
  let err = '';
  const code = await runAdminCli(['--admin-url', options.adminUrl ?? test.platform.adminUrl, ...args], {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: options.env ?? { PLATFORM_ADMIN_TOKEN: test.platform.adminToken },
  });
  return { code, json: code === 0 && out !== 'ok' ? JSON.parse(out) : undefined, err };
}

const cli = (...args: string[]) => run(args);

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('admin CLI end to end', () => {
  it('sets up a vendor destination with two keys, rolls it over, adds a service and clients; a submission goes through', async () => {
    // The receiving system makes its keys itself and hands over the public halves only.
    const first = await vendorKey(5, 'encryption', 'vendor-enc-1');
    const second = await vendorKey(6, 'encryption', 'vendor-enc-2');
    const signing = await vendorKey(7, 'signature', 'vendor-sig-1');

    const service = await cli(
      'services',
      'add',
      '--identifier',
      SERVICE,
      '--name',
      'Fahrradstellplatz beantragen',
      '--schema-uri',
      SCHEMA_URI,
      '--schema-file',
      await file('antrag.schema.json', schema),
    );
    expect(service).toMatchObject({ code: 0, json: { identifier: SERVICE, mimeType: 'application/json' } });

    const created = await cli(
      'destinations',
      'create',
      '--name',
      'Fremdhersteller – Fahrradstellplätze',
      '--service',
      SERVICE,
      '--key',
      await file('enc-1.jwk', first.publicJwk),
      '--key',
      await file('sig-1.jwk', signing.publicJwk),
    );
    expect(created).toMatchObject({ code: 0, json: { encryptionKid: 'vendor-enc-1' } });
    const { destinationId } = created.json as { destinationId: string };

    // Key rollover: register the second key, then switch encryptionKid.
    expect(
      (await cli('keys', 'add', destinationId, '--key', await file('enc-2.jwk', second.publicJwk))).code,
    ).toBe(0);
    const rolled = await cli('destinations', 'update', destinationId, '--encryption-kid', 'vendor-enc-2');
    expect(rolled.json).toMatchObject({
      encryptionKid: 'vendor-enc-2',
      keys: [{ kid: 'vendor-enc-1' }, { kid: 'vendor-sig-1' }, { kid: 'vendor-enc-2' }],
    });

    const sender = (await cli('clients', 'create', '--role', 'sender')).json as {
      clientId: string;
      clientSecret: string;
    };
    const subscriber = (
      await cli('clients', 'create', '--role', 'subscriber', '--destination', destinationId)
    ).json as { clientId: string; clientSecret: string };
    const listed = (await cli('clients', 'list')).json as { clients: { clientId: string }[] };
    expect(listed.clients.map((c) => c.clientId)).toEqual(
      expect.arrayContaining([sender.clientId, subscriber.clientId]),
    );

    // The sender: the project's sender client, with nothing but the new credentials.
    const client = new SenderClient({
      baseUrl: test.platform.url,
      tokenUrl: test.platform.tokenUrl,
      clientId: sender.clientId,
      clientSecret: sender.clientSecret,
    });
    const key = await client.encryptionKey(destinationId);
    expect(key.kid).toBe('vendor-enc-2');
    const data = Buffer.from(JSON.stringify({ stellplaetze: 2 }));
    const attachment = {
      attachmentId: randomUUID(),
      filename: 'lageplan.pdf',
      mimeType: 'application/pdf',
      purpose: 'attachment' as const,
      bytes: Buffer.from('%PDF-1.7 Lageplan'),
    };
    const metadata: Metadata = {
      contentStructure: {
        data: {
          hash: { type: 'sha512', content: sha512Hex(data) },
          submissionSchema: { schemaUri: SCHEMA_URI, mimeType: 'application/json' },
        },
        attachments: [attachmentMetadata(attachment)],
      },
      publicServiceType: { name: 'Fahrradstellplatz beantragen', identifier: SERVICE },
    };
    const sent = await sendSubmission(client, destinationId, {
      serviceType: { name: 'Fahrradstellplatz beantragen', identifier: SERVICE },
      attachments: new Map([
        [
          attachment.attachmentId,
          await encryptPart(attachment.bytes, key, { contentType: 'application/pdf' }),
        ],
      ]),
      encryptedMetadata: await encryptPart(Buffer.from(JSON.stringify(metadata)), key, {
        contentType: 'application/json',
      }),
      encryptedData: await encryptPart(data, key, { contentType: 'application/json' }),
      metadata,
    });

    // The receiver: the FIT-Connect API and its own private keys only.
    const api = new ApiCaller(test.platform.url);
    const token = await api.token(subscriber.clientId, subscriber.clientSecret);
    const page = (await api.get(`/v1/submissions?destinationId=${destinationId}`, token)).json as {
      submissions: { submissionId: string; caseId: string }[];
    };
    expect(page.submissions).toEqual([
      { destinationId, submissionId: sent.submissionId, caseId: sent.caseId },
    ]);
    const submission = (await api.get(`/v1/submissions/${sent.submissionId}`, token)).json as {
      encryptedMetadata: string;
      encryptedData: string;
      attachments: string[];
    };
    const keys = importDecryptionKeys([first.privateJwk, second.privateJwk]);
    const limit = { maxDecompressedLength: 1024 ** 2 };
    const received = JSON.parse(
      Buffer.from((await decryptPart(submission.encryptedMetadata, keys, limit)).plaintext).toString('utf8'),
    ) as Metadata;
    const plainData = (await decryptPart(submission.encryptedData, keys, limit)).plaintext;
    expect(sha512Hex(plainData)).toBe(received.contentStructure.data?.hash.content);
    const validate = createSchemaValidator().compile(schema);
    expect(validate(JSON.parse(Buffer.from(plainData).toString('utf8')))).toBe(true);
    expect(submission.attachments).toEqual([attachment.attachmentId]);
    const attachmentJwe = (
      await api.get(`/v1/submissions/${sent.submissionId}/attachments/${attachment.attachmentId}`, token)
    ).text;
    expect(sha512Hex((await decryptPart(attachmentJwe, keys, limit)).plaintext)).toBe(
      received.contentStructure.attachments[0]?.hash.content,
    );
    const log = (await api.get(`/v1/cases/${sent.caseId}/events`, token)).json as { eventLog: string[] };
    const submitted = log.eventLog.map(decodeSet).find((set) => set.claims.event === 'submit-submission');
    const tags = {
      metadata: authenticationTag(submission.encryptedMetadata),
      data: authenticationTag(submission.encryptedData),
      attachments: { [attachment.attachmentId]: authenticationTag(attachmentJwe) },
    };
    expect(submitted?.claims.payload.authenticationTags).toEqual(tags);

    const accept = await signSet(
      {
        issuer: destinationId,
        submissionId: sent.submissionId,
        caseId: sent.caseId,
        event: 'accept-submission',
        payload: { authenticationTags: tags },
        issuedAt: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
      },
      { kid: 'vendor-sig-1', key: createPrivateKey({ key: signing.privateJwk as never, format: 'jwk' }) },
    );
    expect((await api.postJose(`/v1/cases/${sent.caseId}/events`, token, accept)).status).toBe(204);
    const events = (await client.caseEvents(sent.caseId)).map((event) => decodeSet(event).claims.event);
    expect(events).toEqual(['create-submission', 'submit-submission', 'accept-submission']);
    await client.close();
  });

  it('reports refused calls, usage errors and an unreachable platform with their reason', async () => {
    const refused = await cli('destinations', 'show', randomUUID());
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^404 Destination not found: Destination .* not found\.$/);
    const bad = await cli(
      'services',
      'add',
      '--identifier',
      'urn:x',
      '--name',
      'x',
      '--schema-uri',
      'https://x.example/s',
      '--schema-file',
      await file('broken.json', '{"type": "no-such-type"}'),
    );
    expect(bad).toMatchObject({
      code: 1,
      err: expect.stringContaining('422 Not a usable submission schema'),
    });
    expect((await cli('destinations', 'fly')).code).toBe(2);
    expect((await cli('destinations', 'create', '--service', SERVICE)).err).toContain('--name is missing');
    const noToken = await run(['--data-dir', dir, 'clients', 'list'], { env: {} });
    expect(noToken).toMatchObject({ code: 2, err: expect.stringContaining('no admin token') });
    expect((await run(['--token', 'wrong', 'clients', 'list'], { env: {} })).code).toBe(1);
    const unreachable = await run(['--token', 't', 'clients', 'list'], {
      adminUrl: 'http://127.0.0.1:9/admin',
    });
    expect(unreachable).toMatchObject({ code: 1, err: expect.stringContaining('cannot be reached') });
  });
});
