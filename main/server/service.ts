/**
 * The department service: the contract over HTTPS for many people of many departments at once, from one
 * PostgreSQL store. Each department's services are composed on its department-scoped store; the person of
 * each call comes from their OpenID Connect access token (or the browser session that holds it), never from
 * process state. Events reach each department's clients over Server-Sent Events fed by LISTEN/NOTIFY, so a
 * change made through one instance is seen by the clients of every instance.
 */
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { appVersion } from '../app/version';
import { AuthError } from '../auth/errors';
import { discoverProvider } from '../auth/oidc';
import { createMemorySecretStore } from '../auth/secret-store';
import type { Logger } from '../log/logger';
import { openPostgresStore } from '../postgres';
import { importProfile } from '../profile/import';
import { createMemoryStore } from '../settings/user-settings';
import { accessTokenVerifier } from './access-tokens';
import { browserSessions } from './browser-sessions';
import { type Department, openDepartment } from './department';
import { startEventBus } from './event-bus';
import { startFront } from './http';

export interface IdentityProviderSettings {
  /** The provider's issuer, exactly as it names itself in its tokens. */
  issuer: string;
  /** The audience this service's access tokens are issued for (its resource indicator). */
  audience: string;
  /** The provider's JWKS; by default the `jwks_uri` of its discovery document. */
  jwksUri?: string;
  /** The client the service signs browsers in as (authorization code with PKCE). */
  clientId: string;
  /** Claim names and role values as in the department profiles (`main/auth/claims.ts`). */
  claimNames?: { department?: string; roles?: string; displayName?: string };
  roleMap?: Readonly<Record<string, string>>;
  /** Only for a provider on `http://127.0.0.1` (the demo and tests). */
  allowInsecureRequests?: boolean;
}

export interface DepartmentServiceOptions {
  /** The shared store; one dedicated client per instance is opened with the same settings for LISTEN. */
  pool: Pool;
  /** The key that encrypts the secrets and attachments at rest (IT provides it from a file or the environment). */
  masterKey: Uint8Array;
  /** The department profiles: file paths or parsed JSON, imported (secrets into the store) at start. */
  profiles: readonly (string | object)[];
  identityProvider: IdentityProviderSettings;
  /** PEM key and certificate; none only for tests and behind a TLS-terminating proxy on loopback. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The built renderer (`out/renderer`) served to browsers. */
  rendererDir: string;
  /** Staging of archive packages and other scratch files of this instance. */
  dataDir: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The address people reach the service at, if not the one it listens on (behind a proxy). */
  publicUrl?: string;
  /**
   * Answers requests that need no person (health and readiness); returns true when it answered. Runs
   * before authentication.
   */
  operationsRequest?: (request: IncomingMessage, response: ServerResponse) => boolean;
  log: Logger;
  now?: () => Date;
}

export interface DepartmentService {
  /** Where the service listens, e.g. `https://127.0.0.1:8443`. */
  url: string;
  close(): Promise<void>;
}

export async function startDepartmentService(options: DepartmentServiceOptions): Promise<DepartmentService> {
  const now = options.now ?? (() => new Date());
  const { pool, log } = options;
  const departments = new Map<string, Department>();
  const closing: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
  };
  try {
    for (const input of options.profiles) {
      const department = await openDepartmentOnPostgres(input, options, now);
      closing.push(() => department.close());
      departments.set(department.id, department);
    }
    const bus = await startEventBus(pool, log);
    closing.push(() => bus.close());
    const jwksUri = options.identityProvider.jwksUri ?? (await discoveredJwksUri(options.identityProvider));
    let publicUrl = options.publicUrl ?? '';
    const front = await startFront({
      departments,
      bus,
      verify: accessTokenVerifier(options.identityProvider, jwksUri, now),
      sessions: browserSessions({
        identityProvider: options.identityProvider,
        masterKey: options.masterKey,
        publicUrl: () => publicUrl,
        log,
        now,
      }),
      ...(options.tls && { tls: options.tls }),
      ...(options.operationsRequest && { operationsRequest: options.operationsRequest }),
      rendererDir: options.rendererDir,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      ...(options.publicUrl && { publicUrl: options.publicUrl }),
      log,
    });
    publicUrl = front.publicUrl;
    closing.push(() => front.close());
    log.info('service.listening', { departments: departments.size });
    return { url: front.url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * A department from its profile: the profile checked whole (its secrets first into memory, so nothing is
 * written for a refused one), its secrets into the department's key store, its services on its store.
 */
async function openDepartmentOnPostgres(
  input: string | object,
  options: DepartmentServiceOptions,
  now: () => Date,
): Promise<Department> {
  const secrets = createMemorySecretStore();
  const profile = await importProfile(input, {
    secretStore: secrets,
    settingsStore: createMemoryStore(),
    now: now(),
    // A profile given as JSON names its relative folders from the data folder; a file, from its own.
    ...(typeof input === 'object' && { baseDir: options.dataDir }),
  });
  if (profile.demo) {
    // The demo's Fachverfahren and DMS are folders, made here as the workstation's demo makes them.
    for (const target of [profile.handover, profile.archive]) {
      if (target.kind === 'hotFolder') await mkdir(target.path, { recursive: true, mode: 0o700 });
    }
  }
  const id = profile.department.id;
  const store = openPostgresStore({ pool: options.pool, department: id, masterKey: options.masterKey, now });
  for (const name of secrets.names()) {
    const value = await secrets.get(name);
    if (value !== null) await store.secrets.put(name, value);
  }
  const dataDir = join(options.dataDir, 'departments', id);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return openDepartment({ store, profile, log: options.log, version: appVersion, dataDir, now });
}

async function discoveredJwksUri(settings: IdentityProviderSettings): Promise<string> {
  const config = await discoverProvider(settings, {
    allowInsecureRequests: settings.allowInsecureRequests === true,
    timeoutSeconds: 15,
  });
  const uri = config.serverMetadata().jwks_uri;
  if (uri === undefined) throw new AuthError('idp-invalid-response');
  return uri;
}
