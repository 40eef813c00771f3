/**
 * A `multipart/form-data` body (RFC 7578) produced as a stream: each part's content is pulled only when
 * its turn comes, so attachments of any size pass through without being held in memory.
 */
import { randomUUID } from 'node:crypto';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  content: string | Uint8Array | (() => AsyncIterable<Uint8Array>);
}

/** A media type as the metadata schema allows it; anything else is sent as opaque bytes. */
const MEDIA_TYPE = /^[-\w.]+\/[-\w.+]+$/;
const CRLF = '\r\n';

export function newBoundary(): string {
  return `antragsdesk-${randomUUID()}`;
}

export function multipartContentType(boundary: string): string {
  return `multipart/form-data; boundary=${boundary}`;
}

export async function* multipartBody(
  boundary: string,
  parts: readonly MultipartPart[],
): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    yield Buffer.from(`--${boundary}${CRLF}${partHeaders(part)}${CRLF}`, 'utf8');
    if (typeof part.content === 'string') yield Buffer.from(part.content, 'utf8');
    else if (part.content instanceof Uint8Array) yield part.content;
    else yield* part.content();
    yield Buffer.from(CRLF, 'utf8');
  }
  yield Buffer.from(`--${boundary}--${CRLF}`, 'utf8');
}

function partHeaders(part: MultipartPart): string {
  const filename = part.filename === undefined ? '' : `; filename="${quoted(part.filename)}"`;
  const contentType = MEDIA_TYPE.test(part.contentType) ? part.contentType : 'application/octet-stream';
  return `Content-Disposition: form-data; name="${quoted(part.name)}"${filename}${CRLF}Content-Type: ${contentType}${CRLF}`;
}

/** The escaping browsers use for names in form-data headers (WHATWG HTML, multipart/form-data encoding). */
function quoted(value: string): string {
  return value.replaceAll('\r', '%0D').replaceAll('\n', '%0A').replaceAll('"', '%22');
}
