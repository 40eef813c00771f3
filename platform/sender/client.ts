import { setTimeout as delay } from 'node:timers/promises';
import type { JWK } from 'jose';
import { CodedError } from '../../main/fitconnect/coded-error';
import { type EncryptionKey, importEncryptionKey } from '../../main/fitconnect/crypto';

/**
 * A FIT-Connect sender client, as an online service uses it: token (client credentials in the form body),
 * destination key, create, upload attachments, submit. Idempotent calls are retried on 5xx and network faults.
 */
export type SenderErrorCode = 'http-error' | 'network-error' | 'token-error';

const messages: Record<SenderErrorCode, string> = {
  'http-error': 'The Submission API answered with an error status.',
  'network-error': 'The Submission API could not be reached.',
  'token-error': 'No access token could be obtained.',
};

export class SenderError extends CodedError<SenderErrorCode> {
  constructor(
    code: SenderErrorCode,
    readonly status?: number,
    /** The problem `type` of a problem+json answer. */
    readonly problemType?: string,
    options?: ErrorOptions,
  ) {
    super(code, status === undefined ? messages[code] : `${messages[code]} (${status})`, options);
    this.name = 'SenderError';
  }
}

export interface SenderClientOptions {
  /** Base URL of the Submission API (without /v1). */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  apiPrefix?: string;
  /** Extra attempts for idempotent calls (default 3). */
  retries?: number;
  /** Per-request timeout in ms (default 30 s): a hung request is abandoned and retried. */
  timeoutMs?: number;
}

export interface DestinationInfo {
  destinationId: string;
  status: string;
  encryptionKid: string;
  services: { identifier: string; submissionSchemas: { schemaUri: string; mimeType: string }[] }[];
  metadataVersions: string[];
}

type Body = string | (() => AsyncIterable<Uint8Array>);

export class SenderClient {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly prefix: string;

  constructor(private readonly options: SenderClientOptions) {
    this.prefix = options.apiPrefix ?? '/v1';
  }

  private async accessToken(): Promise<string> {
    if (this.token !== undefined && this.token.expiresAt > Date.now()) return this.token.value;
    const response = await this.attempt(
      () =>
        fetch(this.options.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: this.options.clientId,
            client_secret: this.options.clientSecret,
          }).toString(),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        }),
      true,
    );
    if (!response.ok) throw new SenderError('token-error', response.status);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    // Refreshed a minute before it runs out.
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in - 60) * 1000 };
    return body.access_token;
  }

  /** One request with retries; a 401 drops the cached token once and tries again. */
  private async request(
    method: string,
    path: string,
    body?: { contentType: string; content: Body },
    idempotent = true,
  ): Promise<Response> {
    let refreshed = false;
    for (;;) {
      const token = await this.accessToken();
      const response = await this.attempt(() => {
        const content = body?.content;
        return fetch(`${this.options.baseUrl}${this.prefix}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': body.contentType }),
          },
          ...(content === undefined
            ? {}
            : typeof content === 'string'
              ? { body: content }
              : { body: content(), duplex: 'half' }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        } as RequestInit);
      }, idempotent);
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        this.token = undefined;
        continue;
      }
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { type?: string };
        throw new SenderError('http-error', response.status, problem.type);
      }
      return response;
    }
  }

  private async attempt(run: () => Promise<Response>, idempotent: boolean): Promise<Response> {
    const attempts = idempotent ? (this.options.retries ?? 3) + 1 : 1;
    let failure: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await delay(100 * 2 ** attempt);
      try {
        const response = await run();
        if (response.status < 500 || attempt === attempts - 1) return response;
        await response.body?.cancel();
      } catch (error) {
        failure = error;
      }
    }
    throw new SenderError('network-error', undefined, undefined, { cause: failure });
  }

  async destination(destinationId: string): Promise<DestinationInfo> {
    return (await (await this.request('GET', `/destinations/${destinationId}`)).json()) as DestinationInfo;
  }

  /** One public key of a destination by kid: its encryption key, or a key that verifies its events. */
  async destinationKey(destinationId: string, kid: string): Promise<JWK> {
    return (await (await this.request('GET', `/destinations/${destinationId}/keys/${kid}`)).json()) as JWK;
  }

  /** The destination's current encryption key (by its published `encryptionKid`). */
  async encryptionKey(destinationId: string): Promise<EncryptionKey> {
    const { encryptionKid } = await this.destination(destinationId);
    return importEncryptionKey(await this.destinationKey(destinationId, encryptionKid));
  }

  async createSubmission(body: {
    destinationId: string;
    announcedAttachments: string[];
    serviceType: { name: string; identifier: string };
    caseId?: string;
  }): Promise<{ submissionId: string; caseId: string }> {
    const response = await this.request(
      'POST',
      '/submissions',
      { contentType: 'application/json', content: JSON.stringify(body) },
      false,
    );
    return (await response.json()) as { submissionId: string; caseId: string };
  }

  /** Uploads an attachment JWE; a stream factory lets a large one be sent (and retried) without holding it. */
  async uploadAttachment(submissionId: string, attachmentId: string, jwe: Body): Promise<void> {
    await this.request('PUT', `/submissions/${submissionId}/attachments/${attachmentId}`, {
      contentType: 'application/jose',
      content: jwe,
    });
  }

  async submit(
    submissionId: string,
    parts: { encryptedMetadata: string; encryptedData?: string },
  ): Promise<void> {
    await this.request('PUT', `/submissions/${submissionId}`, {
      contentType: 'application/json',
      content: JSON.stringify(parts),
    });
  }

  /** The whole event log of a case (all pages). */
  async caseEvents(caseId: string): Promise<string[]> {
    const tokens: string[] = [];
    for (let offset = 0; ; ) {
      const page = (await (
        await this.request('GET', `/cases/${caseId}/events?offset=${offset}&limit=500`)
      ).json()) as {
        count: number;
        totalCount: number;
        eventLog: string[];
      };
      tokens.push(...page.eventLog);
      offset += page.count;
      if (page.count === 0 || offset >= page.totalCount) return tokens;
    }
  }
}
