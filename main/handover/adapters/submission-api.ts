/**
 * The sender calls of the FIT-Connect Submission API that forwarding needs (reference note §2): a
 * destination's encryption key, create a submission, upload attachments, submit. Failures are
 * `HandoverError`s: `network-error`, or `forward-failed` with the HTTP status and the problem type, so the
 * caller can tell "retry" from "permanent" by the status.
 */
import { Readable } from 'node:stream';
import type { JWK } from 'jose';
import { Agent, type Dispatcher, request } from 'undici';
import { errnoDetail, HandoverError } from '../errors';
import { classifyStatus, problemOf, readJsonBody } from './http-response';
import { targetUrl } from './target-url';

/** Sender access tokens (OAuth2 client credentials), cached by the source; `invalidate` after a 401. */
export interface SenderTokenSource {
  token(): Promise<string>;
  invalidate(): void;
}

export interface SubmissionApiOptions {
  /** Base URL of the Submission API, without the version prefix. */
  url: string;
  /** Version prefix of the paths (the reference note asks for a setting); default `/v1`. */
  apiPrefix?: string;
  tokens: SenderTokenSource;
  /** CA certificates for the API's TLS certificate, when not a public CA. */
  ca?: string | Buffer | (string | Buffer)[];
}

export interface DestinationInfo {
  status: string;
  encryptionKid: string;
}

export interface SubmissionRef {
  submissionId: string;
  caseId: string;
}

type Body = { json: unknown } | { jose: () => AsyncIterable<Uint8Array> | string };

const UNAUTHORIZED = 401;

export class SubmissionApi {
  private readonly base: URL;
  private readonly prefix: string;
  private readonly agent: Agent;

  constructor(private readonly options: SubmissionApiOptions) {
    this.base = targetUrl(options.url);
    this.prefix = options.apiPrefix ?? '/v1';
    this.agent = new Agent({ connect: options.ca === undefined ? {} : { ca: options.ca } });
  }

  async destination(destinationId: string): Promise<DestinationInfo> {
    const info = (await this.call(
      'GET',
      `/destinations/${encodeURIComponent(destinationId)}`,
      'destination',
    )) as Partial<DestinationInfo> | null;
    if (typeof info?.encryptionKid !== 'string' || typeof info.status !== 'string') {
      throw new HandoverError('forward-failed', { detail: 'destination answer without encryption key id' });
    }
    return { status: info.status, encryptionKid: info.encryptionKid };
  }

  async encryptionKey(destinationId: string, kid: string): Promise<JWK> {
    const path = `/destinations/${encodeURIComponent(destinationId)}/keys/${encodeURIComponent(kid)}`;
    return (await this.call('GET', path, 'destination key')) as JWK;
  }

  async createSubmission(input: {
    destinationId: string;
    announcedAttachments: string[];
    serviceType: { name: string; identifier: string };
  }): Promise<SubmissionRef> {
    const ref = (await this.call('POST', '/submissions', 'create submission', {
      json: input,
    })) as Partial<SubmissionRef> | null;
    if (typeof ref?.submissionId !== 'string' || typeof ref.caseId !== 'string') {
      throw new HandoverError('forward-failed', { detail: 'create submission answer without ids' });
    }
    return { submissionId: ref.submissionId, caseId: ref.caseId };
  }

  async uploadAttachment(
    submissionId: string,
    attachmentId: string,
    jwe: () => AsyncIterable<Uint8Array> | string,
  ): Promise<void> {
    const path = `/submissions/${encodeURIComponent(submissionId)}/attachments/${encodeURIComponent(attachmentId)}`;
    await this.call('PUT', path, 'upload attachment', { jose: jwe });
  }

  async submit(
    submissionId: string,
    parts: { encryptedMetadata: string; encryptedData: string },
  ): Promise<void> {
    await this.call('PUT', `/submissions/${encodeURIComponent(submissionId)}`, 'submit submission', {
      json: parts,
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** One call; after a 401 the token is renewed and the call made once more (bodies are made anew). */
  private async call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    step: string,
    body?: Body,
  ): Promise<unknown> {
    let response = await this.send(method, path, step, body);
    if (response.statusCode === UNAUTHORIZED) {
      await response.body.dump();
      this.options.tokens.invalidate();
      response = await this.send(method, path, step, body);
    }
    const json = await readJsonBody(response.body);
    if (classifyStatus(response.statusCode) === 'success') return json;
    const problem = problemOf(json);
    throw new HandoverError('forward-failed', {
      status: response.statusCode,
      detail: step,
      ...(problem === undefined ? {} : { problem }),
    });
  }

  private async send(
    method: string,
    path: string,
    step: string,
    body?: Body,
  ): Promise<Dispatcher.ResponseData> {
    let token: string;
    try {
      token = await this.options.tokens.token();
    } catch (error) {
      // The token endpoint is a network peer too; whether its refusal is final, the source alone can tell.
      throw new HandoverError('network-error', { detail: 'sender token', ...errnoDetail(error) });
    }
    const url = new URL(this.base);
    // The base may carry a path of its own (`…/submission-api`): append, never replace.
    url.pathname = url.pathname.replace(/\/$/, '') + this.prefix + path;
    try {
      return await request(url, {
        method: method as Dispatcher.HttpMethod,
        dispatcher: this.agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined
            ? {}
            : { 'content-type': 'json' in body ? 'application/json' : 'application/jose' }),
        },
        ...(body === undefined ? {} : { body: payload(body) }),
      });
    } catch (error) {
      // A changed attachment stops its upload; that is the caller's error, not the network's.
      if (error instanceof HandoverError) throw error;
      throw new HandoverError('network-error', { detail: step, ...errnoDetail(error) });
    }
  }
}

function payload(body: Body): string | Readable {
  if ('json' in body) return JSON.stringify(body.json);
  const jwe = body.jose();
  return typeof jwe === 'string' ? jwe : Readable.from(jwe);
}
