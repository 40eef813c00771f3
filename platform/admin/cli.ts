/**
 * `npm run platform -- admin <resource> <action> …`: the admin API from the command line. Prints the answer
 * as JSON; a refused call prints the problem's title and detail to stderr and exits with 1, a usage error
 * with 2. The token comes from --token, PLATFORM_ADMIN_TOKEN or `<data-dir>/admin-token`.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const ADMIN_USAGE = `Usage: npm run platform -- admin [--admin-url URL] [--token T | --data-dir DIR] <command>

  destinations list | show <id> | delete <id>
  destinations create --name N --service URN… --key JWK-FILE… [--encryption-kid KID]
                      [--callback-url URL --callback-secret S] [--inactive]
  destinations update <id> [--name N] [--service URN…] [--encryption-kid KID] [--status active|inactive]
                      [--callback-url URL --callback-secret S | --no-callback]
  keys list <destinationId> | add <destinationId> --key JWK-FILE | delete <destinationId> <kid>
  services list | show <identifier> | delete <identifier>
  services add --identifier URN --name N --schema-uri URI --schema-file FILE [--mime-type application/xml]
  clients list | rotate-secret <clientId> | delete <clientId>
  clients create --role sender | --role subscriber --destination ID…
  reminders [--destination ID]
  housekeeping

A JWK file holds one public JWK or a JWK set ({"keys": […]}); private keys are refused.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

async function jwksOf(files: readonly string[]): Promise<unknown[]> {
  const keys: unknown[] = [];
  for (const file of files) {
    const value = JSON.parse(await readFile(file, 'utf8')) as { keys?: unknown[] };
    keys.push(...(Array.isArray(value.keys) ? value.keys : [value]));
  }
  return keys;
}

function need(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`${name} is missing`);
  return value;
}

type Options = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      'admin-url': { type: 'string', default: 'http://127.0.0.1:8471/admin' },
      token: { type: 'string' },
      'data-dir': { type: 'string', default: '.tmp/platform' },
      name: { type: 'string' },
      service: { type: 'string', multiple: true },
      key: { type: 'string', multiple: true },
      'encryption-kid': { type: 'string' },
      'callback-url': { type: 'string' },
      'callback-secret': { type: 'string' },
      'no-callback': { type: 'boolean' },
      inactive: { type: 'boolean' },
      status: { type: 'string' },
      identifier: { type: 'string' },
      'schema-uri': { type: 'string' },
      'schema-file': { type: 'string' },
      'mime-type': { type: 'string' },
      role: { type: 'string' },
      destination: { type: 'string', multiple: true },
    },
  });
}

function callbackOf(options: Options): { url: string; secret: string } | undefined {
  const url = options['callback-url'];
  const secret = options['callback-secret'];
  if (url === undefined && secret === undefined) return undefined;
  return { url: need(url, '--callback-url'), secret: need(secret, '--callback-secret') };
}

async function callFor(resource: string, action: string, rest: string[], options: Options): Promise<Call> {
  const id = () => encodeURIComponent(need(rest[0], 'the id'));
  switch (`${resource} ${action}`) {
    case 'destinations list':
      return { method: 'GET', path: '/destinations' };
    case 'destinations show':
      return { method: 'GET', path: `/destinations/${id()}` };
    case 'destinations delete':
      return { method: 'DELETE', path: `/destinations/${id()}` };
    case 'destinations create': {
      const callback = callbackOf(options);
      return {
        method: 'POST',
        path: '/destinations',
        body: {
          name: need(options.name, '--name'),
          services: options.service ?? [],
          keys: await jwksOf(options.key ?? []),
          ...(options['encryption-kid'] === undefined ? {} : { encryptionKid: options['encryption-kid'] }),
          ...(callback === undefined ? {} : { callback }),
          ...(options.inactive ? { status: 'inactive' } : {}),
        },
      };
    }
    case 'destinations update': {
      const callback = options['no-callback'] ? null : callbackOf(options);
      return {
        method: 'PATCH',
        path: `/destinations/${id()}`,
        body: {
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.service === undefined ? {} : { services: options.service }),
          ...(options['encryption-kid'] === undefined ? {} : { encryptionKid: options['encryption-kid'] }),
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(callback === undefined ? {} : { callback }),
        },
      };
    }
    case 'keys list':
      return { method: 'GET', path: `/destinations/${id()}/keys` };
    case 'keys add': {
      const [key, ...more] = await jwksOf(options.key ?? []);
      if (key === undefined || more.length > 0) throw new UsageError('keys add takes exactly one --key');
      return { method: 'POST', path: `/destinations/${id()}/keys`, body: key };
    }
    case 'keys delete':
      return {
        method: 'DELETE',
        path: `/destinations/${id()}/keys/${encodeURIComponent(need(rest[1], 'the kid'))}`,
      };
    case 'services list':
      return { method: 'GET', path: '/services' };
    case 'services show':
      return { method: 'GET', path: `/services/${id()}` };
    case 'services delete':
      return { method: 'DELETE', path: `/services/${id()}` };
    case 'services add': {
      const file = need(options['schema-file'], '--schema-file');
      const xml = ['.xsd', '.xml'].includes(extname(file).toLowerCase());
      return {
        method: 'POST',
        path: '/services',
        body: {
          identifier: need(options.identifier, '--identifier'),
          name: need(options.name, '--name'),
          schemaUri: need(options['schema-uri'], '--schema-uri'),
          mimeType: options['mime-type'] ?? (xml ? 'application/xml' : 'application/json'),
          schema: await readFile(file, 'utf8'),
        },
      };
    }
    case 'clients list':
      return { method: 'GET', path: '/clients' };
    case 'clients create':
      return {
        method: 'POST',
        path: '/clients',
        body:
          options.role === 'subscriber'
            ? { role: 'subscriber', destinations: options.destination ?? [] }
            : { role: need(options.role, '--role') },
      };
    case 'clients rotate-secret':
      return { method: 'POST', path: `/clients/${id()}/secret` };
    case 'clients delete':
      return { method: 'DELETE', path: `/clients/${id()}` };
    default:
      throw new UsageError(`unknown command: ${resource} ${action}`);
  }
}

async function commandOf(positionals: string[], options: Options): Promise<Call> {
  const [resource, action = '', ...rest] = positionals;
  if (resource === 'reminders') {
    const [destination] = options.destination ?? [];
    return {
      method: 'GET',
      path: `/reminders${destination === undefined ? '' : `?destinationId=${encodeURIComponent(destination)}`}`,
    };
  }
  if (resource === 'housekeeping') return { method: 'POST', path: '/housekeeping' };
  return callFor(resource ?? '', action, rest, options);
}

async function tokenOf(options: Options, env: CliIo['env']): Promise<string> {
  if (options.token !== undefined) return options.token;
  if (env.PLATFORM_ADMIN_TOKEN) return env.PLATFORM_ADMIN_TOKEN;
  try {
    return (await readFile(join(resolve(options['data-dir']), 'admin-token'), 'utf8')).trim();
  } catch {
    throw new UsageError(
      'no admin token: pass --token, set PLATFORM_ADMIN_TOKEN or point --data-dir at the platform',
    );
  }
}

/** Runs one admin command; returns the exit code. */
export async function runAdminCli(args: string[], io: CliIo): Promise<number> {
  let call: Call;
  let options: Options;
  let token: string;
  try {
    const parsed = parse(args);
    options = parsed.values;
    call = await commandOf(parsed.positionals, options);
    token = await tokenOf(options, io.env);
  } catch (error) {
    const reason = error instanceof UsageError || error instanceof TypeError ? error.message : String(error);
    io.err(`${reason}\n\n${ADMIN_USAGE}`);
    return 2;
  }
  const base = options['admin-url'].replace(/\/$/, '');
  let response: Response;
  try {
    response = await fetch(base + call.path, {
      method: call.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    });
  } catch {
    io.err(`The admin API at ${base} cannot be reached: is the platform running (npm run platform)?`);
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    const problem = (text === '' ? {} : JSON.parse(text)) as { title?: string; detail?: string };
    io.err(
      `${response.status} ${problem.title ?? response.statusText}${problem.detail ? `: ${problem.detail}` : ''}`,
    );
    return 1;
  }
  io.out(text === '' ? 'ok' : JSON.stringify(JSON.parse(text), null, 2));
  return 0;
}
