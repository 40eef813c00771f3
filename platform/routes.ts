import type { IncomingMessage } from 'node:http';
import { TokenError } from './auth';
import type { PlatformContext } from './context';
import {
  addDestinationKey,
  destinationInfo,
  destinationKey,
  patchDestination,
  patchDestinationInput,
} from './destination-info';
import { publicKeyInput } from './destination-keys';
import { postCaseEvent } from './event-intake';
import { mediaType, readBody, readJson, requireMediaType } from './http/body';
import { json, noContent, type Reply } from './http/reply';
import { Router } from './http/router';
import { parsePaging } from './paging';
import { ApiProblem } from './problems';
import {
  createSubmission,
  createSubmissionInput,
  submitSubmission,
  submitSubmissionInput,
  uploadAttachment,
} from './sender-api';
import { FIT_CONNECT } from './settings';
import { caseEvents, getSubmission, listSubmissions, openAttachment } from './subscriber-api';

const TOKEN_FORM_LIMIT = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function param(params: Record<string, string>, name: string): string {
  return params[name] ?? '';
}

async function tokenReply(ctx: PlatformContext, req: IncomingMessage): Promise<Reply> {
  try {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') throw new TokenError('invalid_request');
    const form = new URLSearchParams((await readBody(req, TOKEN_FORM_LIMIT)).toString('utf8'));
    return json(200, ctx.tokens.issue(form, req.headers.authorization));
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const reply = json(error.status, { error: error.code, error_description: error.message });
    return error.status === 401
      ? { ...reply, headers: { ...reply.headers, 'www-authenticate': 'Basic realm="token"' } }
      : reply;
  }
}

/** The subset of the FIT-Connect Submission API (v1) that the platform implements; see openapi.json. */
export function platformRoutes(ctx: PlatformContext): Router {
  const v1 = FIT_CONNECT.apiPrefix;
  const principal = (req: IncomingMessage) => ctx.tokens.authenticate(req.headers.authorization);
  return new Router()
    .add('POST', FIT_CONNECT.tokenPath, async ({ req }) => tokenReply(ctx, req))
    .add('GET', FIT_CONNECT.jwksPath, async () => json(200, ctx.serviceJwks))
    .add('GET', `${v1}/destinations/:destinationId`, async ({ req, params }) =>
      json(200, destinationInfo(ctx, principal(req), param(params, 'destinationId'))),
    )
    .add('PATCH', `${v1}/destinations/:destinationId`, async ({ req, params }) => {
      const caller = principal(req);
      const input = await readJson(req, ctx.limits.jsonBytes, patchDestinationInput);
      return json(200, patchDestination(ctx, caller, param(params, 'destinationId'), input));
    })
    .add('POST', `${v1}/destinations/:destinationId/keys`, async ({ req, params }) => {
      const caller = principal(req);
      const input = await readJson(req, ctx.limits.jsonBytes, publicKeyInput);
      return json(201, addDestinationKey(ctx, caller, param(params, 'destinationId'), input));
    })
    .add('GET', `${v1}/destinations/:destinationId/keys/*kid`, async ({ req, params }) =>
      json(200, destinationKey(ctx, principal(req), param(params, 'destinationId'), param(params, 'kid'))),
    )
    .add('POST', `${v1}/submissions`, async ({ req }) => {
      const caller = principal(req);
      return json(
        201,
        await createSubmission(ctx, caller, await readJson(req, ctx.limits.jsonBytes, createSubmissionInput)),
      );
    })
    .add('GET', `${v1}/submissions`, async ({ req, query }) => {
      const caller = principal(req);
      const destinationId = query.get('destinationId') ?? undefined;
      if (destinationId !== undefined && !UUID.test(destinationId)) {
        throw new ApiProblem('invalid-request', 'destinationId must be a UUID.');
      }
      return json(200, listSubmissions(ctx, caller, destinationId, parsePaging(query)));
    })
    .add('GET', `${v1}/submissions/:submissionId`, async ({ req, params }) =>
      json(200, getSubmission(ctx, principal(req), param(params, 'submissionId'))),
    )
    .add('PUT', `${v1}/submissions/:submissionId`, async ({ req, params }) => {
      const caller = principal(req);
      const input = await readJson(req, ctx.limits.jsonBytes, submitSubmissionInput);
      return json(200, await submitSubmission(ctx, caller, param(params, 'submissionId'), input));
    })
    .add('PUT', `${v1}/submissions/:submissionId/attachments/:attachmentId`, async ({ req, params }) => {
      const caller = principal(req);
      requireMediaType(req, 'application/jose');
      await uploadAttachment(ctx, caller, param(params, 'submissionId'), param(params, 'attachmentId'), req);
      return noContent();
    })
    .add('GET', `${v1}/submissions/:submissionId/attachments/:attachmentId`, async ({ req, params }) => {
      const { stream, size } = openAttachment(
        ctx,
        principal(req),
        param(params, 'submissionId'),
        param(params, 'attachmentId'),
      );
      return {
        status: 200,
        headers: { 'content-type': 'application/jose', 'content-length': String(size) },
        body: stream,
      };
    })
    .add('GET', `${v1}/cases/:caseId/events`, async ({ req, params, query }) =>
      json(200, caseEvents(ctx, principal(req), param(params, 'caseId'), parsePaging(query))),
    )
    .add('POST', `${v1}/cases/:caseId/events`, async ({ req, params }) => {
      const caller = principal(req);
      requireMediaType(req, 'application/jose');
      const token = (await readBody(req, ctx.limits.eventBytes)).toString('utf8').trim();
      await postCaseEvent(ctx, caller, param(params, 'caseId'), token);
      return noContent();
    });
}
