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
import { ApiError } from '../../shared/api/result';
import type { SyncSummary } from '../api/contract';
import { appVersion } from '../app/version';
import { AuthError } from '../auth/errors';
import { discoverProvider } from '../auth/oidc';
import { createMemorySecretStore } from '../auth/secret-store';
import type { Logger } from '../log/logger';
import { openPostgresStore } from '../postgres';
import { deleteOrphanContents } from '../postgres/attachments';
import { checkPostgresAuditTrail } from '../postgres/audit';
import { postgresCommandLedger } from '../postgres/commands';
import { importWorkstationProfile } from '../profile/import';
import { loadCallbackSecret } from '../profile/stored';
import { createMemoryStore } from '../settings/user-settings';
import { accessTokenVerifier } from './access-tokens';
import { browserSessions } from './browser-sessions';
import { type Department, openDepartment } from './department';
import { type EventBus, startEventBus } from './event-bus';
import type { IntakeState } from './health';
import { startFront } from './http';
import { type Intake, type IntakeDepartment, startIntake } from './intake';

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
  /** How often contents no attachment refers to are looked for and deleted; default hourly. */
  orphanSweepMs?: number;
}

export interface DepartmentService {
  /** Where the service listens, e.g. `https://127.0.0.1:8443`. */
  url: string;
  /** Each destination's role on this instance (for `/readyz`). */
  intake: IntakeState;
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
    const bus = await startEventBus(pool, log);
    closing.push(() => bus.close());
    const intakeDepartments: IntakeDepartment[] = [];
    const sync = (department: string) => syncThroughIntake(bus, intake, intakeDepartments, department);
    for (const input of options.profiles) {
      const opened = await openDepartmentOnPostgres(input, options, sync, now);
      if (opened === null) continue;
      closing.push(() => opened.department.close());
      departments.set(opened.department.id, opened.department);
      intakeDepartments.push(opened.intake);
    }
    // Every instance runs the intake; one holds each destination and syncs it (main/server/intake).
    const published = (error: unknown) => log.warn('events.publish-failed', { error: (error as Error).name });
    const intake: Intake = startIntake({
      pool,
      departments: intakeDepartments,
      log,
      onProgress: (department, progress) =>
        void bus.publish({ kind: 'sync', department, progress }).catch(published),
      onSynced: (department, _destinationId, { listed, fetched, failed, gone }) =>
        void bus
          .publish({ kind: 'synced', department, summary: { listed, fetched, failed, gone } })
          .catch(published),
    });
    closing.push(() => intake.close());
    const sweep = sweepOrphanContents([...departments.keys()], options, now);
    closing.push(async () => clearInterval(sweep));
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
      anonymousRequests: [
        ...(options.operationsRequest ? [options.operationsRequest] : []),
        (req, res) => req.method === 'POST' && intake.callbackRequest(req, res),
      ],
      rendererDir: options.rendererDir,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      ...(options.publicUrl && { publicUrl: options.publicUrl }),
      log,
    });
    publicUrl = front.publicUrl;
    closing.push(() => front.close());
    log.info('service.listening', { departments: departments.size });
    return { url: front.url, intake, close: closeAll };
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
  sync: (department: string) => Promise<SyncSummary>,
  now: () => Date,
): Promise<{ department: Department; intake: IntakeDepartment } | null> {
  const secrets = createMemorySecretStore();
  const profile = await importWorkstationProfile(input, {
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
  // A department whose audit chain is broken is not served: its records can no longer be vouched for,
  // and IT must look (Administration's integrity check names the entry). The others are served.
  const audit = await checkPostgresAuditTrail({ pool: options.pool, department: id, full: false, now });
  if (!audit.intact) {
    options.log.error('service.department-refused', {
      department: id,
      reason: 'audit-chain-broken',
      breakAt: audit.firstBreak?.id ?? null,
      breakReason: audit.firstBreak?.reason ?? null,
      anchor: audit.anchor,
    });
    return null;
  }
  const store = openPostgresStore({ pool: options.pool, department: id, masterKey: options.masterKey, now });
  for (const name of secrets.names()) {
    const value = await secrets.get(name);
    if (value !== null) await store.secrets.put(name, value);
  }
  const dataDir = join(options.dataDir, 'departments', id);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const department = await openDepartment({
    store,
    profile,
    log: options.log,
    version: appVersion,
    dataDir,
    sync,
    commands: postgresCommandLedger(options.pool, id, now),
    now,
  });
  const { subscribers } = department.services;
  return {
    department,
    intake: {
      id,
      destinationIds: profile.destinations.map((destination) => destination.destinationId),
      syncDestination: (destinationId, onProgress) =>
        subscribers.syncDestination(id, destinationId, onProgress),
      callbackSecret: async (destinationId) => {
        const destination = profile.destinations.find((d) => d.destinationId === destinationId);
        return destination && loadCallbackSecret(store.secrets, destination);
      },
    },
  };
}

/** Contents younger than this may be about to be linked by an intake on another instance. */
const ORPHAN_AGE_MS = 60 * 60_000;

/**
 * Attachment contents whose intake failed after writing them are deleted now and then (deleteOrphanContents),
 * by every instance: the delete is idempotent, and a department's contents are few to look through.
 */
function sweepOrphanContents(
  departments: readonly string[],
  options: DepartmentServiceOptions,
  now: () => Date,
): NodeJS.Timeout {
  const sweep = async () => {
    for (const department of departments) {
      const writtenBefore = new Date(now().getTime() - ORPHAN_AGE_MS);
      try {
        const deleted = await deleteOrphanContents({ pool: options.pool, department, writtenBefore });
        if (deleted > 0) options.log.info('attachments.orphans-deleted', { department, count: deleted });
      } catch (error) {
        options.log.warn('attachments.orphan-sweep-failed', { department, error: (error as Error).name });
      }
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), options.orphanSweepMs ?? ORPHAN_AGE_MS);
  timer.unref();
  return timer;
}

/** How long a person's "Synchronisieren" waits for the holders of the department's destinations. */
const SYNC_WAIT_MS = 10 * 60_000;

/**
 * Wakes the intake holders of the department's destinations (on whichever instance they are) and adds up
 * what each reports when its sync ends.
 */
async function syncThroughIntake(
  bus: EventBus,
  intake: Intake,
  departments: readonly IntakeDepartment[],
  department: string,
): Promise<SyncSummary> {
  const expected = departments.find((candidate) => candidate.id === department)?.destinationIds.length ?? 0;
  const total: SyncSummary = { listed: 0, fetched: 0, failed: 0, gone: 0 };
  if (expected === 0) return total;
  let stop: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const finished = new Promise<SyncSummary>((resolve, reject) => {
    let reported = 0;
    stop = bus.subscribe((event) => {
      if (event.kind !== 'synced' || event.department !== department) return;
      for (const key of ['listed', 'fetched', 'failed', 'gone'] as const) total[key] += event.summary[key];
      if (++reported === expected) resolve(total);
    });
    timer = setTimeout(
      () => reject(new ApiError('unavailable', 'No instance holds the destinations of this department now.')),
      SYNC_WAIT_MS,
    );
  });
  try {
    await intake.requestSync(department);
    return await finished;
  } finally {
    stop();
    clearTimeout(timer);
  }
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
