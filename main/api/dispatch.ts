/**
 * Turns a raw call (a name and an untrusted input from any transport) into an envelope: unknown names and
 * invalid inputs are refused with a clear error, handler failures become error envelopes, nothing throws.
 */
import type { z } from 'zod';
import type { CallContext, SliceHandlers } from '../../shared/api/call';
import { toApiError } from '../../shared/api/error-mapping';
import { ApiError, type Envelope } from '../../shared/api/result';
import type { Logger } from '../log/logger';
import { type Calls, calls, isCallName } from './contract';

export type { CallContext };

export type Handlers = SliceHandlers<Calls>;

export type Dispatch = (name: string, input: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (name, input, ctx) => {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'unknown-call', message: `Unknown call "${name.slice(0, 80)}".` } };
    }
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const error = new ApiError('invalid-input', `Invalid input for "${name}".`, formatIssues(parsed.error));
      log.warn('call.invalid-input', { call: name, transport: ctx.transport });
      return { ok: false, error: error.toBody() };
    }
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (err) {
      const known = toApiError(err);
      if (known) return { ok: false, error: known.toBody() };
      // Unexpected failures are logged by type only: messages may carry personal data.
      log.error('call.failed', { call: name, transport: ctx.transport, error: errorKind(err) });
      return {
        ok: false,
        error: { code: 'internal', message: 'An internal error occurred. Please try again.' },
      };
    }
  };
}

function errorKind(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name}:${code}` : err.name;
  }
  return typeof err;
}
