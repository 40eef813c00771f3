import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { z } from 'zod';
import type { AdminContext } from './admin/api';
import * as admin from './admin/api';
import { type ChaosSwitch, chaosSettings } from './chaos';
import { publicKeyInput } from './destination-keys';
import type { HousekeepingResult } from './housekeeping';
import { readJson } from './http/body';
import { json, noContent, type Reply } from './http/reply';
import { Router } from './http/router';
import { ApiProblem } from './problems';
import { dispatch, errorReply, finish } from './server';

const BODY_LIMIT = 2 * 1024 ** 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdminServerOptions extends AdminContext {
  chaos: ChaosSwitch;
  /** Every call needs `Authorization: Bearer <adminToken>`. */
  adminToken: string;
  housekeeping: () => Promise<HousekeepingResult>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares hashes, so that neither the token's length nor its content leaks through timing. */
function requireAdmin(req: IncomingMessage, token: string): void {
  const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (given === undefined || !timingSafeEqual(digest(given), digest(token)))
    throw new ApiProblem('unauthorized');
}

function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  return readJson(req, BODY_LIMIT, schema);
}

/** The admin API's routes (see openapi.json, paths under /admin). */
function adminRoutes(options: AdminServerOptions): Router {
  const p = (params: Record<string, string>, name: string) => params[name] ?? '';
  return new Router()
    .add('GET', '/admin/chaos', async () =>
      json(200, { settings: options.chaos.get(), injected: options.chaos.injected }),
    )
    .add('PUT', '/admin/chaos', async ({ req }) =>
      json(200, {
        settings: options.chaos.set(await body(req, chaosSettings)),
        injected: options.chaos.injected,
      }),
    )
    .add('GET', '/admin/destinations', async () => json(200, admin.listDestinations(options)))
    .add('POST', '/admin/destinations', async ({ req }) =>
      json(201, admin.createDestination(options, await body(req, admin.createDestinationInput))),
    )
    .add('GET', '/admin/destinations/:destinationId', async ({ params }) =>
      json(200, admin.getDestination(options, p(params, 'destinationId'))),
    )
    .add('PATCH', '/admin/destinations/:destinationId', async ({ req, params }) =>
      json(
        200,
        admin.updateDestination(
          options,
          p(params, 'destinationId'),
          await body(req, admin.updateDestinationInput),
        ),
      ),
    )
    .add('DELETE', '/admin/destinations/:destinationId', async ({ params }) => {
      await admin.deleteDestination(options, p(params, 'destinationId'));
      return noContent();
    })
    .add('GET', '/admin/destinations/:destinationId/keys', async ({ params }) =>
      json(200, admin.listKeys(options, p(params, 'destinationId'))),
    )
    .add('POST', '/admin/destinations/:destinationId/keys', async ({ req, params }) =>
      json(201, admin.addKey(options, p(params, 'destinationId'), await body(req, publicKeyInput))),
    )
    .add('DELETE', '/admin/destinations/:destinationId/keys/*kid', async ({ params }) => {
      admin.deleteKey(options, p(params, 'destinationId'), p(params, 'kid'));
      return noContent();
    })
    .add('GET', '/admin/services', async () => json(200, admin.listServices(options)))
    .add('POST', '/admin/services', async ({ req }) =>
      json(201, admin.createService(options, await body(req, admin.createServiceInput))),
    )
    .add('GET', '/admin/services/*identifier', async ({ params }) =>
      json(200, admin.getService(options, p(params, 'identifier'))),
    )
    .add('DELETE', '/admin/services/*identifier', async ({ params }) => {
      admin.deleteService(options, p(params, 'identifier'));
      return noContent();
    })
    .add('GET', '/admin/clients', async () => json(200, admin.listClients(options)))
    .add('POST', '/admin/clients', async ({ req }) =>
      json(201, admin.createClient(options, await body(req, admin.createClientInput))),
    )
    .add('DELETE', '/admin/clients/:clientId', async ({ params }) => {
      admin.deleteClient(options, p(params, 'clientId'));
      return noContent();
    })
    .add('POST', '/admin/clients/:clientId/secret', async ({ params }) =>
      json(200, admin.rotateSecret(options, p(params, 'clientId'))),
    )
    .add('GET', '/admin/reminders', async ({ query }) => {
      const destinationId = query.get('destinationId') ?? undefined;
      if (destinationId !== undefined && !UUID.test(destinationId))
        throw new ApiProblem('invalid-request', 'destinationId must be a UUID.');
      return json(200, admin.listReminders(options, destinationId));
    })
    .add('POST', '/admin/housekeeping', async () => json(200, await options.housekeeping()));
}

/**
 * The admin API on its own listener bound to loopback, behind the admin token: destinations, their keys and
 * callbacks, the service catalogue, clients, the operator reminders, housekeeping now, and the chaos switch.
 * Chaos never applies here. Errors are problem+json like the Submission API's.
 */
export function createAdminServer(options: AdminServerOptions): Server {
  const router = adminRoutes(options);
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    let reply: Reply;
    try {
      requireAdmin(req, options.adminToken);
      reply = await dispatch(router, req, url);
    } catch (error) {
      reply = errorReply(error, url.pathname);
      if (reply.status === 401)
        reply.headers = { ...reply.headers, 'www-authenticate': 'Bearer realm="admin"' };
    }
    await finish(req, res, reply);
  });
}
