import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiProblem } from '../problems';

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function requireMediaType(req: IncomingMessage, expected: string): void {
  if (mediaType(req) !== expected)
    throw new ApiProblem('unsupported-media-type', `Content-Type must be ${expected}.`);
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ApiProblem('payload-too-large', `The body exceeds ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiProblem('payload-too-large', `The body exceeds ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and validates a JSON body; the problem detail names the failing paths, never the values. */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  limit: number,
  schema: S,
): Promise<z.output<S>> {
  requireMediaType(req, 'application/json');
  let value: unknown;
  try {
    value = JSON.parse((await readBody(req, limit)).toString('utf8'));
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    throw new ApiProblem('invalid-request', 'The body is not JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new ApiProblem('invalid-request', `Invalid fields: ${[...new Set(paths)].join(', ')}.`);
  }
  return parsed.data;
}
