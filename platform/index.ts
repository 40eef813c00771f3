import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdminServer } from './admin-server';
import { newSecret, TokenService } from './auth';
import { CallbackSender } from './callbacks';
import { type ChaosConfig, type ChaosKind, type ChaosSettings, ChaosSwitch } from './chaos';
import { type Clock, systemClock } from './clock';
import type { PlatformContext } from './context';
import { type DemoCredentials, provisionDemo } from './demo';
import { EventLog } from './event-log';
import { type HousekeepingResult, runHousekeeping } from './housekeeping';
import { generateRsa4096, type RsaKeyPairFactory } from './keys';
import { platformRoutes } from './routes';
import { type SeedOptions, seedDemoSubmissions } from './sender/seed';
import { createPlatformHandler } from './server';
import { loadServiceKeys } from './service-key';
import { demoCatalog } from './services';
import { CALLBACK_RETRY_DELAYS_MS, DEFAULT_LIMITS, FIT_CONNECT, type PlatformLimits } from './settings';
import { ClientRepository } from './store/clients';
import { openPlatformDatabase } from './store/database';
import { DestinationRepository, type DestinationStatus } from './store/destinations';
import { EventRepository } from './store/events';
import { readMeta, writeMeta } from './store/meta';
import { PartFiles } from './store/part-files';
import { ReminderRepository } from './store/reminders';
import { ServiceRepository } from './store/services';
import { SubmissionRepository } from './store/submissions';
import { prepareZbp, type ZbpInfo } from './zbp';

export type { ChaosSettings } from './chaos';
export type { Clock, ManualClock } from './clock';
export { manualClock } from './clock';
export type { DemoCredentials, DemoDepartment, DemoDestination } from './demo';
export type { HousekeepingResult } from './housekeeping';
export type { ZbpInfo } from './zbp';

export interface PlatformOptions {
  /** Where the SQLite database, the attachment files and the demo credentials live (survives restarts). */
  dataDir: string;
  /** 0 (default) picks a free port; the CLI uses 8470. */
  port?: number;
  /** Port of the loopback admin listener; 0 (default) picks a free one. */
  adminPort?: number;
  clock?: Clock;
  chaos?: ChaosSettings;
  /** Sends demo applications through the sender endpoints once the platform listens. */
  seedDemo?: boolean | SeedOptions;
  /** Makes the RSA-4096 keys (service, demo destinations); tests pass a pool of pre-made pairs. */
  keyFactory?: RsaKeyPairFactory;
  limits?: Partial<PlatformLimits>;
  /** The admin API's bearer token; by default made at first start and kept in `<dataDir>/admin-token`. */
  adminToken?: string;
  /** Pauses before each retry of a failed callback (default CALLBACK_RETRY_DELAYS_MS). */
  callbackRetryDelaysMs?: readonly number[];
}

export interface PlatformAdmin {
  chaos(): ChaosConfig;
  setChaos(settings: ChaosSettings): ChaosConfig;
  /** Faults injected so far, by kind. */
  injectedFaults(): Readonly<Record<ChaosKind, number>>;
  /** Runs the 14-day auto-reject now (it also runs before every request); returns how many were rejected. */
  rejectOverdue(): Promise<number>;
  /** Runs every deadline now (reminders, auto-reject, deletion); it also runs before every request. */
  housekeeping(): Promise<HousekeepingResult>;
  /** Resolves once every callback under way was answered with 2xx or given up. */
  callbacksSettled(): Promise<void>;
  setDestinationStatus(destinationId: string, status: DestinationStatus): boolean;
}

export interface RunningPlatform {
  /** Base URL of the Submission API (paths start with /v1). */
  url: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Base URL of the admin API (paths start with /admin). */
  adminUrl: string;
  /** Bearer token of the admin API. */
  adminToken: string;
  /** `iss` of the platform's own SETs (its URL at first start; kept across restarts). */
  issuer: string;
  demo: DemoCredentials;
  /** What `seedDemo` sent (failures carry codes only), when it was asked for. */
  seeded?: { sent: number; failed: number };
  admin: PlatformAdmin;
  /** The BundID mailbox (ZBP) destination and its citizen pages (`url` + `zbp.mailboxPath(uuid)`). */
  zbp: ZbpInfo;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/** The admin token kept in the data directory (owner-readable only), made at first start. */
async function adminTokenOf(dataDir: string): Promise<string> {
  const file = adminTokenPath(dataDir);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = newSecret();
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

/** Starts the local FIT-Connect-compatible platform on 127.0.0.1, in-process. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const clock = options.clock ?? systemClock;
  const makeKeyPair = options.keyFactory ?? generateRsa4096;
  await mkdir(options.dataDir, { recursive: true });
  const db = openPlatformDatabase(options.dataDir);
  const destinations = new DestinationRepository(db);
  const clients = new ClientRepository(db);
  const submissions = new SubmissionRepository(db);
  const events = new EventRepository(db);
  const serviceKeys = await loadServiceKeys(db, makeKeyPair, clock);
  const demo = await provisionDemo({ destinations, clients }, makeKeyPair, options.dataDir, clock);
  const zbpSite = await prepareZbp({ destinations, clients }, options.dataDir, makeKeyPair, clock);
  const services = new ServiceRepository(db);
  if (readMeta(db, 'services-seeded') === undefined) {
    for (const service of demoCatalog()) services.insert(service, clock());
    writeMeta(db, 'services-seeded', '1');
  }
  const adminToken = options.adminToken ?? (await adminTokenOf(options.dataDir));
  const chaos = new ChaosSwitch(options.chaos);

  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const issuer = readMeta(db, 'issuer') ?? url;
  writeMeta(db, 'issuer', issuer);

  const ctx: PlatformContext = {
    db,
    clock,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    destinations,
    clients,
    submissions,
    events,
    services,
    reminders: new ReminderRepository(db),
    callbacks: new CallbackSender(
      destinations,
      clock,
      options.callbackRetryDelaysMs ?? CALLBACK_RETRY_DELAYS_MS,
    ),
    parts: new PartFiles(join(options.dataDir, 'parts')),
    eventLog: new EventLog(events, serviceKeys.signingKey, issuer, clock),
    tokens: new TokenService(clients, clock),
    serviceJwks: serviceKeys.jwks,
  };
  let sweeping: Promise<HousekeepingResult> | undefined;
  const sweep = () => {
    sweeping ??= runHousekeeping(ctx).finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };
  const zbp = zbpSite.start(ctx);
  const adminServer = createAdminServer({
    ctx,
    protectedDestinations: new Set([zbp.destinationId]),
    chaos,
    adminToken,
    housekeeping: sweep,
  });
  const router = platformRoutes(ctx);
  zbp.addRoutes(router);
  // The ZBP decides what was submitted to it before each request, so a sender reading its event log next sees the outcome.
  const beforeEach = async () => {
    await sweep();
    await zbp.processPending();
  };
  // Attached in the same tick as the listener became known: no request can arrive before.
  server.on('request', createPlatformHandler({ router, chaos, beforeEach }, server));
  const adminPort = await listen(adminServer, options.adminPort ?? 0);

  const platform: RunningPlatform = {
    url,
    tokenUrl: url + FIT_CONNECT.tokenPath,
    jwksUrl: url + FIT_CONNECT.jwksPath,
    adminUrl: `http://127.0.0.1:${adminPort}/admin`,
    adminToken,
    issuer,
    demo,
    admin: {
      chaos: () => chaos.get(),
      setChaos: (settings) => chaos.set(settings),
      injectedFaults: () => ({ ...chaos.injected }),
      rejectOverdue: async () => (await sweep()).rejected,
      housekeeping: sweep,
      callbacksSettled: () => ctx.callbacks.settled(),
      setDestinationStatus: (destinationId, status) => destinations.setStatus(destinationId, status),
    },
    zbp,
    async close() {
      ctx.callbacks.close();
      await Promise.all([closeServer(server), closeServer(adminServer)]);
      zbp.close();
      db.close();
    },
  };
  if (options.seedDemo) {
    const result = await seedDemoSubmissions(platform, options.seedDemo === true ? {} : options.seedDemo);
    platform.seeded = { sent: result.sent.length, failed: result.failed.length };
    zbp.registerDemoMailboxes(result.sent);
  }
  return platform;
}
