/**
 * Hand-over to a REST endpoint of the specialist procedure: one POST with `multipart/form-data` parts
 * `manifest` (ids, files, SHA-512 checksums), `record` and one `attachment` part per file, streamed.
 * Authenticated by a bearer token and/or a client certificate (mTLS); an `Idempotency-Key` lets the
 * receiver recognise a repeat.
 */

import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { classifyStatus, cleanField, headerValue, problemOf, readJsonBody } from '../../http/response';
import { retryAfterSeconds } from '../../http/retry-after';
import { errnoDetail, HandoverError, type HandoverErrorDetails } from '../errors';
import type { HandoverCase, PreparedRecord } from '../types';
import {
  assertIdempotencyKey,
  type HandoverAdapter,
  type HandoverContext,
  type HandoverOutcome,
} from './adapter';
import { attachmentFileNames } from './file-names';
import { buildManifest, MANIFEST_FILE, recordEntry } from './manifest';
import { type MultipartPart, multipartBody, multipartContentType, newBoundary } from './multipart';
import { targetUrl } from './target-url';
import { verifiedAttachment } from './verified-attachment';

type Pem = string | Buffer;

export interface HttpTargetOptions {
  /** HTTPS; plain HTTP only to a loopback address (a local bridge). */
  url: string;
  bearerToken?: string;
  clientCertificate?: { cert: Pem; key: Pem; passphrase?: string };
  /** CA certificates that sign the server's certificate, when not a public CA. */
  ca?: Pem | Pem[];
}

export function createHttpAdapter(options: HttpTargetOptions): HandoverAdapter {
  const url = targetUrl(options.url);
  if (options.bearerToken === undefined && options.clientCertificate === undefined) {
    throw new HandoverError('target-invalid', { detail: 'no bearer token or client certificate' });
  }
  const { clientCertificate, ca } = options;
  const agent = new Agent({
    connect: {
      ...(clientCertificate ?? {}),
      ...(ca === undefined ? {} : { ca }),
    },
  });
  return {
    kind: 'http',
    deliver: (handoverCase, record, context) => deliver(url, agent, options, handoverCase, record, context),
    close: () => agent.close(),
  };
}

async function deliver(
  url: URL,
  agent: Agent,
  options: HttpTargetOptions,
  handoverCase: HandoverCase,
  record: PreparedRecord,
  context: HandoverContext,
): Promise<HandoverOutcome> {
  assertIdempotencyKey(context.idempotencyKey);
  const { caseId } = handoverCase;
  const boundary = newBoundary();
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': multipartContentType(boundary),
        'idempotency-key': context.idempotencyKey,
        accept: 'application/json, application/problem+json',
        ...(options.bearerToken === undefined ? {} : { authorization: `Bearer ${options.bearerToken}` }),
      },
      body: Readable.from(multipartBody(boundary, parts(handoverCase, record, context)), {
        objectMode: false,
      }),
    });
  } catch (error) {
    // A changed attachment aborts the upload mid-way; the receiver gets an incomplete body, never a record.
    if (error instanceof HandoverError) return { kind: 'permanent', error };
    return { kind: 'retry', error: new HandoverError('network-error', { caseId, ...errnoDetail(error) }) };
  }
  const status = response.statusCode;
  const json = await readJsonBody(response.body);
  const verdict = classifyStatus(status);
  if (verdict === 'success') {
    return { kind: 'delivered', receipt: receipt(status, json, response.headers), repeat: false };
  }
  if (status === 409 && echoesKey(json, response.headers, context.idempotencyKey)) {
    return { kind: 'delivered', receipt: receipt(status, json, response.headers), repeat: true };
  }
  const problem = problemOf(json);
  const details: HandoverErrorDetails = { caseId, status, ...(problem === undefined ? {} : { problem }) };
  if (verdict === 'retry') {
    const wait = retryAfterSeconds(headerValue(response.headers, 'retry-after'));
    return {
      kind: 'retry',
      error: new HandoverError('http-server-error', {
        ...details,
        ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
      }),
    };
  }
  return { kind: 'permanent', error: new HandoverError('http-client-error', details) };
}

function parts(
  handoverCase: HandoverCase,
  record: PreparedRecord,
  context: HandoverContext,
): MultipartPart[] {
  const { caseId, attachments } = handoverCase;
  const { document } = record;
  const names = attachmentFileNames(
    attachments.map((attachment) => attachment.filename),
    [document.fileName, MANIFEST_FILE],
  );
  const manifest = buildManifest(handoverCase, context.idempotencyKey, document.fileName, [
    recordEntry(document),
    ...attachments.map((attachment, index) => ({
      name: names[index] as string,
      role: 'attachment' as const,
      attachmentId: attachment.attachmentId,
      mimeType: attachment.mimeType,
      size: attachment.size,
      // Known from intake and checked while the attachment streams.
      sha512: attachment.sha512,
    })),
  ]);
  return [
    {
      name: 'manifest',
      filename: MANIFEST_FILE,
      contentType: 'application/json',
      content: JSON.stringify(manifest),
    },
    { name: 'record', filename: document.fileName, contentType: document.mimeType, content: document.text },
    ...attachments.map(
      (attachment, index): MultipartPart => ({
        name: 'attachment',
        filename: names[index] as string,
        contentType: attachment.mimeType,
        content: () => verifiedAttachment(attachment, caseId),
      }),
    ),
  ];
}

/** A 409 is a repeat only when the receiver says it is about this very key; else it is a refusal. */
function echoesKey(
  json: unknown,
  headers: Record<string, string | string[] | undefined>,
  key: string,
): boolean {
  if (headerValue(headers, 'idempotency-key') === key) return true;
  return (
    typeof json === 'object' && json !== null && (json as { idempotencyKey?: unknown }).idempotencyKey === key
  );
}

function receipt(status: number, json: unknown, headers: Record<string, string | string[] | undefined>) {
  const bodyId =
    typeof json === 'object' && json !== null ? cleanField((json as { id?: unknown }).id) : undefined;
  const responseId = bodyId ?? cleanField(headerValue(headers, 'location')) ?? null;
  return { adapter: 'http' as const, status, responseId };
}
