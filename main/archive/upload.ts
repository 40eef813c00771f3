/**
 * Optional delivery of a written package to a DMS over HTTP: the ZIP is streamed as the POST body.
 * The answer is classified for the outbox: delivered, worth retrying, or permanently refused.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { request } from 'undici';
import { cleanField, headerValue, readJsonBody } from '../http/response';
import { retryAfterSeconds } from '../http/retry-after';
import { type UploadError, uploadError } from './errors';
import type { ArchiveReceipt } from './package';

export interface UploadTarget {
  url: string;
  /** Bearer token for the DMS endpoint. */
  token: string;
}

export type UploadResult =
  /** `responseId`: the DMS's id of the import (`id` of a JSON answer, else its `Location`), when it gave one. */
  | { kind: 'delivered'; receipt: ArchiveReceipt; status: number; responseId: string | null }
  | { kind: 'retry'; error: UploadError }
  | { kind: 'permanent'; error: UploadError };

/** Statuses that say "not now" rather than "not this". */
const RETRYABLE_STATUS = new Set([408, 425, 429]);
/** Plain HTTP would expose the token and the case on the wire; only loopback (a local bridge) may use it. */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export async function uploadArchive(receipt: ArchiveReceipt, target: UploadTarget): Promise<UploadResult> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { kind: 'permanent', error: uploadError('upload-invalid-url') };
  }
  if (!isAllowedUrl(url)) return { kind: 'permanent', error: uploadError('upload-insecure-url') };

  const size = await stat(receipt.zipPath).then(
    (stats) => stats.size,
    () => undefined,
  );
  if (size !== receipt.bytes) return { kind: 'permanent', error: uploadError('archive-missing') };

  let status: number;
  let retryAfter: string | string[] | undefined;
  let responseId: string | null = null;
  try {
    const response = await request(url, {
      method: 'POST',
      body: createReadStream(receipt.zipPath),
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/zip',
        'content-length': String(receipt.bytes),
        'content-disposition': `attachment; filename="${basename(receipt.zipPath)}"`,
        // RFC 9530, so the DMS can check what it received.
        'content-digest': `sha-256=:${Buffer.from(receipt.sha256, 'hex').toString('base64')}:`,
        // A retry after a lost answer must not file the case twice.
        'idempotency-key': receipt.processId,
      },
    });
    status = response.statusCode;
    retryAfter = response.headers['retry-after'];
    const json = await readJsonBody(response.body);
    const bodyId =
      typeof json === 'object' && json !== null ? cleanField((json as { id?: unknown }).id) : undefined;
    responseId = bodyId ?? cleanField(headerValue(response.headers, 'location')) ?? null;
  } catch {
    return { kind: 'retry', error: uploadError('upload-unavailable') };
  }

  if (status >= 200 && status < 300) return { kind: 'delivered', receipt, status, responseId };
  if (status >= 500 || RETRYABLE_STATUS.has(status)) {
    const wait = retryAfterSeconds(retryAfter);
    return {
      kind: 'retry',
      error: uploadError(
        'upload-unavailable',
        wait === undefined ? { status } : { status, retryAfterSeconds: wait },
      ),
    };
  }
  return { kind: 'permanent', error: uploadError('upload-rejected', { status }) };
}

function isAllowedUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}
