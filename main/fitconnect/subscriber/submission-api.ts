import type { JWK } from 'jose';
import { z } from 'zod';
import { apiPath } from '../../http/path';
import type { RetryPolicy } from '../../http/retry';
import { eventLogPage, publicJwk, readEventLog } from '../api-answers';
import { SubscriberError } from '../client/errors';
import { discard, expectStatus, type HttpClient, type HttpResponse, readJson } from '../client/http';
import { withRetries } from '../client/retry';
import type { TokenClient } from '../client/token-client';
import { FIT_CONNECT_PATHS } from './settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Ids end up in request paths: only UUIDs are accepted from the platform.
const uuid = z.string().regex(UUID);

const listedSubmission = z.object({ destinationId: uuid, submissionId: uuid, caseId: uuid });
export type ListedSubmission = z.infer<typeof listedSubmission>;

const submissionPage = z.object({
  count: z.number().int().min(0),
  totalCount: z.number().int().min(0),
  submissions: z.array(listedSubmission),
});

const submissionResource = z.object({
  submissionId: uuid,
  caseId: uuid,
  destinationId: uuid,
  serviceType: z.object({ name: z.string().optional(), identifier: z.string() }),
  encryptedMetadata: z.string(),
  encryptedData: z.string().optional(),
  attachments: z.array(uuid),
});
/** A submission as the Submission API hands it out: the parts still encrypted. */
export type SubmissionResource = z.infer<typeof submissionResource>;

const jwks = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional() })) });

const problemBody = z.object({ title: z.string().max(300).optional() });

export interface PostedEvent {
  status: number;
  /** The problem title of a refusal (the platform's own words, no content of ours). */
  problemTitle?: string;
}

/** Small answers (a key, a page of ids, a problem) never need more. */
const SMALL_JSON_BYTES = 1024 ** 2;

export interface SubmissionApiOptions {
  destinationId: string;
  submissionApiUrl: string;
  apiPrefix: string;
  maxJsonBytes: number;
  retry: RetryPolicy;
}

/** The subscriber's calls of the Submission API for one destination (§2 of the FIT-Connect note). */
export class SubmissionApi {
  private readonly base: string;

  constructor(
    private readonly http: HttpClient,
    private readonly tokens: TokenClient,
    private readonly options: SubmissionApiOptions,
  ) {
    this.base = options.submissionApiUrl.replace(/\/+$/, '');
  }

  get destinationId(): string {
    return this.options.destinationId;
  }

  /** Every submission of this destination ready for pickup, page by page. */
  async listAll(pageSize: number): Promise<ListedSubmission[]> {
    const listed: ListedSubmission[] = [];
    for (let offset = 0; ; ) {
      const query = new URLSearchParams({
        destinationId: this.destinationId,
        offset: String(offset),
        limit: String(pageSize),
      });
      const page = await this.getJson(`/submissions?${query}`, submissionPage, SMALL_JSON_BYTES);
      listed.push(...page.submissions);
      offset += page.count;
      if (page.count === 0 || offset >= page.totalCount) return listed;
    }
  }

  /** The submission, or null when it is no longer available for pickup (404). */
  async submission(submissionId: string): Promise<SubmissionResource | null> {
    try {
      return await this.getJson(
        apiPath`/submissions/${submissionId}`,
        submissionResource,
        this.options.maxJsonBytes,
      );
    } catch (error) {
      if (error instanceof SubscriberError && error.code === 'not-found') return null;
      throw error;
    }
  }

  /** Opens one attachment's JWE as a stream (status checked); the caller reads or discards the body. */
  async openAttachment(submissionId: string, attachmentId: string): Promise<HttpResponse> {
    const response = await this.authorized(
      'GET',
      apiPath`/submissions/${submissionId}/attachments/${attachmentId}`,
    );
    await expectStatus(response, [200], { destinationId: this.destinationId, submissionId });
    return response;
  }

  /** The whole event log of a case: compact SETs, oldest first. */
  caseEvents(caseId: string): Promise<string[]> {
    return readEventLog((query) =>
      this.getJson(
        `${apiPath`/cases/${caseId}/events`}?${new URLSearchParams(query)}`,
        eventLogPage,
        this.options.maxJsonBytes,
      ),
    );
  }

  /** Posts an accept or reject SET once: retrying is the outbox's decision. */
  async postEvent(caseId: string, token: string): Promise<PostedEvent> {
    const response = await this.authorized('POST', apiPath`/cases/${caseId}/events`, {
      contentType: 'application/jose',
      body: token,
    });
    const status = response.statusCode;
    if (status < 400) {
      await discard(response.body);
      return { status };
    }
    const body = await readJson(response.body, SMALL_JSON_BYTES).catch(() => undefined);
    const title = problemBody.safeParse(body).data?.title;
    return { status, ...(title === undefined ? {} : { problemTitle: title }) };
  }

  /** One public key of this destination (encryption or signature verification). */
  async destinationKey(kid: string): Promise<JWK> {
    const path = apiPath`/destinations/${this.destinationId}/keys/${kid}`;
    return (await this.getJson(path, publicJwk, SMALL_JSON_BYTES)) as JWK;
  }

  /** The delivery service's public signing keys (no authentication). */
  async serviceJwks(): Promise<{ keys: JWK[] }> {
    return withRetries(async () => {
      const response = await this.http.send({
        method: 'GET',
        url: this.base + FIT_CONNECT_PATHS.jwks,
        headers: { accept: 'application/json' },
      });
      await expectStatus(response, [200], { destinationId: this.destinationId });
      return parse(jwks, await readJson(response.body, SMALL_JSON_BYTES)) as { keys: JWK[] };
    }, this.options.retry);
  }

  private getJson<T>(path: string, schema: z.ZodType<T>, limit: number): Promise<T> {
    return withRetries(async () => {
      const response = await this.authorized('GET', path);
      await expectStatus(response, [200], { destinationId: this.destinationId });
      return parse(schema, await readJson(response.body, limit));
    }, this.options.retry);
  }

  /** Sends with the current token; a 401 renews the token once and sends again. */
  private async authorized(
    method: 'GET' | 'POST',
    path: string,
    content?: { contentType: string; body: string },
  ): Promise<HttpResponse> {
    const send = (token: string) =>
      this.http.send({
        method,
        url: this.base + this.options.apiPrefix + path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(content === undefined ? {} : { 'content-type': content.contentType }),
        },
        ...(content === undefined ? {} : { body: content.body }),
      });
    const token = await this.tokens.token();
    const response = await send(token);
    if (response.statusCode !== 401) return response;
    await discard(response.body);
    this.tokens.invalidate(token);
    return send(await this.tokens.token());
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new SubscriberError('invalid-response');
  return result.data;
}
