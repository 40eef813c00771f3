import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticationTagsOf } from '../../main/fitconnect/authentication-tags';
import { type EncryptionKey, encryptPart } from '../../main/fitconnect/crypto';
import { type EventName, type EventPayload, signSet } from '../../main/fitconnect/set';
import {
  type DemoDestination,
  type PlatformOptions,
  type RunningPlatform,
  startPlatform,
} from '../../platform/index';
import { serviceEntry } from '../../platform/services';
import { pooledKeyFactory } from './platform-keys';

/** A platform in a fresh temp dir with pooled keys; `close()` stops it and removes the dir. */
export interface TestPlatform {
  platform: RunningPlatform;
  dataDir: string;
  close(): Promise<void>;
  /** Stops the platform but keeps the data dir (for restart tests). */
  stop(): Promise<void>;
}

export async function startTestPlatform(options: Partial<PlatformOptions> = {}): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'antragsdesk-platform-')));
  const platform = await startPlatform({ keyFactory: await pooledKeyFactory(), ...options, dataDir });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await platform.close();
    stopped = true;
  };
  return {
    platform,
    dataDir,
    stop,
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  /** Parsed JSON for JSON and problem+json answers. */
  json: unknown;
}

export interface Exchange {
  method: string;
  path: string;
  response: ApiResponse;
}

/** A thin HTTP caller that records every exchange (for the OpenAPI conformance check). */
export class ApiCaller {
  readonly exchanges: Exchange[] = [];

  constructor(readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: string | Uint8Array;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const text = await response.text();
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0] ?? '';
    const json = contentType.endsWith('json') && text !== '' ? (JSON.parse(text) as unknown) : undefined;
    const result = { status: response.status, contentType, headers: response.headers, text, json };
    this.exchanges.push({ method, path: new URL(this.baseUrl + path).pathname, response: result });
    return result;
  }

  async token(clientId: string, clientSecret: string): Promise<string> {
    const response = await this.call('POST', '/token', {
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
    return (response.json as { access_token: string }).access_token;
  }

  get(path: string, token?: string) {
    return this.call('GET', path, token === undefined ? {} : { token });
  }

  postJson(path: string, token: string, body: unknown) {
    return this.call('POST', path, { token, contentType: 'application/json', body: JSON.stringify(body) });
  }

  putJson(path: string, token: string, body: unknown) {
    return this.call('PUT', path, { token, contentType: 'application/json', body: JSON.stringify(body) });
  }

  putJose(path: string, token: string, jose: string) {
    return this.call('PUT', path, { token, contentType: 'application/jose', body: jose });
  }

  postJose(path: string, token: string, jose: string) {
    return this.call('POST', path, { token, contentType: 'application/jose', body: jose });
  }
}

/** Tokens of the demo clients. */
export async function demoTokens(api: ApiCaller, platform: RunningPlatform) {
  const [buergerservice, ordnungsamt] = platform.demo.departments;
  if (buergerservice === undefined || ordnungsamt === undefined) throw new Error('demo departments missing');
  return {
    sender: await api.token(platform.demo.sender.clientId, platform.demo.sender.clientSecret),
    buergerservice: await api.token(buergerservice.clientId, buergerservice.clientSecret),
    ordnungsamt: await api.token(ordnungsamt.clientId, ordnungsamt.clientSecret),
  };
}

export function demoDestination(
  platform: RunningPlatform,
  department: number,
  index: number,
): DemoDestination {
  const destination = platform.demo.departments[department]?.destinations[index];
  if (destination === undefined) throw new Error('demo destination missing');
  return destination;
}

/** A subscriber's accept/reject SET, signed with the demo destination's signing key. */
export function subscriberEvent(
  destination: DemoDestination,
  input: {
    caseId: string;
    submissionId: string;
    event: EventName;
    payload?: EventPayload;
    issuer?: string;
    jti?: string;
  },
  signingKey = destination.signingKey,
): Promise<string> {
  return signSet(
    {
      issuer: input.issuer ?? destination.destinationId,
      submissionId: input.submissionId,
      caseId: input.caseId,
      event: input.event,
      ...(input.payload === undefined ? {} : { payload: input.payload }),
      issuedAt: Math.floor(Date.now() / 1000),
      jti: input.jti ?? randomUUID(),
    },
    { kid: signingKey.kid ?? '', key: createPrivateKey({ key: signingKey as never, format: 'jwk' }) },
  );
}

/** The destination's public encryption key, derived from the demo's private JWK. */
export function demoEncryptionKey(destination: DemoDestination): EncryptionKey {
  const [jwk] = destination.encryptionKeys;
  if (jwk?.kid === undefined) throw new Error('demo destination without encryption key');
  return { kid: jwk.kid, key: createPublicKey(createPrivateKey({ key: jwk as never, format: 'jwk' })) };
}

export interface QuickSubmission {
  submissionId: string;
  caseId: string;
  metadata: string;
  data: string;
  attachments: Map<string, string>;
}

/**
 * A small submission straight through the sender endpoints (tiny JSON parts, no PDFs): for tests about the
 * platform's mechanics rather than the content.
 */
export async function quickSubmission(
  api: ApiCaller,
  senderToken: string,
  destination: DemoDestination,
  options: { attachments?: number; caseId?: string; submit?: boolean } = {},
): Promise<QuickSubmission> {
  const key = demoEncryptionKey(destination);
  const service = serviceEntry(destination.services[0] ?? 'wohnsitzanmeldung');
  const attachments = new Map<string, string>();
  for (let i = 0; i < (options.attachments ?? 1); i++) {
    attachments.set(
      randomUUID(),
      await encryptPart(Buffer.from(`%PDF-1.7 Anlage ${i}`), key, { contentType: 'application/pdf' }),
    );
  }
  const created = await api.postJson('/v1/submissions', senderToken, {
    destinationId: destination.destinationId,
    announcedAttachments: [...attachments.keys()],
    serviceType: { name: service.title, identifier: service.identifier },
    ...(options.caseId === undefined ? {} : { caseId: options.caseId }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  const { submissionId, caseId } = created.json as { submissionId: string; caseId: string };
  for (const [id, jwe] of attachments) {
    const uploaded = await api.putJose(`/v1/submissions/${submissionId}/attachments/${id}`, senderToken, jwe);
    if (uploaded.status !== 204) throw new Error(`upload answered ${uploaded.status}`);
  }
  const metadata = await encryptPart(Buffer.from('{"contentStructure":{"attachments":[]}}'), key, {
    contentType: 'application/json',
  });
  const data = await encryptPart(Buffer.from('{}'), key, { contentType: 'application/json' });
  if (options.submit !== false) {
    const submitted = await api.putJson(`/v1/submissions/${submissionId}`, senderToken, {
      encryptedMetadata: metadata,
      encryptedData: data,
    });
    if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}`);
  }
  return { submissionId, caseId, metadata, data, attachments };
}

/** A recording caller for the admin API (paths start with /admin) and its bearer token. */
export function adminCaller(platform: RunningPlatform): { api: ApiCaller; token: string } {
  return { api: new ApiCaller(new URL(platform.adminUrl).origin), token: platform.adminToken };
}

/** The destination's subscriber accepts a quick submission with the delivered tags; returns the answer. */
export async function acceptQuick(
  api: ApiCaller,
  subscriberToken: string,
  destination: DemoDestination,
  submission: QuickSubmission,
): Promise<ApiResponse> {
  const accept = await subscriberEvent(destination, {
    ...submission,
    event: 'accept-submission',
    payload: { authenticationTags: authenticationTagsOf(submission) },
  });
  return api.postJose(`/v1/cases/${submission.caseId}/events`, subscriberToken, accept);
}
