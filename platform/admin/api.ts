/**
 * The admin API's operations: what an operator of a FIT-Connect test environment does through FITKO's
 * self-service portal, so that another vendor's sender or receiver can be connected with these calls and the
 * Submission API alone. Private keys never come here: a receiving system registers public JWKs only.
 */
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { z } from 'zod';
import { createSchemaValidator } from '../../main/fitconnect/json-schema';
import { hashSecret, newSecret } from '../auth';
import type { PlatformContext } from '../context';
import { REPLY_CHANNELS } from '../demo';
import {
  acceptPublicKey,
  KID,
  type PublicKeyInput,
  publicKeyInput,
  registerKey,
  requireEncryptionKey,
} from '../destination-keys';
import type { KeyPurpose } from '../keys';
import { ApiProblem } from '../problems';
import type { ClientRecord } from '../store/clients';
import type { DestinationKey, DestinationRecord, DestinationService } from '../store/destinations';
import type { Reminder } from '../store/reminders';
import type { CatalogService } from '../store/services';

export interface AdminContext {
  ctx: PlatformContext;
  /** Destinations the platform runs itself (the ZBP): not to be deleted. */
  protectedDestinations: ReadonlySet<string>;
}

const SERVICE_IDENTIFIER = z.string().regex(/^\S{1,255}$/, 'identifier: 1–255 characters, no spaces');
const ADMIN_REGIONS = ['DE'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const callbackInput = z
  .object({
    url: z.url().max(2048),
    secret: z.string().min(32).max(512),
  })
  .strict()
  .refine((callback) => {
    const url = new URL(callback.url);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'callback.url: HTTPS, or HTTP to this machine only');

const replyChannelsInput = z.record(z.string(), z.record(z.string(), z.unknown()));

export const createDestinationInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    services: z.array(SERVICE_IDENTIFIER).min(1).max(100),
    keys: z.array(publicKeyInput).min(2).max(20),
    encryptionKid: KID.optional(),
    status: z.enum(['active', 'inactive']).default('active'),
    replyChannels: replyChannelsInput.default(REPLY_CHANNELS),
    callback: callbackInput.optional(),
  })
  .strict();

export const updateDestinationInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    services: z.array(SERVICE_IDENTIFIER).min(1).max(100).optional(),
    encryptionKid: KID.optional(),
    status: z.enum(['active', 'inactive']).optional(),
    replyChannels: replyChannelsInput.optional(),
    callback: callbackInput.nullable().optional(),
  })
  .strict();

export const createServiceInput = z
  .object({
    identifier: SERVICE_IDENTIFIER,
    name: z.string().trim().min(1).max(255),
    schemaUri: z.url().max(2048),
    mimeType: z.enum(['application/json', 'application/xml']).default('application/json'),
    /** The schema file: a JSON Schema (object or its text) or an XSD (text). */
    schema: z.union([
      z.record(z.string(), z.unknown()),
      z
        .string()
        .min(1)
        .max(1024 ** 2),
    ]),
  })
  .strict();

export const createClientInput = z.discriminatedUnion('role', [
  z.object({ role: z.literal('sender') }).strict(),
  z.object({ role: z.literal('subscriber'), destinations: z.array(z.uuid()).min(1).max(100) }).strict(),
]);

export interface DestinationView {
  destinationId: string;
  name: string;
  status: DestinationRecord['status'];
  encryptionKid: string;
  services: DestinationService[];
  replyChannels: DestinationRecord['replyChannels'];
  keys: { kid: string; purpose: KeyPurpose }[];
  /** The secret is never shown again once set. */
  callback: { url: string } | null;
  subscriberClientId: string | null;
}

export type ServiceView = Omit<CatalogService, 'schema'>;
export type ClientView = Omit<ClientRecord, 'secretHash'>;

function destinationOf(admin: AdminContext, destinationId: string): DestinationRecord {
  const destination = admin.ctx.destinations.find(destinationId);
  if (destination === undefined)
    throw new ApiProblem('destination-not-found', `Destination ${destinationId} not found.`);
  return destination;
}

function view(admin: AdminContext, destination: DestinationRecord): DestinationView {
  return {
    destinationId: destination.destinationId,
    name: destination.name,
    status: destination.status,
    encryptionKid: destination.encryptionKid,
    services: destination.services,
    replyChannels: destination.replyChannels,
    keys: admin.ctx.destinations
      .keys(destination.destinationId)
      .map(({ kid, purpose }) => ({ kid, purpose })),
    callback: destination.callback === undefined ? null : { url: destination.callback.url },
    subscriberClientId: admin.ctx.clients.subscriberOf(destination.destinationId) ?? null,
  };
}

function catalogServices(admin: AdminContext, identifiers: readonly string[]): DestinationService[] {
  return [...new Set(identifiers)].map((identifier) => {
    const service = admin.ctx.services.find(identifier);
    if (service === undefined)
      throw new ApiProblem('service-not-found', `Service ${identifier} is not in the catalogue.`);
    return {
      identifier: service.identifier,
      name: service.name,
      submissionSchemas: [{ schemaUri: service.schemaUri, mimeType: service.mimeType }],
      regions: ADMIN_REGIONS,
    };
  });
}

export function listDestinations(admin: AdminContext): { destinations: DestinationView[] } {
  return { destinations: admin.ctx.destinations.list().map((destination) => view(admin, destination)) };
}

export function getDestination(admin: AdminContext, destinationId: string): DestinationView {
  return view(admin, destinationOf(admin, destinationId));
}

export function createDestination(
  admin: AdminContext,
  input: z.infer<typeof createDestinationInput>,
): DestinationView {
  const keys = input.keys.map(acceptPublicKey);
  const kids = keys.map((key) => key.kid);
  const duplicate = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (duplicate !== undefined) throw new ApiProblem('key-exists', `Key ${duplicate} is given twice.`);
  const encryptionKeys = keys.filter((key) => key.purpose === 'encryption');
  if (encryptionKeys.length === 0 || !keys.some((key) => key.purpose === 'signature')) {
    throw new ApiProblem('invalid-key', 'A destination needs at least one encryption and one signature key.');
  }
  const encryptionKid = input.encryptionKid ?? encryptionKeys[0]?.kid ?? '';
  if (!encryptionKeys.some((key) => key.kid === encryptionKid)) {
    throw new ApiProblem('invalid-key', `${encryptionKid} is not among the given encryption keys.`);
  }
  const record: DestinationRecord = {
    destinationId: randomUUID(),
    name: input.name,
    status: input.status,
    encryptionKid,
    services: catalogServices(admin, input.services),
    replyChannels: input.replyChannels,
    ...(input.callback === undefined ? {} : { callback: input.callback }),
  };
  admin.ctx.destinations.insert(record, keys, admin.ctx.clock());
  return view(admin, record);
}

export function updateDestination(
  admin: AdminContext,
  destinationId: string,
  input: z.infer<typeof updateDestinationInput>,
): DestinationView {
  const current = destinationOf(admin, destinationId);
  if (input.encryptionKid !== undefined) requireEncryptionKey(admin.ctx, destinationId, input.encryptionKid);
  const { callback, ...rest } = current;
  const next: DestinationRecord = {
    ...rest,
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.encryptionKid === undefined ? {} : { encryptionKid: input.encryptionKid }),
    ...(input.services === undefined ? {} : { services: catalogServices(admin, input.services) }),
    ...(input.replyChannels === undefined ? {} : { replyChannels: input.replyChannels }),
    ...(input.callback === null
      ? {}
      : input.callback !== undefined
        ? { callback: input.callback }
        : callback === undefined
          ? {}
          : { callback }),
  };
  admin.ctx.destinations.update(next);
  return view(admin, next);
}

export async function deleteDestination(admin: AdminContext, destinationId: string): Promise<void> {
  destinationOf(admin, destinationId);
  if (admin.protectedDestinations.has(destinationId)) {
    throw new ApiProblem('destination-protected', `Destination ${destinationId} cannot be deleted.`);
  }
  const submissions = admin.ctx.submissions.idsOfDestination(destinationId);
  admin.ctx.destinations.delete(destinationId);
  for (const submissionId of submissions) await admin.ctx.parts.removeSubmission(submissionId);
}

export function listKeys(
  admin: AdminContext,
  destinationId: string,
): { keys: { kid: string; purpose: KeyPurpose; jwk: JWK }[] } {
  destinationOf(admin, destinationId);
  return { keys: admin.ctx.destinations.keys(destinationId) };
}

/** Registers one more key (a rollover starts here; PATCH `encryptionKid` completes it). */
export function addKey(admin: AdminContext, destinationId: string, input: PublicKeyInput): DestinationKey {
  destinationOf(admin, destinationId);
  return registerKey(admin.ctx, destinationId, input);
}

export function deleteKey(admin: AdminContext, destinationId: string, kid: string): void {
  const destination = destinationOf(admin, destinationId);
  const key = admin.ctx.destinations.key(destinationId, kid);
  if (key === undefined) throw new ApiProblem('key-not-found', `Key ${kid} not found.`);
  if (destination.encryptionKid === kid) {
    throw new ApiProblem(
      'key-in-use',
      `Key ${kid} is the current encryption key: switch encryptionKid first.`,
    );
  }
  const signatureKeys = admin.ctx.destinations.keys(destinationId).filter((k) => k.purpose === 'signature');
  if (key.purpose === 'signature' && signatureKeys.length === 1) {
    throw new ApiProblem('key-in-use', `Key ${kid} is the destination's only signature key.`);
  }
  admin.ctx.destinations.deleteKey(destinationId, kid);
}

function serviceView({ schema: _schema, ...service }: CatalogService): ServiceView {
  return service;
}

/** The schema file as text, refused when it is no usable JSON Schema or XSD. */
function schemaText(input: z.infer<typeof createServiceInput>): string {
  if (input.mimeType === 'application/xml') {
    if (
      typeof input.schema !== 'string' ||
      !/<(?:[A-Za-z_][\w.-]*:)?schema\b[^>]*http:\/\/www\.w3\.org\/2001\/XMLSchema/.test(input.schema)
    ) {
      throw new ApiProblem(
        'invalid-schema',
        'An application/xml service needs an XSD (xs:schema) as schema.',
      );
    }
    return input.schema;
  }
  let schema: unknown = input.schema;
  try {
    if (typeof schema === 'string') schema = JSON.parse(schema);
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      throw new TypeError('no object');
    createSchemaValidator().compile(schema as object);
  } catch {
    throw new ApiProblem('invalid-schema', 'The schema is not a JSON Schema (2020-12) that compiles.');
  }
  return JSON.stringify(schema);
}

export function listServices(admin: AdminContext): { services: ServiceView[] } {
  return { services: admin.ctx.services.list().map(serviceView) };
}

export function getService(admin: AdminContext, identifier: string): CatalogService {
  const service = admin.ctx.services.find(identifier);
  if (service === undefined) throw new ApiProblem('service-not-found', `Service ${identifier} not found.`);
  return service;
}

export function createService(admin: AdminContext, input: z.infer<typeof createServiceInput>): ServiceView {
  const service: CatalogService = {
    identifier: input.identifier,
    name: input.name,
    schemaUri: input.schemaUri,
    mimeType: input.mimeType,
    schema: schemaText(input),
  };
  if (!admin.ctx.services.insert(service, admin.ctx.clock())) {
    throw new ApiProblem('service-exists', `Service ${input.identifier} exists already.`);
  }
  return serviceView(service);
}

export function deleteService(admin: AdminContext, identifier: string): void {
  getService(admin, identifier);
  const offering = admin.ctx.destinations
    .list()
    .filter((destination) => destination.services.some((service) => service.identifier === identifier));
  if (offering.length > 0) {
    throw new ApiProblem(
      'service-in-use',
      `Offered by destination ${offering.map((destination) => destination.destinationId).join(', ')}.`,
    );
  }
  admin.ctx.services.delete(identifier);
}

function clientView({ secretHash: _hash, ...client }: ClientRecord): ClientView {
  return client;
}

export function listClients(admin: AdminContext): { clients: ClientView[] } {
  return { clients: admin.ctx.clients.list().map(clientView) };
}

/** A new client; its secret is shown this once (the platform keeps a hash). */
export function createClient(
  admin: AdminContext,
  input: z.infer<typeof createClientInput>,
): ClientView & { clientSecret: string } {
  const destinations = input.role === 'subscriber' ? [...new Set(input.destinations)] : [];
  for (const destinationId of destinations) {
    destinationOf(admin, destinationId);
    const holder = admin.ctx.clients.subscriberOf(destinationId);
    if (holder !== undefined) {
      throw new ApiProblem('destination-taken', `Destination ${destinationId} belongs to client ${holder}.`);
    }
  }
  const client = { clientId: randomUUID(), clientSecret: newSecret() };
  admin.ctx.clients.insert({
    clientId: client.clientId,
    secretHash: hashSecret(client.clientSecret),
    role: input.role,
    destinations,
  });
  return { clientId: client.clientId, role: input.role, destinations, clientSecret: client.clientSecret };
}

/** A new secret for the client; the old one and every token issued under it stop working at once. */
export function rotateSecret(
  admin: AdminContext,
  clientId: string,
): { clientId: string; clientSecret: string } {
  const clientSecret = newSecret();
  if (!admin.ctx.clients.replaceSecret(clientId, hashSecret(clientSecret))) {
    throw new ApiProblem('client-not-found', `Client ${clientId} not found.`);
  }
  return { clientId, clientSecret };
}

export function deleteClient(admin: AdminContext, clientId: string): void {
  if (!admin.ctx.clients.delete(clientId))
    throw new ApiProblem('client-not-found', `Client ${clientId} not found.`);
}

export function listReminders(
  admin: AdminContext,
  destinationId: string | undefined,
): { reminders: Reminder[] } {
  if (destinationId !== undefined) destinationOf(admin, destinationId);
  return { reminders: admin.ctx.reminders.list(destinationId) };
}
