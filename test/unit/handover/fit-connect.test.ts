import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DecryptionKeys, decryptPart, importDecryptionKeys } from '../../../main/fitconnect/crypto';
import type { Metadata } from '../../../main/fitconnect/metadata';
import { validateMetadata } from '../../../main/fitconnect/metadata-schema';
import type { SenderTokenSource } from '../../../main/fitconnect/sender/tokens';
import type { ForwardedSubmission, HandoverAdapter } from '../../../main/handover/adapters/adapter';
import { createFitConnectForwardAdapter } from '../../../main/handover/adapters/fit-connect';
import { dryRun, handOver } from '../../../main/handover/handover';
import type { HandoverAttachment, HandoverCase } from '../../../main/handover/types';
import { type RunningPlatform, startPlatform } from '../../../platform/index';
import { pooledKeyFactory } from '../../support/platform-keys';
import {
  caseAwaiting,
  GEWERBE_MAPPING,
  gewerbeIntake,
  killBeforeReceipt,
  killTestProfile,
  type ReceiptKillConfig,
  restartUntilSettled,
} from '../../support/receipt-kill';
import { openTestVault } from '../../support/vault-fixtures';
import { startProxy } from '../subscriber/fixtures';
import { fileAttachment, gewerbeCase, gewerbeData, jsonMapping, makeTempDir, sha512 } from './support';

const mapping = jsonMapping([
  { target: 'vorgang.aktenzeichen', source: '$case/fileReference', required: true },
  { target: 'betrieb.name', source: '/betrieb/name', required: true },
]);
const LIMIT = { maxDecompressedLength: 64 * 1024 * 1024 };

let platform: RunningPlatform;
let dir: string;
let cleanup: () => Promise<void>;
/** The specialist procedure's destination: the Ordnungsamt's, which offers the Gewerbeanmeldung. */
let fachverfahren: { destinationId: string; keys: DecryptionKeys; clientId: string; clientSecret: string };
const adapters: HandoverAdapter[] = [];

/** Client-credentials tokens as the sender, cached; counts renewals so the 401 path is visible. */
class TokenSource implements SenderTokenSource {
  cached: string | undefined;
  fetched = 0;
  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}
  async token(): Promise<string> {
    if (this.cached !== undefined) return this.cached;
    this.fetched++;
    this.cached = await fetchToken(this.clientId, this.clientSecret);
    return this.cached;
  }
  invalidate(): void {
    this.cached = undefined;
  }
}

async function fetchToken(clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function senderTokens(): TokenSource {
  return new TokenSource(platform.demo.sender.clientId, platform.demo.sender.clientSecret);
}

function forwarder(
  tokens: SenderTokenSource,
  destinationId = fachverfahren.destinationId,
  url = platform.url,
): HandoverAdapter {
  const adapter = createFitConnectForwardAdapter({ url, destinationId, tokens });
  adapters.push(adapter);
  return adapter;
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  platform = await startPlatform({ dataDir: `${dir}/platform`, keyFactory: await pooledKeyFactory() });
  const department = platform.demo.departments.find((candidate) => candidate.id === 'ordnungsamt');
  const destination = department?.destinations.find((candidate) =>
    candidate.services.includes('gewerbeanmeldung'),
  );
  if (department === undefined || destination === undefined)
    throw new Error('demo layout without Ordnungsamt');
  fachverfahren = {
    destinationId: destination.destinationId,
    keys: importDecryptionKeys(destination.encryptionKeys),
    clientId: department.clientId,
    clientSecret: department.clientSecret,
  };
});
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
});
afterAll(async () => {
  await platform?.close();
  await cleanup();
});

async function subscriberGet(path: string): Promise<Response> {
  const token = await fetchToken(fachverfahren.clientId, fachverfahren.clientSecret);
  return fetch(`${platform.url}/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** What the specialist procedure receives: everything decrypted with its destination's private key. */
async function pickUp(submissionId: string) {
  const response = await subscriberGet(`/submissions/${submissionId}`);
  expect(response.status).toBe(200);
  const submission = (await response.json()) as {
    caseId: string;
    serviceType: { identifier: string };
    encryptedMetadata: string;
    encryptedData: string;
    attachments: string[];
  };
  const metadataBytes = (await decryptPart(submission.encryptedMetadata, fachverfahren.keys, LIMIT))
    .plaintext;
  const data = await decryptPart(submission.encryptedData, fachverfahren.keys, LIMIT);
  const attachments = new Map<string, { bytes: Buffer; contentType: string | undefined }>();
  for (const attachmentId of submission.attachments) {
    const jwe = await (
      await subscriberGet(`/submissions/${submissionId}/attachments/${attachmentId}`)
    ).text();
    const part = await decryptPart(jwe, fachverfahren.keys, LIMIT);
    attachments.set(attachmentId, { bytes: Buffer.from(part.plaintext), contentType: part.header.cty });
  }
  return {
    submission,
    metadata: JSON.parse(Buffer.from(metadataBytes).toString('utf8')) as Metadata,
    data: Buffer.from(data.plaintext),
    dataType: data.header.cty,
    attachments,
  };
}

async function caseWithFiles(overrides: Partial<HandoverCase> = {}): Promise<HandoverCase> {
  const attachments = [
    await fileAttachment(dir, 'Gewerbeerlaubnis.pdf', Buffer.alloc(400_000, 3)),
    await fileAttachment(dir, 'Ausweis Rückseite.png', Buffer.from('PNG…'), 'image/png'),
  ];
  return gewerbeCase({ attachments, ...overrides });
}

describe('forwarding over FIT-Connect', () => {
  it('re-encrypts the application for the procedure destination; it decrypts there and every hash matches', async () => {
    const dataText = `${JSON.stringify(gewerbeData(), null, 1)}\n`;
    const handoverCase = await caseWithFiles({ data: dataText });
    const outcome = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-1',
    });
    expect(outcome.kind).toBe('delivered');
    if (outcome.kind !== 'delivered' || outcome.receipt.adapter !== 'fit-connect')
      throw new Error('not delivered');
    expect(outcome.receipt.destinationId).toBe(fachverfahren.destinationId);

    const received = await pickUp(outcome.receipt.submissionId);
    expect(received.submission.caseId).toBe(outcome.receipt.caseId);
    expect(received.submission.serviceType.identifier).toBe(handoverCase.serviceIdentifier);
    expect(validateMetadata(received.metadata).ok).toBe(true);

    // Data: the bytes as received, with their hash.
    expect(received.data.toString('utf8')).toBe(dataText);
    expect(received.dataType).toBe('application/json');
    expect(received.metadata.contentStructure.data?.hash.content).toBe(sha512(received.data));
    expect(received.metadata.contentStructure.data?.submissionSchema.schemaUri).toContain('gewerbeanmeldung');

    // Attachments: the same set as announced, each matching its hash; the originals unchanged.
    const described = received.metadata.contentStructure.attachments;
    expect(described.map((attachment) => attachment.attachmentId).sort()).toEqual(
      [...received.attachments.keys()].sort(),
    );
    for (const attachment of described) {
      const got = received.attachments.get(attachment.attachmentId);
      expect(got && sha512(got.bytes)).toBe(attachment.hash.content);
      expect(got?.contentType).toBe(attachment.mimeType);
    }
    for (const original of handoverCase.attachments as (HandoverAttachment & { content: Buffer })[]) {
      expect(received.attachments.get(original.attachmentId)?.bytes.equals(original.content)).toBe(true);
      expect(described.find((attachment) => attachment.attachmentId === original.attachmentId)).toMatchObject(
        {
          filename: original.filename,
          purpose: 'attachment',
        },
      );
    }
    // The mapped record travels along: the same as the dry run.
    const report = described.find((attachment) => attachment.purpose === 'report');
    expect(report).toMatchObject({ filename: 'record.json', mimeType: 'application/json' });
    expect(received.attachments.get(report?.attachmentId ?? '')?.bytes.toString('utf8')).toBe(
      dryRun(handoverCase, mapping).document.text,
    );
    // The rest of the metadata is the application's.
    expect(received.metadata.paymentInformation).toEqual(handoverCase.metadata.paymentInformation);
    expect(received.metadata.publicServiceType).toEqual(handoverCase.metadata.publicServiceType);
  });

  it('serializes parsed form data and drops a data signature that no longer fits those bytes', async () => {
    const base = await caseWithFiles();
    const metadata = structuredClone(base.metadata) as unknown as Metadata;
    if (metadata.contentStructure.data === undefined) throw new Error('fixture');
    metadata.contentStructure.data.signature = {
      signatureFormat: 'json',
      detachedSignature: true,
      content: 'abc',
    };
    const handoverCase = { ...base, metadata: metadata as unknown as Record<string, unknown> };
    const outcome = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-2',
    });
    if (outcome.kind !== 'delivered' || outcome.receipt.adapter !== 'fit-connect')
      throw new Error('not delivered');
    const received = await pickUp(outcome.receipt.submissionId);
    expect(JSON.parse(received.data.toString('utf8'))).toEqual(gewerbeData());
    expect(received.metadata.contentStructure.data?.hash.content).toBe(sha512(received.data));
    expect(received.metadata.contentStructure.data?.signature).toBeUndefined();
  });

  it('renews an expired token once and carries on', async () => {
    const tokens = senderTokens();
    tokens.cached = 'expired-token';
    const outcome = await handOver(await caseWithFiles(), mapping, forwarder(tokens), {
      idempotencyKey: 'fwd-3',
    });
    expect(outcome.kind).toBe('delivered');
    expect(tokens.fetched).toBe(1);
  });

  it('an unknown destination or one not accepting submissions is permanent', async () => {
    const handoverCase = await caseWithFiles();
    const unknown = await handOver(handoverCase, mapping, forwarder(senderTokens(), randomUUID()), {
      idempotencyKey: 'fwd-4',
    });
    expect(unknown.kind).toBe('permanent');
    const error = unknown.kind !== 'delivered' ? unknown.error : undefined;
    expect([error?.code, error?.details.status, error?.details.problem?.type]).toEqual([
      'forward-failed',
      404,
      'https://schema.fitko.de/fit-connect/submission-api/problems/destination-not-found',
    ]);
    expect(error?.message).toContain(`case ${handoverCase.caseId}`);

    // A destination that does not offer the service refuses the submission.
    const other = platform.demo.departments[0]?.destinations.find(
      (d) => !d.services.includes('gewerbeanmeldung'),
    );
    const refused = await handOver(handoverCase, mapping, forwarder(senderTokens(), other?.destinationId), {
      idempotencyKey: 'fwd-5',
    });
    expect(refused.kind !== 'delivered' && [refused.kind, refused.error.details.status]).toEqual([
      'permanent',
      422,
    ]);

    expect(platform.admin.setDestinationStatus(fachverfahren.destinationId, 'inactive')).toBe(true);
    try {
      const inactive = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
        idempotencyKey: 'fwd-6',
      });
      expect(inactive.kind !== 'delivered' && [inactive.kind, inactive.error.code]).toEqual([
        'permanent',
        'forward-failed',
      ]);
    } finally {
      platform.admin.setDestinationStatus(fachverfahren.destinationId, 'active');
    }
  });

  it('a changed attachment stops the forwarding: nothing reaches the procedure', async () => {
    const handoverCase = await caseWithFiles();
    const [first, second] = handoverCase.attachments;
    if (first === undefined || second === undefined) throw new Error('fixture');
    const tampered = { ...handoverCase, attachments: [first, { ...second, sha512: first.sha512 }] };
    const before = await pickupCount();
    const outcome = await handOver(tampered, mapping, forwarder(senderTokens()), { idempotencyKey: 'fwd-7' });
    expect(
      outcome.kind !== 'delivered' && [outcome.kind, outcome.error.code, outcome.error.details.attachmentId],
    ).toEqual(['permanent', 'attachment-mismatch', second.attachmentId]);
    expect(await pickupCount()).toBe(before);
  });

  it('a retry after a crash between submitting and recording reports the submission sent, not a second one', async () => {
    const handoverCase = await caseWithFiles();
    const kept: ForwardedSubmission[] = [];
    const record = async (submission: ForwardedSubmission) => void kept.push(submission);
    const before = await pickupCount();
    const first = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-9',
      record,
    });
    expect(first.kind).toBe('delivered');
    // The process died here: the outbox holds only what `record` kept, not the outcome.
    const again = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-9',
      earlier: kept[0] ?? null,
      record,
    });
    expect(again).toEqual({
      kind: 'delivered',
      receipt: { adapter: 'fit-connect', ...kept[0] },
      repeat: true,
    });
    expect(kept).toHaveLength(1);
    expect(await pickupCount()).toBe(before + 1);
  });

  it.each([
    ['a forged submit event (signed with another key under the platform’s key id)', forgeSubmit],
    ['an altered submit event (its claims changed, the signature kept)', alterSubmit],
  ])(
    'a retry whose event log holds %s fails for good: not taken as sent, not sent again',
    async (_, rewrite) => {
      const proxy = await startProxy();
      proxy.upstream = platform.url;
      try {
        const handoverCase = await caseWithFiles();
        const kept: ForwardedSubmission[] = [];
        const record = async (submission: ForwardedSubmission) => void kept.push(submission);
        const before = await pickupCount();
        const first = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
          idempotencyKey: 'fwd-11',
          record,
        });
        expect(first.kind).toBe('delivered');
        const events = `/v1/cases/${kept[0]?.caseId}/events`;
        proxy.rewrite = async (path, answer) =>
          path.startsWith(events) && answer.status === 200
            ? { ...answer, body: Buffer.from(await rewrite(answer.body.toString())) }
            : answer;
        const again = await handOver(
          handoverCase,
          mapping,
          forwarder(senderTokens(), fachverfahren.destinationId, proxy.url),
          { idempotencyKey: 'fwd-11', earlier: kept[0] ?? null, record },
        );
        expect(again.kind !== 'delivered' && [again.kind, again.error.code]).toEqual([
          'permanent',
          'event-log-invalid',
        ]);
        expect(again.kind !== 'delivered' && again.error.message).toContain('invalid-signature');
        expect(kept).toHaveLength(1);
        expect(await pickupCount()).toBe(before + 1);
      } finally {
        await proxy.close();
      }
    },
  );

  it.each([
    ['after submitting, before the receipt is stored', 'sent'],
    ['right after the receipt is stored', 'recorded'],
  ] as const)(
    'forwards once when the process is killed (SIGKILL) %s',
    async (_, killAt) => {
      const test = openTestVault();
      try {
        const secret = {
          name: 'profile/buergerservice/handover/client-secret',
          value: platform.demo.sender.clientSecret,
        };
        const run: ReceiptKillConfig = {
          type: 'handover',
          profile: killTestProfile(
            {
              handover: {
                kind: 'fitconnect',
                destinationId: fachverfahren.destinationId,
                clientId: platform.demo.sender.clientId,
                clientSecretName: secret.name,
              },
              fitConnect: {
                tokenUrl: platform.tokenUrl,
                submissionApiUrl: platform.url,
                versionPrefix: '/v1',
              },
            },
            dir,
          ),
          secrets: [secret],
          mapping: GEWERBE_MAPPING,
        };
        const before = await pickupCount();
        const caseId = await caseAwaiting(test, 'handover', gewerbeIntake());
        await killBeforeReceipt(test, { ...run, killAt });
        expect(test.vault.receipts.ofCase(caseId)).toHaveLength(killAt === 'sent' ? 0 : 1);
        const item = await restartUntilSettled(test, run, caseId);
        // Killed before the receipt: the next start asked the event log about the submission the first attempt
        // kept, and sent no other. Killed after it: nothing was due.
        expect(item).toMatchObject(
          killAt === 'sent'
            ? { state: 'delivered', attempts: 2, deliveredAsRepeat: true }
            : { state: 'delivered', attempts: 1 },
        );
        expect(await pickupCount()).toBe(before + 1);
        expect(test.vault.cases.row(caseId).status).toBe('handed_over');
      } finally {
        test.cleanup();
      }
    },
    120_000,
  );

  it('a submission an earlier attempt left unsent is replaced by a new one', async () => {
    const handoverCase = await caseWithFiles();
    const [first, second] = handoverCase.attachments;
    if (first === undefined || second === undefined) throw new Error('fixture');
    const tampered = { ...handoverCase, attachments: [first, { ...second, sha512: first.sha512 }] };
    const kept: ForwardedSubmission[] = [];
    const record = async (submission: ForwardedSubmission) => void kept.push(submission);
    const before = await pickupCount();
    const stopped = await handOver(tampered, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-10',
      record,
    });
    expect(stopped.kind).toBe('permanent');
    const sent = await handOver(handoverCase, mapping, forwarder(senderTokens()), {
      idempotencyKey: 'fwd-10',
      earlier: kept[0] ?? null,
      record,
    });
    if (sent.kind !== 'delivered' || sent.receipt.adapter !== 'fit-connect') throw new Error('not delivered');
    expect(sent.repeat).toBe(false);
    expect(sent.receipt.submissionId).not.toBe(kept[0]?.submissionId);
    expect(await pickupCount()).toBe(before + 1);
  });

  it('an unreachable platform is worth a retry', async () => {
    const outcome = await handOver(
      await caseWithFiles(),
      mapping,
      forwarder(senderTokens(), fachverfahren.destinationId, 'http://127.0.0.1:9'),
      { idempotencyKey: 'fwd-8' },
    );
    expect(outcome.kind !== 'delivered' && [outcome.kind, outcome.error.code]).toEqual([
      'retry',
      'network-error',
    ]);
  });
});

async function pickupCount(): Promise<number> {
  const response = await subscriberGet(`/submissions?destinationId=${fachverfahren.destinationId}`);
  return ((await response.json()) as { totalCount: number }).totalCount;
}

/** The log page with its submit-submission token changed by `change` (header, claims: the new token). */
async function rewriteSubmit(
  body: string,
  change: (header: string, claims: Record<string, unknown>, signature: string) => Promise<string>,
): Promise<string> {
  const page = JSON.parse(body) as { eventLog: string[] };
  page.eventLog = await Promise.all(
    page.eventLog.map(async (token) => {
      const [header = '', payload = '', signature = ''] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      if (!JSON.stringify(claims.events).includes('submit-submission')) return token;
      return change(header, claims, signature);
    }),
  );
  return JSON.stringify(page);
}

/** The same claims signed with a key of the forger's own, under the platform's key id. */
function forgeSubmit(body: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rewriteSubmit(body, (header, claims) =>
    new CompactSign(Buffer.from(JSON.stringify(claims)))
      .setProtectedHeader(JSON.parse(Buffer.from(header, 'base64url').toString()))
      .sign(privateKey),
  );
}

/** The platform's signature kept over claims issued a second later. */
function alterSubmit(body: string): Promise<string> {
  return rewriteSubmit(body, async (header, claims, signature) => {
    const altered = { ...claims, iat: Number(claims.iat) + 1 };
    return `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
  });
}
